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

-- Give one table the key: add the column, backfill it (with the table's and its partitions' own
-- user triggers off, then on again), make it NOT NULL and add the trigger that fills it on INSERT
-- (and on UPDATE OF the row's own region column, for tables whose province comes from one).
CREATE OR REPLACE FUNCTION zicha_backfill_province(p_table text, p_expression text, p_sources text[]) RETURNS void AS $$
DECLARE
  v_part text;
  v_region text;
BEGIN
  EXECUTE format('ALTER TABLE %I ADD COLUMN "province_code" char(2)', p_table);
  FOR v_part IN SELECT p_table UNION ALL SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = p_table::regclass LOOP
    EXECUTE format('ALTER TABLE %s DISABLE TRIGGER USER', v_part);
  END LOOP;
  EXECUTE format('UPDATE %I SET province_code = %s WHERE province_code IS NULL', p_table, p_expression);
  FOR v_part IN SELECT p_table UNION ALL SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = p_table::regclass LOOP
    EXECUTE format('ALTER TABLE %s ENABLE TRIGGER USER', v_part);
  END LOOP;
  EXECUTE format('ALTER TABLE %I ALTER COLUMN "province_code" SET NOT NULL', p_table);
  SELECT split_part(s, ':', 2) INTO v_region FROM unnest(p_sources) s WHERE split_part(s, ':', 1) = 'region' LIMIT 1;
  EXECUTE format(
    'CREATE TRIGGER %I BEFORE INSERT%s ON %I FOR EACH ROW EXECUTE FUNCTION zicha_fill_province(%s)',
    p_table || '_province',
    CASE WHEN v_region IS NULL THEN '' ELSE format(' OR UPDATE OF %I', v_region) END,
    p_table,
    (SELECT string_agg(quote_literal(s), ', ') FROM unnest(p_sources) s)
  );
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint

-- In this order: a table's backfill reads the province of the parent rows above it.
DO $$
DECLARE
  v_table text[];
BEGIN
  -- table, backfill expression, trigger arguments (zicha_fill_province's sources, space-separated)
  FOREACH v_table SLICE 1 IN ARRAY ARRAY[
    ['institutions', $sql$left(region_code, 2)$sql$, 'region:region_code'],
    ['users', $sql$coalesce((select i.province_code from institutions i where i.id = users.institution_id), left(region_code, 2), '00')$sql$, 'institution:institution_id region:region_code national'],
    ['campaign_targets', $sql$(select i.province_code from institutions i where i.id = campaign_targets.institution_id)$sql$, 'institution:institution_id'],
    ['assessments', $sql$left(region_code, 2)$sql$, 'region:region_code'],
    ['assessment_items', $sql$(select a.province_code from assessments a where a.id = assessment_items.assessment_id)$sql$, 'assessment:assessment_id'],
    ['assessment_versions', $sql$(select a.province_code from assessments a where a.id = assessment_versions.assessment_id)$sql$, 'assessment:assessment_id'],
    ['item_reviews', $sql$(select v.province_code from assessment_versions v where v.id = item_reviews.version_id)$sql$, 'version:version_id'],
    ['item_comments', $sql$(select a.province_code from assessments a where a.id = item_comments.assessment_id)$sql$, 'assessment:assessment_id'],
    ['item_assignments', $sql$(select a.province_code from assessments a where a.id = item_assignments.assessment_id)$sql$, 'assessment:assessment_id'],
    ['evidence_files', $sql$(select a.province_code from assessments a where a.id = evidence_files.assessment_id)$sql$, 'assessment:assessment_id'],
    ['notifications', $sql$coalesce((select u.province_code from users u where u.id = notifications.recipient_id), '00')$sql$, 'user:recipient_id national'],
    ['audit_events', $sql$coalesce(left(region_code, 2), (select i.province_code from institutions i where i.id = audit_events.institution_id), (select u.province_code from users u where u.id = audit_events.actor_user_id), '00')$sql$, 'region:region_code institution:institution_id user:actor_user_id national'],
    ['roster_imports', $sql$left(region_code, 2)$sql$, 'region:region_code'],
    ['inspections', $sql$left(region_code, 2)$sql$, 'region:region_code'],
    ['inspection_findings', $sql$(select s.province_code from inspections s where s.id = inspection_findings.inspection_id)$sql$, 'inspection:inspection_id'],
    ['inspection_attachments', $sql$(select s.province_code from inspections s where s.id = inspection_attachments.inspection_id)$sql$, 'inspection:inspection_id'],
    ['inspection_verifications', $sql$(select s.province_code from inspections s where s.id = inspection_verifications.inspection_id)$sql$, 'inspection:inspection_id'],
    ['risk_scores', $sql$left(region_code, 2)$sql$, 'region:region_code'],
    ['risk_score_history', $sql$left(region_code, 2)$sql$, 'region:region_code'],
    ['risk_overrides', $sql$left(region_code, 2)$sql$, 'region:region_code'],
    ['inspection_samples', $sql$left(region_code, 2)$sql$, 'region:region_code'],
    ['inspection_sample_entries', $sql$(select i.province_code from institutions i where i.id = inspection_sample_entries.institution_id)$sql$, 'institution:institution_id'],
    ['campaign_region_stats', $sql$left(region_code, 2)$sql$, 'region:region_code'],
    ['campaign_item_stats', $sql$left(region_code, 2)$sql$, 'region:region_code'],
    ['campaign_submission_days', $sql$left(region_code, 2)$sql$, 'region:region_code']
  ] LOOP
    PERFORM zicha_backfill_province(v_table[1], v_table[2], string_to_array(v_table[3], ' '));
  END LOOP;
END;
$$;
--> statement-breakpoint
DROP FUNCTION zicha_backfill_province(text, text, text[]);
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
