import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ChecklistStatusBadge } from "~/components/checklist-status-badge";
import {
  discardDraft,
  getVersionDetail,
  moveDraftItem,
  publishVersion,
  removeDraftItem,
  restoreParentItem,
} from "~/models/checklist-version.server";
import { draftActionSchema } from "~/schemas/checklist";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/dates";
import type { InstitutionKind } from "~/domain/vocabulary";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data ? t("checklists.versionOf", { title: data.version.title, version: data.version.version }) : ""} · ${t("app.fullName")}`,
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return getVersionDetail(db, scope, params.versionId);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const parsed = parseForm(draftActionSchema, await request.formData());
  if (!parsed.ok) return data({ error: t("errors.badRequest") }, { status: 400 });
  const here = `/reg/checklists/${params.versionId}`;
  const input = parsed.data;
  switch (input.intent) {
    case "publish": {
      const result = await publishVersion(db, scope, params.versionId);
      if (!result.ok) return data({ error: result.error }, { status: 409 });
      return redirectWithFlash(here, t("checklists.editor.published", { version: result.value.version }));
    }
    case "discard": {
      const result = await discardDraft(db, scope, params.versionId);
      if (!result.ok) return data({ error: result.error }, { status: 409 });
      return redirectWithFlash("/reg/checklists", t("checklists.editor.discarded"));
    }
    case "disable": {
      const result = await removeDraftItem(db, scope, params.versionId, input.itemId);
      if (!result.ok) return data({ error: result.error }, { status: 409 });
      const message = result.value.isInherited ? "checklists.editor.disabledFlash" : "checklists.editor.removedFlash";
      return redirectWithFlash(`${here}#disabled`, t(message, { code: result.value.code }));
    }
    case "restore": {
      const result = await restoreParentItem(db, scope, params.versionId, input.parentItemId);
      if (!result.ok) return data({ error: result.error }, { status: 409 });
      return redirectWithFlash(`${here}#item-${result.value.code}`, t("checklists.editor.restoredFlash", { code: result.value.code }));
    }
    case "move": {
      const result = await moveDraftItem(db, scope, params.versionId, input.itemId, input.direction);
      if (!result.ok) return data({ error: result.error }, { status: 409 });
      return redirectWithFlash(`${here}#item-${input.itemId}`, t("common.saved"));
    }
  }
}

function kindsLabel(kinds: string[]) {
  return kinds.map((k) => msgs().kinds[k as InstitutionKind] ?? k).join("、");
}

export default function ChecklistVersionPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const v = d.version;
  const editable = v.isEditable;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/checklists">{t("checklists.title")}</Link> / {t("checklists.version", { version: v.version })}
      </nav>
      <div className="page-head">
        <div>
          <h1>{v.title}</h1>
          <p>
            {t("checklists.issuedBy", { issuer: v.issuer, docNumber: v.docNumber, year: v.year })} ·{" "}
            {t("checklists.version", { version: v.version })}
          </p>
        </div>
        <ChecklistStatusBadge status={v.status} />
      </div>

      <section className="card">
        <dl className="facts clist-facts">
          <dt>{t("checklists.view.parent")}</dt>
          <dd>
            {d.parent ? (
              <>
                {d.isParentVisible ? (
                  <Link to={`/reg/checklists/${d.parent.id}`}>
                    {t("checklists.versionOf", { title: d.parent.title, version: d.parent.version })}
                  </Link>
                ) : (
                  t("checklists.versionOf", { title: d.parent.title, version: d.parent.version })
                )}
                {d.isParentVisible ? (
                  <>
                    {" · "}
                    <Link to={`/reg/checklists/diff?from=${d.parent.id}&to=${v.id}`}>{t("checklists.diffWithParent")}</Link>
                  </>
                ) : null}
              </>
            ) : (
              t("checklists.noParent")
            )}
          </dd>
          <dt>{t("checklists.columns.items")}</dt>
          <dd>{t("checklists.itemsCount", { count: d.itemCount })}</dd>
          {v.createdByName ? (
            <>
              <dt>{t("checklists.view.createdBy")}</dt>
              <dd>{v.createdByName}</dd>
            </>
          ) : null}
          {v.publishedAt ? (
            <>
              <dt>{t("checklists.columns.publishedAt")}</dt>
              <dd>{formatDateTime(v.publishedAt)}</dd>
            </>
          ) : null}
          <dt>{t("checklists.columns.campaigns")}</dt>
          <dd>{t("checklists.usedBy", { count: d.campaignCount })}</dd>
        </dl>
        <p className="muted">
          {v.status === "published"
            ? t("checklists.view.publishedNotice")
            : editable
              ? t("checklists.view.draftNotice")
              : t("checklists.view.readonlyDraft")}
        </p>
        {actionData?.error ? (
          <div className="form-alert" role="alert">
            {actionData.error}
          </div>
        ) : null}
        <div className="actions">
          {editable ? (
            <>
              <Link className="button button--secondary" to={`/reg/checklists/${v.id}/items/new`}>
                {t("checklists.editor.addItem")}
              </Link>
              <Form
                method="post"
                onSubmit={(event) => {
                  if (!window.confirm(t("checklists.editor.publishConfirm"))) event.preventDefault();
                }}
              >
                <button type="submit" name="intent" value="publish" className="button" disabled={busy || d.itemCount === 0}>
                  {t("checklists.editor.publish")}
                </button>
              </Form>
              <Form
                method="post"
                onSubmit={(event) => {
                  if (!window.confirm(t("checklists.editor.discardConfirm"))) event.preventDefault();
                }}
              >
                <button type="submit" name="intent" value="discard" className="button button--secondary clist-danger" disabled={busy}>
                  {t("checklists.editor.discard")}
                </button>
              </Form>
            </>
          ) : null}
          {v.status === "published" ? (
            <Link className="button" to={`/reg/checklists/${v.id}/derive`}>
              {t("checklists.deriveButton")}
            </Link>
          ) : null}
          <a className="button button--secondary" href={`/reg/checklists/${v.id}/export`}>
            {t("checklists.exportXlsx")}
          </a>
        </div>
      </section>

      {d.sections.length === 0 ? <p className="card">{t("checklists.view.noItems")}</p> : null}
      {d.sections.map((group) => (
        <section key={group.section} className="card">
          <h2>
            {group.section} <span className="muted">{t("checklists.itemsCount", { count: group.items.length })}</span>
          </h2>
          <ol className="clist-items">
            {group.items.map((item, index) => (
              <li key={item.id} id={`item-${item.id}`} className="clist-item">
                <span id={`item-${item.code}`} />
                <div className="clist-item__head">
                  <span className="clist-code">{item.code}</span>
                  <strong className="clist-item__title">{item.title}</strong>
                  {item.isInherited ? null : <span className="badge clist-badge--local">{t("checklists.view.local")}</span>}
                  {item.isGuidanceRewritten ? <span className="badge clist-badge--rewritten">{t("checklists.view.rewritten")}</span> : null}
                </div>
                <p className="clist-meta">
                  {item.domain ? `${t("checklists.view.domain")}：${item.domain} · ` : null}
                  {t("checklists.view.appliesTo")}：{kindsLabel(item.appliesTo)} ·{" "}
                  {item.isEvidenceRequired ? t("checklists.view.evidenceRequired") : t("checklists.view.evidenceOptional")}
                </p>
                {item.isGuidanceRewritten && item.official ? (
                  <div className="clist-compare">
                    <div>
                      <h3>{t("checklists.view.officialGuidance")}</h3>
                      <p>{item.official.guidance}</p>
                    </div>
                    <div>
                      <h3>{t("checklists.view.localGuidance")}</h3>
                      <p>{item.guidance}</p>
                    </div>
                  </div>
                ) : (
                  <p className="clist-guidance">
                    <span className="muted">{t("checklists.view.guidance")}：</span>
                    {item.guidance}
                  </p>
                )}
                {item.legalBasis ? (
                  <p className="clist-meta">
                    {t("checklists.view.legalBasis")}：{item.legalBasis}
                  </p>
                ) : null}
                {editable ? (
                  <div className="clist-actions">
                    <Link className="button button--secondary button--small" to={`/reg/checklists/${v.id}/items/${item.id}`}>
                      {t("checklists.editor.editItem")}
                    </Link>
                    <Form method="post">
                      <input type="hidden" name="itemId" value={item.id} />
                      <input type="hidden" name="direction" value="up" />
                      <button
                        type="submit"
                        name="intent"
                        value="move"
                        className="button button--secondary button--small"
                        disabled={busy || index === 0}
                      >
                        {t("checklists.editor.moveUp")}
                      </button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="itemId" value={item.id} />
                      <input type="hidden" name="direction" value="down" />
                      <button
                        type="submit"
                        name="intent"
                        value="move"
                        className="button button--secondary button--small"
                        disabled={busy || index === group.items.length - 1}
                      >
                        {t("checklists.editor.moveDown")}
                      </button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="itemId" value={item.id} />
                      <button
                        type="submit"
                        name="intent"
                        value="disable"
                        className="button button--secondary button--small clist-danger"
                        disabled={busy}
                      >
                        {item.isInherited ? t("checklists.editor.disable") : t("checklists.editor.remove")}
                      </button>
                    </Form>
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ))}

      {editable && d.disabledCount > 0 ? (
        <section className="card" id="disabled">
          <h2>{t("checklists.editor.disabledTitle", { count: d.disabledCount })}</h2>
          <p className="muted">{t("checklists.editor.disabledHint")}</p>
          {d.disabled.map((group) => (
            <div key={group.section}>
              <h3>{group.section}</h3>
              <ul className="clist-items">
                {group.items.map((item) => (
                  <li key={item.id} className="clist-item clist-item--disabled">
                    <div className="clist-item__head">
                      <span className="clist-code">{item.code}</span>
                      <span className="clist-item__title">{item.title}</span>
                      <span className="badge">{t("checklists.editor.disabledBadge")}</span>
                    </div>
                    <Form method="post" className="clist-actions">
                      <input type="hidden" name="parentItemId" value={item.id} />
                      <button
                        type="submit"
                        name="intent"
                        value="restore"
                        className="button button--secondary button--small"
                        disabled={busy}
                      >
                        {t("checklists.editor.restore")}
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      ) : null}
    </>
  );
}
