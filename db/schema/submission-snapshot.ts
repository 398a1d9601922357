// The frozen content of one submission (自查提交版本), stored as JSON in
// assessment_versions.snapshot and never changed afterwards; the regulator's review, the diff
// between versions and the .xlsx report are all built from it. Its shape is part of the stored
// data, so it is declared here beside the table; the app reads it through ~/domain/snapshot.
import type { assessmentItems } from "./assessments";
import type { institutions } from "./institutions";

type AnswerRow = typeof assessmentItems.$inferSelect;

export type SnapshotEvidence = {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
};

export type SnapshotItem = {
  checklistItemId: string;
  code: string;
  section: string;
  title: string;
  answer: AnswerRow["answer"];
  description: string | null;
  caseCount: number | null;
  amountInvolvedFen: number | null;
  refundedFen: number | null;
  rectificationPlan: string | null;
  responsiblePerson: string | null;
  rectificationDueOn: string | null;
  rectificationStatus: NonNullable<AnswerRow["rectificationStatus"]> | null;
  rectifiedOn: string | null;
  evidence: SnapshotEvidence[];
};

export type SubmissionSnapshot = {
  version: number;
  submittedAt: string; // ISO instant
  submittedByName: string;
  signerName: string;
  commitmentText: string;
  institution: {
    id: string;
    name: string;
    kind: (typeof institutions.$inferSelect)["kind"];
    nhsaCode: string;
    creditCode: string;
    regionName: string;
  };
  campaign: {
    id: string;
    title: string;
    checklistTitle: string;
    checklistDocNumber: string;
    reviewPeriodStart: string;
    reviewPeriodEnd: string | null;
    selfCheckDueOn: string;
    rectificationDueOn: string;
  };
  totals: { itemCount: number; problemCount: number; amountInvolvedFen: number; refundedFen: number; evidenceCount: number };
  items: SnapshotItem[];
};
