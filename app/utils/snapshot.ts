// The frozen content of one submission (自查提交版本). Stored as JSON on assessment_versions and
// never changed afterwards; the regulator's review, the diff between versions and the .xlsx
// report are all built from it.
import type { Answer, InstitutionKind, RectificationStatus } from "~/utils/domain";

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
  answer: Answer;
  description: string | null;
  caseCount: number | null;
  amountInvolvedFen: number | null;
  refundedFen: number | null;
  rectificationPlan: string | null;
  responsiblePerson: string | null;
  rectificationDueOn: string | null;
  rectificationStatus: RectificationStatus | null;
  rectifiedOn: string | null;
  evidence: SnapshotEvidence[];
};

export type SubmissionSnapshot = {
  version: number;
  submittedAt: string; // ISO instant
  submittedByName: string;
  signerName: string;
  commitmentText: string;
  institution: { id: string; name: string; kind: InstitutionKind; nhsaCode: string; creditCode: string; regionName: string };
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
