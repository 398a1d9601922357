import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getDiffPage, type ItemChange } from "~/models/checklist-version.server";
import { db } from "~/utils/db.server";
import type { InstitutionKind } from "~/domain/vocabulary";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("checklists.diff.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const url = new URL(request.url);
  return getDiffPage(db, scope, url.searchParams.get("from") ?? undefined, url.searchParams.get("to") ?? undefined);
}

function show(value: ItemChange["before"]) {
  if (value === null || value === "") return t("checklists.diff.empty");
  if (typeof value === "boolean") return value ? t("checklists.diff.yes") : t("checklists.diff.no");
  if (Array.isArray(value)) return value.map((k) => msgs().kinds[k as InstitutionKind] ?? k).join("、");
  return value;
}

export default function ChecklistDiffPage() {
  const { choices, diff } = useLoaderData<typeof loader>();
  const label = (c: { title: string; version: number; status: "draft" | "published" }) =>
    `${t("checklists.versionOf", { title: c.title, version: c.version })}${c.status === "draft" ? `（${t("checklists.status.draft")}）` : ""}`;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/checklists">{t("checklists.title")}</Link> / {t("checklists.diff.title")}
      </nav>
      <h1>{t("checklists.diff.title")}</h1>
      <p className="muted">{t("checklists.diff.intro")}</p>
      <Form method="get" className="filters">
        <div className="field">
          <label className="field__label" htmlFor="diff-from">
            {t("checklists.diff.from")}
          </label>
          <select id="diff-from" name="from" defaultValue={diff?.from.id ?? ""}>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {label(c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="diff-to">
            {t("checklists.diff.to")}
          </label>
          <select id="diff-to" name="to" defaultValue={diff?.to.id ?? ""}>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {label(c)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          {t("checklists.diff.compare")}
        </button>
      </Form>
      {diff ? (
        <>
          <p>
            <strong>{t("checklists.diff.from")}</strong>：<Link to={`/reg/checklists/${diff.from.id}`}>{label(diff.from)}</Link>
            <br />
            <strong>{t("checklists.diff.to")}</strong>：<Link to={`/reg/checklists/${diff.to.id}`}>{label(diff.to)}</Link>
          </p>
          <ItemListSection kind="added" items={diff.added} />
          <ItemListSection kind="removed" items={diff.removed} />
          <section className="card" id="diff-changed">
            <h2>{t("checklists.diff.changed", { count: diff.changed.length })}</h2>
            {diff.changed.length === 0 ? <p className="muted">{t("checklists.diff.none")}</p> : null}
            {diff.changed.map((pair) => (
              <div key={pair.to.id} className="clist-change">
                <h3>
                  <span className="clist-code">{pair.to.code}</span> {pair.to.title}
                </h3>
                {pair.changes.map((change) => (
                  <div key={change.field} className="clist-change__field">
                    <div className="clist-change__label">{msgs().checklists.diff.fields[change.field]}</div>
                    <div className="clist-compare">
                      <div className="clist-old">
                        <span className="clist-side">{t("checklists.diff.before")}</span>
                        {show(change.before)}
                      </div>
                      <div className="clist-new">
                        <span className="clist-side">{t("checklists.diff.after")}</span>
                        {show(change.after)}
                      </div>
                    </div>
                  </div>
                ))}
              </div>
            ))}
            {diff.unchangedCount > 0 ? <p className="muted">{t("checklists.diff.unchanged", { count: diff.unchangedCount })}</p> : null}
          </section>
        </>
      ) : null}
    </>
  );
}

/** Items only in the newer version (added) or only in the older one (removed). */
function ItemListSection({
  kind,
  items,
}: {
  kind: "added" | "removed";
  items: { id: string; code: string; section: string; title: string }[];
}) {
  return (
    <section className="card" id={`diff-${kind}`}>
      <h2>{t(`checklists.diff.${kind}`, { count: items.length })}</h2>
      {items.length === 0 ? <p className="muted">{t("checklists.diff.none")}</p> : null}
      <ul className="clist-items">
        {items.map((item) => (
          <li key={item.id} className={`clist-item clist-item--${kind}`}>
            <span className="clist-code">{item.code}</span> <span className="muted">{item.section}</span> {item.title}
          </li>
        ))}
      </ul>
    </section>
  );
}
