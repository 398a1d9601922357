import { Form } from "@remix-run/react";
import { ErrorSummary, Field } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { commentSchema } from "~/schemas/rectification";
import { formatDateTime } from "~/utils/dates";
import type { Role } from "~/domain/vocabulary";
import { msgs, t } from "~/utils/i18n";

export type CommentRow = { id: string; body: string; createdAt: string | Date; authorName: string; authorRole: Role };

/**
 * One item's conversation between the institution and the regulator. The new comment's form is
 * on the form kit: `formId` matches the action's `rejectForm(..., { form })`, `fieldId` keeps the
 * textarea's id unique where a page shows several threads.
 */
export function CommentThread({
  comments,
  formId,
  fieldId = "comment-body",
  hiddenFields,
}: {
  comments: CommentRow[];
  formId: string;
  fieldId?: string;
  hiddenFields: Record<string, string>;
}) {
  const { onSubmit, errorFor, errors, register, busy } = useValidatedForm<{ body: string }>(commentSchema, {
    formId,
    defaultValues: { body: "" },
  });
  return (
    <section className="card" id="comments">
      <h2>{t("institution.comments")}</h2>
      {comments.length === 0 ? (
        <p className="muted">{t("institution.commentsNone")}</p>
      ) : (
        <ol className="comment-list">
          {comments.map((c) => (
            <li key={c.id} className={`comment comment--${c.authorRole === "regulator" ? "regulator" : "institution"}`}>
              <div className="comment__meta">
                <strong>{c.authorName}</strong> <small>{msgs().roles[c.authorRole]}</small> <small>{formatDateTime(c.createdAt)}</small>
              </div>
              <p>{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      <ErrorSummary errors={errors} ids={{ body: fieldId }} />
      <Form method="post" noValidate onSubmit={onSubmit} className="comment-form">
        {Object.entries(hiddenFields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <Field id={fieldId} label={t("institution.commentLabel")} error={errorFor("body")} required>
          {(aria) => <textarea {...aria} placeholder={t("institution.commentPlaceholder")} {...register("body")} />}
        </Field>
        <div className="actions">
          <button type="submit" className="button button--secondary" disabled={busy}>
            {t("institution.commentSend")}
          </button>
        </div>
      </Form>
    </section>
  );
}
