-- Notices of the clue ledger: a new clue for the institution, 7/3/1 days before its due date,
-- overdue daily, and escalation to the handling bureau and the one above it.
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_valid";
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_valid" CHECK ("kind" in ('campaign_opened','due_soon','overdue','escalation','rectification_due','rectification_overdue','returned','accepted','weekly_digest','clue_new','clue_due_soon','clue_overdue','clue_escalation'));
--> statement-breakpoint
-- Monthly rollups of the clue ledger (月报), kept exact by triggers in the transaction of each
-- change: clues received by the month they were registered, closures by the month they closed,
-- per subject region (which never changes); a report sums a region's subtree.
CREATE TABLE "clue_month_stats" (
	"province_code" char(2) NOT NULL,
	"region_code" char(6) NOT NULL REFERENCES "regions"("code"),
	"month" date NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"confirmed" integer DEFAULT 0 NOT NULL,
	"recovered_fen" bigint DEFAULT 0 NOT NULL,
	"penalty_fen" bigint DEFAULT 0 NOT NULL,
	"transfers" integer DEFAULT 0 NOT NULL,
	PRIMARY KEY ("province_code", "region_code", "month")
);
--> statement-breakpoint
CREATE FUNCTION "clue_month_stats_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO clue_month_stats (province_code, region_code, month, received)
    VALUES (NEW.province_code, NEW.subject_region_code, date_trunc('month', NEW.created_at AT TIME ZONE 'Asia/Shanghai')::date, 1)
    ON CONFLICT (province_code, region_code, month) DO UPDATE SET received = clue_month_stats.received + 1;
  ELSIF OLD.status <> 'closed' AND NEW.status = 'closed' THEN
    INSERT INTO clue_month_stats (province_code, region_code, month, closed, confirmed, recovered_fen, penalty_fen, transfers)
    VALUES (NEW.province_code, NEW.subject_region_code, date_trunc('month', NEW.closed_at AT TIME ZONE 'Asia/Shanghai')::date, 1,
            (NEW.result = 'confirmed')::int, coalesce(NEW.recovered_fen, 0), coalesce(NEW.penalty_fen, 0), (NEW.transfer_target IS NOT NULL)::int)
    ON CONFLICT (province_code, region_code, month) DO UPDATE SET
      closed = clue_month_stats.closed + 1,
      confirmed = clue_month_stats.confirmed + EXCLUDED.confirmed,
      recovered_fen = clue_month_stats.recovered_fen + EXCLUDED.recovered_fen,
      penalty_fen = clue_month_stats.penalty_fen + EXCLUDED.penalty_fen,
      transfers = clue_month_stats.transfers + EXCLUDED.transfers;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "clues_month_stats" AFTER INSERT OR UPDATE OF "status" ON "clues"
  FOR EACH ROW EXECUTE FUNCTION "clue_month_stats_apply"();
