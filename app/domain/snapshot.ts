// The frozen content of one submission. Its shape is declared with the table that stores it
// (db/schema/submission-snapshot.ts); types only, so nothing of db/ reaches the browser bundle.
export type { SnapshotEvidence, SnapshotItem, SubmissionSnapshot } from "~db/schema/submission-snapshot";
