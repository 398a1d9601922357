import { Form } from "@remix-run/react";
import { formatDateTime } from "~/utils/dates";
import type { Role } from "~/domain/vocabulary";
import { msgs, t } from "~/utils/i18n";

export type CommentRow = { id: string; body: string; createdAt: string | Date; authorName: string; authorRole: Role };

/** One item's conversation between the institution and the regulator. */
export function CommentThread({
  comments,
  error,
  hiddenFields,
}: {
  comments: CommentRow[];
  error?: string;
  hiddenFields: Record<string, string>;
}) {
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
      <Form method="post" className="comment-form">
        {Object.entries(hiddenFields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <label className="field__label" htmlFor="comment-body">
          {t("institution.commentLabel")}
        </label>
        <textarea
          id="comment-body"
          name="body"
          placeholder={t("institution.commentPlaceholder")}
          aria-invalid={error ? true : undefined}
          required
        />
        {error ? (
          <span className="field__error" role="alert">
            {error}
          </span>
        ) : null}
        <div className="actions">
          <button type="submit" className="button button--secondary">
            {t("institution.commentSend")}
          </button>
        </div>
      </Form>
    </section>
  );
}
