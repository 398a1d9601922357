// Step 2 of the import: the preview tree as one plain form. Every button posts the whole form,
// so edits typed anywhere are kept whichever button is pressed (works without JavaScript).
import { Form, Link } from "@remix-run/react";
import { MARKER_ROLES } from "~checklists/parse-text";
import type { PreviewTree } from "~/schemas/checklist-import";
import { CHECKLIST_SECTIONS, INSTITUTION_KINDS } from "~/domain/vocabulary";
import { msgs, t } from "~/utils/i18n";

type Props = {
  tree: PreviewTree;
  rev: string;
  message?: string | null;
  isError?: boolean;
  fieldErrors?: Record<string, string> | null;
  busy: boolean;
};

export function ChecklistImportPreview({ tree, rev, message, isError, fieldErrors, busy }: Props) {
  const included = tree.groups.filter((g) => g.isIncluded);
  const itemCount = included.reduce((n, g) => n + g.items.length, 0);
  const errors = fieldErrors ?? {};
  const m = msgs().checklistImport.preview;
  return (
    <Form method="post" key={rev} className="cimport-preview" noValidate>
      <input type="hidden" name="tree" value={JSON.stringify(tree)} />
      {message ? (
        <div className={isError ? "form-alert" : "flash"} role={isError ? "alert" : "status"}>
          {message}
        </div>
      ) : null}
      {errors._form ? (
        <div className="form-alert" role="alert">
          {errors._form}
        </div>
      ) : null}
      <fieldset className="card">
        <legend>{t("checklistImport.meta.legend")}</legend>
        <div className="form-grid form-grid--2">
          {(["title", "issuer", "docNumber", "year"] as const).map((key) => (
            <div className="field" key={key}>
              <label className="field__label" htmlFor={`meta.${key}`}>
                {t(`checklistImport.meta.${key}`)}
              </label>
              <input
                id={`meta.${key}`}
                name={`meta.${key}`}
                defaultValue={tree.meta[key]}
                inputMode={key === "year" ? "numeric" : undefined}
                aria-invalid={errors[`meta.${key}`] ? true : undefined}
              />
              {errors[`meta.${key}`] ? (
                <span className="field__error" role="alert">
                  {errors[`meta.${key}`]}
                </span>
              ) : null}
            </div>
          ))}
        </div>
      </fieldset>

      <p className="cimport-summary">{t("checklistImport.preview.summary", { groups: included.length, items: itemCount })}</p>
      <p className="field__hint">{m.textHint}</p>

      {tree.source && tree.structure?.length ? (
        <fieldset className="card cimport-structure">
          <legend>{m.structureLegend}</legend>
          <p className="field__hint">{m.structureHint}</p>
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{m.structureKind}</th>
                  <th scope="col">{m.structureExample}</th>
                  <th scope="col" className="num">
                    {m.structureCount}
                  </th>
                  <th scope="col">{m.structureRole}</th>
                </tr>
              </thead>
              <tbody>
                {tree.structure.map((s) => (
                  <tr key={s.kind}>
                    <td data-label={m.structureKind}>{msgs().checklistImport.markerKinds[s.kind]}</td>
                    <td data-label={m.structureExample}>{s.example}</td>
                    <td data-label={m.structureCount} className="num">
                      {s.count}
                    </td>
                    <td data-label={m.structureRole}>
                      <select
                        name={`role.${s.kind}`}
                        defaultValue={s.role}
                        aria-label={`${msgs().checklistImport.markerKinds[s.kind]}：${m.structureRole}`}
                      >
                        {MARKER_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {msgs().checklistImport.markerRoles[r]}
                          </option>
                        ))}
                      </select>
                      {s.isForced ? <span className="muted"> {m.structureForced}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="submit" name="intent" value="reparse" className="button button--secondary button--small" disabled={busy}>
            {m.reparse}
          </button>
        </fieldset>
      ) : null}

      {tree.skipped?.length ? (
        <details className="notice cimport-notes cimport-skipped">
          <summary>{t("checklistImport.preview.skippedHeading", { count: tree.skippedCount ?? tree.skipped.length })}</summary>
          <p className="field__hint">{m.skippedHint}</p>
          <ul>
            {tree.skipped.map((n, i) => (
              <li key={i}>{t("checklistImport.preview.warningOn", { line: n.line, message: n.text })}</li>
            ))}
          </ul>
          {(tree.skippedCount ?? 0) > tree.skipped.length ? (
            <p className="muted">{t("checklistImport.preview.skippedMore", { count: (tree.skippedCount ?? 0) - tree.skipped.length })}</p>
          ) : null}
        </details>
      ) : null}

      {tree.notes.length ? (
        <details className="notice cimport-notes">
          <summary>
            {m.generalWarnings}（{tree.notes.length}）
          </summary>
          <ul>
            {tree.notes.map((n, i) => (
              <li key={i}>{n.line ? t("checklistImport.preview.warningOn", { line: n.line, message: n.message }) : n.message}</li>
            ))}
          </ul>
        </details>
      ) : null}

      {tree.groups.map((g, gi) => (
        <section key={gi} className={`card cimport-group${g.isIncluded ? "" : " cimport-group--excluded"}`} aria-labelledby={`g-${gi}-h`}>
          <header className="cimport-group__head">
            <h2 id={`g-${gi}-h`}>
              {g.number}
              {g.heading}
            </h2>
            {g.parent ? <span className="badge">{t("checklistImport.preview.groupParent", { parent: g.parent })}</span> : null}
            {!g.isIncluded ? <span className="badge">{m.groupExcluded}</span> : null}
          </header>
          {g.isIncluded ? (
            <>
              <div className="field">
                <label className="field__label" htmlFor={`g.${gi}.heading`}>
                  {m.groupHeading}
                </label>
                <input id={`g.${gi}.heading`} name={`g.${gi}.heading`} defaultValue={g.heading} maxLength={500} />
              </div>
              <div className="form-grid form-grid--2">
                <div className="field">
                  <label className="field__label" htmlFor={`g.${gi}.section`}>
                    {m.section}
                  </label>
                  <select id={`g.${gi}.section`} name={`g.${gi}.section`} defaultValue={g.section}>
                    {CHECKLIST_SECTIONS.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                  {g.isSectionGuessed ? <span className="field__hint">{m.guessed}</span> : null}
                </div>
                <fieldset className="cimport-kinds">
                  <legend>{m.appliesTo}</legend>
                  <input type="hidden" name={`g.${gi}.appliesToShown`} value="1" />
                  <div className="choice-list">
                    {INSTITUTION_KINDS.map((k) => (
                      <label key={k} className="choice choice--small">
                        <input type="checkbox" name={`g.${gi}.appliesTo`} value={k} defaultChecked={g.appliesTo.includes(k)} />
                        {msgs().kinds[k]}
                      </label>
                    ))}
                  </div>
                </fieldset>
              </div>
              <ol className="cimport-items">
                {g.items.map((it, ii) => {
                  const id = `i.${gi}.${ii}.title`;
                  const error = errors[id];
                  return (
                    <li key={ii} className="cimport-item">
                      <label className="field__label" htmlFor={id}>
                        {t("checklistImport.preview.itemText", { n: ii + 1 })}
                        <span className="muted cimport-origin">
                          {it.number ? `${it.number} · ` : ""}
                          {it.row
                            ? t("checklistImport.preview.fromRow", { row: it.row })
                            : it.lines.length
                              ? t("checklistImport.preview.fromLines", { lines: it.lines.join("、") })
                              : ""}
                        </span>
                      </label>
                      <textarea
                        id={id}
                        name={id}
                        defaultValue={it.title}
                        rows={Math.min(8, Math.max(2, Math.ceil(it.title.length / 36)))}
                        aria-invalid={error ? true : undefined}
                      />
                      {error ? (
                        <span className="field__error" role="alert">
                          {error}
                        </span>
                      ) : null}
                      {it.warnings.length ? (
                        <ul className="cimport-warnings" aria-label={m.warningsHeading}>
                          {it.warnings.map((w, wi) => (
                            <li key={wi}>{w}</li>
                          ))}
                        </ul>
                      ) : null}
                      <div className="cimport-item__actions">
                        <select name={`i.${gi}.${ii}.section`} defaultValue={it.section} aria-label={`${m.itemSection}（${ii + 1}）`}>
                          {CHECKLIST_SECTIONS.map((s) => (
                            <option key={s} value={s}>
                              {s}
                            </option>
                          ))}
                        </select>
                        {ii > 0 ? (
                          <button
                            type="submit"
                            name="intent"
                            value={`merge:${gi}:${ii}`}
                            className="button button--secondary button--small"
                            disabled={busy}
                          >
                            {m.merge}
                          </button>
                        ) : null}
                        <button
                          type="submit"
                          name="intent"
                          value={`split:${gi}:${ii}`}
                          className="button button--secondary button--small"
                          disabled={busy}
                        >
                          {m.split}
                        </button>
                        {ii > 0 ? (
                          <button
                            type="submit"
                            name="intent"
                            value={`newgroup:${gi}:${ii}`}
                            className="button button--secondary button--small"
                            disabled={busy}
                          >
                            {m.newGroup}
                          </button>
                        ) : null}
                        <button
                          type="submit"
                          name="intent"
                          value={`remove:${gi}:${ii}`}
                          className="button button--secondary button--small cimport-danger"
                          disabled={busy}
                        >
                          {m.remove}
                        </button>
                      </div>
                    </li>
                  );
                })}
              </ol>
              <div className="cimport-item__actions">
                <button
                  type="submit"
                  name="intent"
                  value={`exclude:${gi}`}
                  className="button button--secondary button--small"
                  disabled={busy}
                >
                  {m.exclude}
                </button>
                {gi > 0 ? (
                  <button
                    type="submit"
                    name="intent"
                    value={`mergegroup:${gi}`}
                    className="button button--secondary button--small"
                    disabled={busy}
                  >
                    {m.mergeGroup}
                  </button>
                ) : null}
              </div>
            </>
          ) : (
            <>
              <p className="muted">
                {m.excludedHint}（{t("regulator.items", { count: g.items.length })}：{g.items[0]?.title.slice(0, 40)}…）
              </p>
              <button
                type="submit"
                name="intent"
                value={`include:${gi}`}
                className="button button--secondary button--small"
                disabled={busy}
              >
                {m.include}
              </button>
            </>
          )}
        </section>
      ))}

      <div className="actions cimport-bar">
        <button type="submit" name="intent" value="save" className="button" disabled={busy}>
          {busy ? m.saving : m.save}
        </button>
        <button type="submit" name="intent" value="apply" className="button button--secondary" disabled={busy}>
          {m.apply}
        </button>
        <Link to="/reg/checklists/import" reloadDocument>
          {m.restart}
        </Link>
      </div>
    </Form>
  );
}
