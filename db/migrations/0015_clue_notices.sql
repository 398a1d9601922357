-- Notices of the clue ledger: a new clue for the institution, 7/3/1 days before its due date,
-- overdue daily, and escalation to the handling bureau and the one above it.
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_valid";
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_valid" CHECK ("kind" in ('campaign_opened','due_soon','overdue','escalation','rectification_due','rectification_overdue','returned','accepted','weekly_digest','clue_new','clue_due_soon','clue_overdue','clue_escalation'));
