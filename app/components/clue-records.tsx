// The records and evidence sections of one clue, the same for the institution and the regulator:
// the institution adds a selection column and an upload form, the regulator the masked ID
// number, the accept-all form and a review form under each submitted answer (all through props).
import type React from "react";
import { ClueRecordTable, type ClueRecordRow } from "~/components/clue-parts";
import { Pager } from "~/components/pager";
import type { AnswerState } from "~/domain/clues";
import { formatDateTime } from "~/utils/dates";
import { msgs } from "~/utils/i18n";

const ANSWER_STATES: readonly AnswerState[] = ["unanswered", "submitted", "returned", "accepted"];

export function ClueRecordsSection<R extends ClueRecordRow>({
  records,
  counts,
  toolbar,
  lead,
  showPatientId,
  answerExtra,
  rowId,
}: {
  records: { rows: R[]; total: number; page: number; pageCount: number };
  counts: Record<AnswerState, number>;
  /** Above the table: the regulator's errors and accept-all form. */
  toolbar?: React.ReactNode;
  lead?: { header: string; cell: (r: R) => React.ReactNode };
  showPatientId?: boolean;
  answerExtra?: (r: R) => React.ReactNode;
  rowId?: (r: R) => string;
}) {
  const C = msgs().clues;
  return (
    <section className="card" id="records">
      <h2>
        {C.detail.records}（{records.total}）
      </h2>
      <p className="muted">{ANSWER_STATES.map((s) => `${C.answerStates[s]} ${counts[s]}`).join(" · ")}</p>
      {toolbar}
      <ClueRecordTable rows={records.rows} lead={lead} showPatientId={showPatientId} answerExtra={answerExtra} rowId={rowId} />
      <Pager page={records.page} pageCount={records.pageCount} total={records.total} />
    </section>
  );
}

export type ClueFileItem = { id: string; fileName: string; uploadedAt: string };

/** The clue's evidence files (each a download for whoever reaches the clue), and the upload form when one is given. */
export function ClueFilesSection({
  clueId,
  files,
  title,
  children,
}: {
  clueId: string;
  files: ClueFileItem[];
  title: string;
  children?: React.ReactNode;
}) {
  return (
    <section className="card" id="evidence">
      <h2>{title}</h2>
      {files.length === 0 ? (
        <p className="muted">{msgs().clues.detail.noFiles}</p>
      ) : (
        <ul>
          {files.map((f) => (
            <li key={f.id}>
              <a href={`/clues/${clueId}/files/${f.id}`}>{f.fileName}</a> <small className="muted">{formatDateTime(f.uploadedAt)}</small>
            </li>
          ))}
        </ul>
      )}
      {children}
    </section>
  );
}
