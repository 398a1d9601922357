-- The distribution key for national scale: the province (docs/decisions/029).
--
-- Every large table carries province_code, the 2-digit prefix of the GB/T 2260 region code of
-- the institution (or region) the row belongs to ('41' Henan); '00' marks rows of no province
-- (an administrator's audit events and notices). The column is NOT NULL and filled on INSERT by
-- zicha_fill_province() from the row's own region code or its parent row, so every write path
-- sets it without naming it; an insert that names it is checked by nothing but its value, so
-- the code names it only where it knows it. Rows that exist are backfilled here from the
-- institution's region, with the tables' own triggers (append-only, frozen rows, rollups) off
-- for the backfill only: it changes no fact they guard.
--
-- The column is a plain column (not GENERATED): a partition key may not be a generated column,
-- and the point is that these tables can be partitioned by province (PARTITION BY LIST) or
-- distributed by it (Citus) later without touching routes. audit_events and notifications
-- stay partitioned by month: ADD COLUMN on the parent reaches every partition, present and
-- future, and the BEFORE INSERT trigger on the parent is cloned onto each partition.

-- Where a row's province comes from, tried in order (trigger arguments "kind:column"):
--   region:<col>       the first two digits of a region code on the row
--   institution:<col>  the institution's province      assessment:<col>  the self-check's
--   version:<col>      the submitted version's         inspection:<col>  the inspection's
--   user:<col>         the user's                      national          '00'
CREATE OR REPLACE FUNCTION zicha_fill_province() RETURNS trigger AS $$
DECLARE
  v_row jsonb;
  v_kind text;
  v_value text;
  v_found char(2);
BEGIN
  IF TG_OP = 'UPDATE' THEN
    -- Only a change of the row's own region moves it; a parent's province never changes.
    v_row := to_jsonb(NEW);
    FOR i IN 0 .. TG_NARGS - 1 LOOP
      IF split_part(TG_ARGV[i], ':', 1) = 'region' THEN
        v_value := v_row ->> split_part(TG_ARGV[i], ':', 2);
        IF v_value IS NOT NULL AND v_value IS DISTINCT FROM (to_jsonb(OLD) ->> split_part(TG_ARGV[i], ':', 2)) THEN
          NEW.province_code := left(v_value, 2);
        END IF;
        EXIT;
      END IF;
    END LOOP;
    RETURN NEW;
  END IF;
  IF NEW.province_code IS NOT NULL THEN RETURN NEW; END IF;
  v_row := to_jsonb(NEW);
  FOR i IN 0 .. TG_NARGS - 1 LOOP
    v_kind := split_part(TG_ARGV[i], ':', 1);
    IF v_kind = 'national' THEN
      v_found := '00';
    ELSE
      v_value := v_row ->> split_part(TG_ARGV[i], ':', 2);
      CONTINUE WHEN v_value IS NULL;
      CASE v_kind
        WHEN 'region' THEN v_found := left(v_value, 2);
        WHEN 'institution' THEN SELECT province_code INTO v_found FROM institutions WHERE id = v_value::uuid;
        WHEN 'assessment' THEN SELECT province_code INTO v_found FROM assessments WHERE id = v_value::uuid;
        WHEN 'version' THEN SELECT province_code INTO v_found FROM assessment_versions WHERE id = v_value::uuid;
        WHEN 'inspection' THEN SELECT province_code INTO v_found FROM inspections WHERE id = v_value::uuid;
        WHEN 'user' THEN SELECT province_code INTO v_found FROM users WHERE id = v_value::uuid;
        ELSE RAISE EXCEPTION 'zicha_fill_province: unknown source %', TG_ARGV[i];
      END CASE;
    END IF;
    EXIT WHEN v_found IS NOT NULL;
  END LOOP;
  NEW.province_code := v_found;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint

-- Backfill one table (and its partitions) with its own user triggers off, then switch them on.
CREATE OR REPLACE FUNCTION zicha_backfill_province(p_table text, p_expression text) RETURNS void AS $$
DECLARE
  v_part text;
BEGIN
  FOR v_part IN SELECT p_table UNION ALL SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = p_table::regclass LOOP
    EXECUTE format('ALTER TABLE %s DISABLE TRIGGER USER', v_part);
  END LOOP;
  EXECUTE format('UPDATE %I SET province_code = %s WHERE province_code IS NULL', p_table, p_expression);
  FOR v_part IN SELECT p_table UNION ALL SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = p_table::regclass LOOP
    EXECUTE format('ALTER TABLE %s ENABLE TRIGGER USER', v_part);
  END LOOP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
ALTER TABLE "institutions" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('institutions', $sql$left(region_code, 2)$sql$);
--> statement-breakpoint
ALTER TABLE "institutions" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "institutions_province" BEFORE INSERT OR UPDATE OF region_code ON "institutions" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('region:region_code');
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('users', $sql$coalesce((select i.province_code from institutions i where i.id = users.institution_id), left(region_code, 2), '00')$sql$);
--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "users_province" BEFORE INSERT OR UPDATE OF region_code ON "users" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('institution:institution_id', 'region:region_code', 'national');
--> statement-breakpoint
ALTER TABLE "campaign_targets" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('campaign_targets', $sql$(select i.province_code from institutions i where i.id = campaign_targets.institution_id)$sql$);
--> statement-breakpoint
ALTER TABLE "campaign_targets" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "campaign_targets_province" BEFORE INSERT ON "campaign_targets" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('institution:institution_id');
--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('assessments', $sql$left(region_code, 2)$sql$);
--> statement-breakpoint
ALTER TABLE "assessments" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "assessments_province" BEFORE INSERT OR UPDATE OF region_code ON "assessments" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('region:region_code');
--> statement-breakpoint
ALTER TABLE "assessment_items" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('assessment_items', $sql$(select a.province_code from assessments a where a.id = assessment_items.assessment_id)$sql$);
--> statement-breakpoint
ALTER TABLE "assessment_items" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "assessment_items_province" BEFORE INSERT ON "assessment_items" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('assessment:assessment_id');
--> statement-breakpoint
ALTER TABLE "assessment_versions" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('assessment_versions', $sql$(select a.province_code from assessments a where a.id = assessment_versions.assessment_id)$sql$);
--> statement-breakpoint
ALTER TABLE "assessment_versions" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "assessment_versions_province" BEFORE INSERT ON "assessment_versions" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('assessment:assessment_id');
--> statement-breakpoint
ALTER TABLE "item_reviews" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('item_reviews', $sql$(select v.province_code from assessment_versions v where v.id = item_reviews.version_id)$sql$);
--> statement-breakpoint
ALTER TABLE "item_reviews" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "item_reviews_province" BEFORE INSERT ON "item_reviews" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('version:version_id');
--> statement-breakpoint
ALTER TABLE "item_comments" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('item_comments', $sql$(select a.province_code from assessments a where a.id = item_comments.assessment_id)$sql$);
--> statement-breakpoint
ALTER TABLE "item_comments" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "item_comments_province" BEFORE INSERT ON "item_comments" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('assessment:assessment_id');
--> statement-breakpoint
ALTER TABLE "item_assignments" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('item_assignments', $sql$(select a.province_code from assessments a where a.id = item_assignments.assessment_id)$sql$);
--> statement-breakpoint
ALTER TABLE "item_assignments" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "item_assignments_province" BEFORE INSERT ON "item_assignments" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('assessment:assessment_id');
--> statement-breakpoint
ALTER TABLE "evidence_files" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('evidence_files', $sql$(select a.province_code from assessments a where a.id = evidence_files.assessment_id)$sql$);
--> statement-breakpoint
ALTER TABLE "evidence_files" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "evidence_files_province" BEFORE INSERT ON "evidence_files" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('assessment:assessment_id');
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('notifications', $sql$coalesce((select u.province_code from users u where u.id = notifications.recipient_id), '00')$sql$);
--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "notifications_province" BEFORE INSERT ON "notifications" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('user:recipient_id', 'national');
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('audit_events', $sql$coalesce(left(region_code, 2), (select i.province_code from institutions i where i.id = audit_events.institution_id), (select u.province_code from users u where u.id = audit_events.actor_user_id), '00')$sql$);
--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "audit_events_province" BEFORE INSERT OR UPDATE OF region_code ON "audit_events" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('region:region_code', 'institution:institution_id', 'user:actor_user_id', 'national');
--> statement-breakpoint
ALTER TABLE "roster_imports" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('roster_imports', $sql$left(region_code, 2)$sql$);
--> statement-breakpoint
ALTER TABLE "roster_imports" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "roster_imports_province" BEFORE INSERT OR UPDATE OF region_code ON "roster_imports" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('region:region_code');
--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('inspections', $sql$left(region_code, 2)$sql$);
--> statement-breakpoint
ALTER TABLE "inspections" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "inspections_province" BEFORE INSERT OR UPDATE OF region_code ON "inspections" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('region:region_code');
--> statement-breakpoint
ALTER TABLE "inspection_findings" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('inspection_findings', $sql$(select s.province_code from inspections s where s.id = inspection_findings.inspection_id)$sql$);
--> statement-breakpoint
ALTER TABLE "inspection_findings" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "inspection_findings_province" BEFORE INSERT ON "inspection_findings" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('inspection:inspection_id');
--> statement-breakpoint
ALTER TABLE "inspection_attachments" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('inspection_attachments', $sql$(select s.province_code from inspections s where s.id = inspection_attachments.inspection_id)$sql$);
--> statement-breakpoint
ALTER TABLE "inspection_attachments" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "inspection_attachments_province" BEFORE INSERT ON "inspection_attachments" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('inspection:inspection_id');
--> statement-breakpoint
ALTER TABLE "inspection_verifications" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('inspection_verifications', $sql$(select s.province_code from inspections s where s.id = inspection_verifications.inspection_id)$sql$);
--> statement-breakpoint
ALTER TABLE "inspection_verifications" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "inspection_verifications_province" BEFORE INSERT ON "inspection_verifications" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('inspection:inspection_id');
--> statement-breakpoint
ALTER TABLE "risk_scores" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('risk_scores', $sql$left(region_code, 2)$sql$);
--> statement-breakpoint
ALTER TABLE "risk_scores" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "risk_scores_province" BEFORE INSERT OR UPDATE OF region_code ON "risk_scores" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('region:region_code');
--> statement-breakpoint
ALTER TABLE "risk_score_history" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('risk_score_history', $sql$left(region_code, 2)$sql$);
--> statement-breakpoint
ALTER TABLE "risk_score_history" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "risk_score_history_province" BEFORE INSERT OR UPDATE OF region_code ON "risk_score_history" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('region:region_code');
--> statement-breakpoint
ALTER TABLE "risk_overrides" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('risk_overrides', $sql$left(region_code, 2)$sql$);
--> statement-breakpoint
ALTER TABLE "risk_overrides" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "risk_overrides_province" BEFORE INSERT OR UPDATE OF region_code ON "risk_overrides" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('region:region_code');
--> statement-breakpoint
ALTER TABLE "inspection_samples" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('inspection_samples', $sql$left(region_code, 2)$sql$);
--> statement-breakpoint
ALTER TABLE "inspection_samples" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "inspection_samples_province" BEFORE INSERT OR UPDATE OF region_code ON "inspection_samples" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('region:region_code');
--> statement-breakpoint
ALTER TABLE "inspection_sample_entries" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('inspection_sample_entries', $sql$(select i.province_code from institutions i where i.id = inspection_sample_entries.institution_id)$sql$);
--> statement-breakpoint
ALTER TABLE "inspection_sample_entries" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "inspection_sample_entries_province" BEFORE INSERT ON "inspection_sample_entries" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('institution:institution_id');
--> statement-breakpoint
ALTER TABLE "campaign_region_stats" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('campaign_region_stats', $sql$left(region_code, 2)$sql$);
--> statement-breakpoint
ALTER TABLE "campaign_region_stats" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "campaign_region_stats_province" BEFORE INSERT OR UPDATE OF region_code ON "campaign_region_stats" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('region:region_code');
--> statement-breakpoint
ALTER TABLE "campaign_item_stats" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('campaign_item_stats', $sql$left(region_code, 2)$sql$);
--> statement-breakpoint
ALTER TABLE "campaign_item_stats" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "campaign_item_stats_province" BEFORE INSERT OR UPDATE OF region_code ON "campaign_item_stats" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('region:region_code');
--> statement-breakpoint
ALTER TABLE "campaign_submission_days" ADD COLUMN "province_code" char(2);
--> statement-breakpoint
SELECT zicha_backfill_province('campaign_submission_days', $sql$left(region_code, 2)$sql$);
--> statement-breakpoint
ALTER TABLE "campaign_submission_days" ALTER COLUMN "province_code" SET NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "campaign_submission_days_province" BEFORE INSERT OR UPDATE OF region_code ON "campaign_submission_days" FOR EACH ROW EXECUTE FUNCTION zicha_fill_province('region:region_code');
--> statement-breakpoint
DROP FUNCTION zicha_backfill_province(text, text);
--> statement-breakpoint

-- Hot queries lead with the key: a self-check by institution, its answers, a user's unread
-- notices, the audit trail by time, the dashboards' rollups by region.
CREATE INDEX "assessments_province_institution_idx" ON "assessments" ("province_code", "institution_id");
--> statement-breakpoint
CREATE INDEX "assessments_province_campaign_region_idx" ON "assessments" ("province_code", "campaign_id", "region_code");
--> statement-breakpoint
CREATE INDEX "assessment_items_province_assessment_idx" ON "assessment_items" ("province_code", "assessment_id");
--> statement-breakpoint
CREATE INDEX "notifications_province_unread_idx" ON "notifications" ("province_code", "recipient_id") WHERE "read_at" IS NULL;
--> statement-breakpoint
CREATE INDEX "audit_events_province_idx" ON "audit_events" ("province_code", "occurred_at");
--> statement-breakpoint
CREATE INDEX "campaign_region_stats_province_idx" ON "campaign_region_stats" ("province_code", "campaign_id", "region_code");
--> statement-breakpoint
CREATE INDEX "item_reviews_province_version_idx" ON "item_reviews" ("province_code", "version_id");
