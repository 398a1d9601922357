import type { AssessmentStatus, CampaignStatus } from "~/domain/vocabulary";
import { msgs } from "~/utils/i18n";

export function AssessmentStatusBadge({ status }: { status: AssessmentStatus }) {
  return <span className={`badge badge--${status}`}>{msgs().assessmentStatus[status]}</span>;
}

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return <span className={`badge badge--campaign-${status}`}>{msgs().campaignStatus[status]}</span>;
}
