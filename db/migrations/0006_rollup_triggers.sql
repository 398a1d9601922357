-- Dashboard rollups (campaign_region_stats, campaign_item_stats, campaign_submission_days),
-- kept exact by statement-level AFTER triggers in the same transaction as the change.
-- PostgreSQL allows transition tables only on a trigger with a single event, so each table
-- has one trigger per event, all calling one function; the function applies the statement's
-- change as one grouped upsert of differences (new rows +1, old rows -1), however many rows
-- the statement touched. Upserts go in key order, so two transactions touching the same
-- rollup rows lock them in the same order. See docs/decisions/009-dashboard-rollups.md.

-- The rows a statement changed, signed: +1 for each new row, -1 for each old one.
CREATE OR REPLACE FUNCTION dash_signed_rows(op text) RETURNS text AS $$
  SELECT CASE op
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_rows'
    ELSE 'SELECT 1 AS sign, * FROM new_rows UNION ALL SELECT -1 AS sign, * FROM old_rows'
  END
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
-- campaign_region_stats: per campaign × the assessment's region × the target's kind. An
-- assessment counts once under its status and adds its own rollups (docs/decisions/003).
CREATE OR REPLACE FUNCTION dash_region_stats_apply() RETURNS trigger AS $$
BEGIN
  EXECUTE format($q$
    INSERT INTO campaign_region_stats AS s (campaign_id, region_code, institution_kind, target_count,
      not_started_count, in_progress_count, submitted_count, returned_count, resubmitted_count, accepted_count,
      item_count, answered_count, problem_count, amount_involved_fen, refunded_fen)
    SELECT c.campaign_id, c.region_code, t.institution_kind,
           sum(c.sign)::int,
           coalesce(sum(c.sign) FILTER (WHERE c.status = 'not_started'), 0)::int,
           coalesce(sum(c.sign) FILTER (WHERE c.status = 'in_progress'), 0)::int,
           coalesce(sum(c.sign) FILTER (WHERE c.status = 'submitted'), 0)::int,
           coalesce(sum(c.sign) FILTER (WHERE c.status = 'returned'), 0)::int,
           coalesce(sum(c.sign) FILTER (WHERE c.status = 'resubmitted'), 0)::int,
           coalesce(sum(c.sign) FILTER (WHERE c.status = 'accepted'), 0)::int,
           sum(c.sign * c.item_count), sum(c.sign * c.answered_count), sum(c.sign * c.problem_count),
           sum(c.sign * c.amount_involved_fen), sum(c.sign * c.refunded_fen)
    FROM (%s) c
    JOIN campaign_targets t ON t.campaign_id = c.campaign_id AND t.institution_id = c.institution_id
    GROUP BY c.campaign_id, c.region_code, t.institution_kind
    -- A change to nothing counted here (say, only updated_at) writes nothing.
    HAVING sum(c.sign) <> 0
        OR coalesce(sum(c.sign) FILTER (WHERE c.status = 'not_started'), 0) <> 0
        OR coalesce(sum(c.sign) FILTER (WHERE c.status = 'in_progress'), 0) <> 0
        OR coalesce(sum(c.sign) FILTER (WHERE c.status = 'submitted'), 0) <> 0
        OR coalesce(sum(c.sign) FILTER (WHERE c.status = 'returned'), 0) <> 0
        OR coalesce(sum(c.sign) FILTER (WHERE c.status = 'resubmitted'), 0) <> 0
        OR coalesce(sum(c.sign) FILTER (WHERE c.status = 'accepted'), 0) <> 0
        OR sum(c.sign * c.item_count) <> 0 OR sum(c.sign * c.answered_count) <> 0
        OR sum(c.sign * c.problem_count) <> 0 OR sum(c.sign * c.amount_involved_fen) <> 0
        OR sum(c.sign * c.refunded_fen) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (campaign_id, region_code, institution_kind) DO UPDATE SET
      target_count = s.target_count + excluded.target_count,
      not_started_count = s.not_started_count + excluded.not_started_count,
      in_progress_count = s.in_progress_count + excluded.in_progress_count,
      submitted_count = s.submitted_count + excluded.submitted_count,
      returned_count = s.returned_count + excluded.returned_count,
      resubmitted_count = s.resubmitted_count + excluded.resubmitted_count,
      accepted_count = s.accepted_count + excluded.accepted_count,
      item_count = s.item_count + excluded.item_count,
      answered_count = s.answered_count + excluded.answered_count,
      problem_count = s.problem_count + excluded.problem_count,
      amount_involved_fen = s.amount_involved_fen + excluded.amount_involved_fen,
      refunded_fen = s.refunded_fen + excluded.refunded_fen
  $q$, dash_signed_rows(TG_OP));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER assessments_dash_insert AFTER INSERT ON assessments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dash_region_stats_apply();
--> statement-breakpoint
CREATE TRIGGER assessments_dash_update AFTER UPDATE ON assessments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dash_region_stats_apply();
--> statement-breakpoint
CREATE TRIGGER assessments_dash_delete AFTER DELETE ON assessments
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dash_region_stats_apply();
--> statement-breakpoint
-- campaign_item_stats: found problems per campaign × region × kind × checklist item. Only
-- problem_found answers count; a row whose problems went back to zero stays (with zeros).
CREATE OR REPLACE FUNCTION dash_item_stats_apply() RETURNS trigger AS $$
BEGIN
  EXECUTE format($q$
    INSERT INTO campaign_item_stats AS s (campaign_id, region_code, institution_kind, checklist_item_id,
      problem_count, case_count, amount_involved_fen, refunded_fen)
    SELECT a.campaign_id, a.region_code, t.institution_kind, c.checklist_item_id,
           sum(c.sign)::int, sum(c.sign * coalesce(c.case_count, 0)),
           sum(c.sign * coalesce(c.amount_involved_fen, 0)), sum(c.sign * coalesce(c.refunded_fen, 0))
    FROM (%s) c
    JOIN assessments a ON a.id = c.assessment_id
    JOIN campaign_targets t ON t.campaign_id = a.campaign_id AND t.institution_id = a.institution_id
    WHERE c.answer = 'problem_found'
    GROUP BY a.campaign_id, a.region_code, t.institution_kind, c.checklist_item_id
    HAVING sum(c.sign) <> 0 OR sum(c.sign * coalesce(c.case_count, 0)) <> 0
        OR sum(c.sign * coalesce(c.amount_involved_fen, 0)) <> 0 OR sum(c.sign * coalesce(c.refunded_fen, 0)) <> 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (campaign_id, region_code, institution_kind, checklist_item_id) DO UPDATE SET
      problem_count = s.problem_count + excluded.problem_count,
      case_count = s.case_count + excluded.case_count,
      amount_involved_fen = s.amount_involved_fen + excluded.amount_involved_fen,
      refunded_fen = s.refunded_fen + excluded.refunded_fen
  $q$, dash_signed_rows(TG_OP));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER assessment_items_dash_insert AFTER INSERT ON assessment_items
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dash_item_stats_apply();
--> statement-breakpoint
CREATE TRIGGER assessment_items_dash_update AFTER UPDATE ON assessment_items
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dash_item_stats_apply();
--> statement-breakpoint
CREATE TRIGGER assessment_items_dash_delete AFTER DELETE ON assessment_items
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dash_item_stats_apply();
--> statement-breakpoint
-- campaign_submission_days: each submitted version on its Beijing day; version 1 is the
-- first submission, later ones are resubmissions. Versions are append-only (0003).
CREATE OR REPLACE FUNCTION dash_submission_days_apply() RETURNS trigger AS $$
BEGIN
  INSERT INTO campaign_submission_days AS s (campaign_id, region_code, day, first_submissions, resubmissions)
  SELECT a.campaign_id, a.region_code, (v.submitted_at AT TIME ZONE 'Asia/Shanghai')::date,
         count(*) FILTER (WHERE v.version = 1)::int, count(*) FILTER (WHERE v.version > 1)::int
  FROM new_rows v JOIN assessments a ON a.id = v.assessment_id
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3
  ON CONFLICT (campaign_id, region_code, day) DO UPDATE SET
    first_submissions = s.first_submissions + excluded.first_submissions,
    resubmissions = s.resubmissions + excluded.resubmissions;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER assessment_versions_dash_insert AFTER INSERT ON assessment_versions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dash_submission_days_apply();
--> statement-breakpoint
-- Recompute all three rollups of one campaign (or of all, given null) from the rows: the
-- backfill below, and after a bulk load that ran with triggers off (the benchmark's seed).
CREATE OR REPLACE FUNCTION dash_rebuild_rollups(only_campaign uuid) RETURNS void AS $$
BEGIN
  DELETE FROM campaign_region_stats WHERE only_campaign IS NULL OR campaign_id = only_campaign;
  DELETE FROM campaign_item_stats WHERE only_campaign IS NULL OR campaign_id = only_campaign;
  DELETE FROM campaign_submission_days WHERE only_campaign IS NULL OR campaign_id = only_campaign;
  INSERT INTO campaign_region_stats (campaign_id, region_code, institution_kind, target_count,
    not_started_count, in_progress_count, submitted_count, returned_count, resubmitted_count, accepted_count,
    item_count, answered_count, problem_count, amount_involved_fen, refunded_fen)
  SELECT a.campaign_id, a.region_code, t.institution_kind, count(*)::int,
         count(*) FILTER (WHERE a.status = 'not_started')::int,
         count(*) FILTER (WHERE a.status = 'in_progress')::int,
         count(*) FILTER (WHERE a.status = 'submitted')::int,
         count(*) FILTER (WHERE a.status = 'returned')::int,
         count(*) FILTER (WHERE a.status = 'resubmitted')::int,
         count(*) FILTER (WHERE a.status = 'accepted')::int,
         sum(a.item_count), sum(a.answered_count), sum(a.problem_count), sum(a.amount_involved_fen), sum(a.refunded_fen)
  FROM assessments a
  JOIN campaign_targets t ON t.campaign_id = a.campaign_id AND t.institution_id = a.institution_id
  WHERE only_campaign IS NULL OR a.campaign_id = only_campaign
  GROUP BY 1, 2, 3;
  INSERT INTO campaign_item_stats (campaign_id, region_code, institution_kind, checklist_item_id,
    problem_count, case_count, amount_involved_fen, refunded_fen)
  SELECT a.campaign_id, a.region_code, t.institution_kind, i.checklist_item_id, count(*)::int,
         sum(coalesce(i.case_count, 0)), sum(coalesce(i.amount_involved_fen, 0)), sum(coalesce(i.refunded_fen, 0))
  FROM assessment_items i
  JOIN assessments a ON a.id = i.assessment_id
  JOIN campaign_targets t ON t.campaign_id = a.campaign_id AND t.institution_id = a.institution_id
  WHERE i.answer = 'problem_found' AND (only_campaign IS NULL OR a.campaign_id = only_campaign)
  GROUP BY 1, 2, 3, 4;
  INSERT INTO campaign_submission_days (campaign_id, region_code, day, first_submissions, resubmissions)
  SELECT a.campaign_id, a.region_code, (v.submitted_at AT TIME ZONE 'Asia/Shanghai')::date,
         count(*) FILTER (WHERE v.version = 1)::int, count(*) FILTER (WHERE v.version > 1)::int
  FROM assessment_versions v JOIN assessments a ON a.id = v.assessment_id
  WHERE only_campaign IS NULL OR a.campaign_id = only_campaign
  GROUP BY 1, 2, 3;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Backfill from the rows that exist already.
SELECT dash_rebuild_rollups(NULL);
