-- Evidence that is part of a submission is legal evidence: no change, no deletion.
-- The only update allowed is freezing a not yet frozen row.
CREATE OR REPLACE FUNCTION evidence_files_reject_frozen_change() RETURNS trigger AS $$
BEGIN
  IF OLD.frozen_at IS NOT NULL THEN
    RAISE EXCEPTION 'evidence file % is part of a submission and cannot change', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'UPDATE' AND (ROW(NEW.assessment_id, NEW.checklist_item_id, NEW.institution_id, NEW.file_name,
      NEW.content_type, NEW.size_bytes, NEW.sha256, NEW.uploaded_by, NEW.uploaded_at)
      IS DISTINCT FROM ROW(OLD.assessment_id, OLD.checklist_item_id, OLD.institution_id, OLD.file_name,
      OLD.content_type, OLD.size_bytes, OLD.sha256, OLD.uploaded_by, OLD.uploaded_at)) THEN
    RAISE EXCEPTION 'evidence file % can only be frozen, not edited', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER evidence_files_frozen
  BEFORE UPDATE OR DELETE ON evidence_files
  FOR EACH ROW EXECUTE FUNCTION evidence_files_reject_frozen_change();
--> statement-breakpoint
-- A submitted version never changes; recording the decision on a pending version is the one
-- update allowed.
CREATE OR REPLACE FUNCTION assessment_versions_reject_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'submitted version % cannot be deleted', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.decision <> 'pending'
     OR ROW(NEW.assessment_id, NEW.version, NEW.snapshot, NEW.submitted_at, NEW.submitted_by)
        IS DISTINCT FROM ROW(OLD.assessment_id, OLD.version, OLD.snapshot, OLD.submitted_at, OLD.submitted_by) THEN
    RAISE EXCEPTION 'submitted version % is frozen', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER assessment_versions_frozen
  BEFORE UPDATE OR DELETE ON assessment_versions
  FOR EACH ROW EXECUTE FUNCTION assessment_versions_reject_change();
--> statement-breakpoint
-- Item reviews may change only while their version awaits a decision.
CREATE OR REPLACE FUNCTION item_reviews_reject_decided_change() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM assessment_versions v WHERE v.id = OLD.version_id AND v.decision <> 'pending') THEN
    RAISE EXCEPTION 'the review of a decided version cannot change' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER item_reviews_frozen_after_decision
  BEFORE UPDATE OR DELETE ON item_reviews
  FOR EACH ROW EXECUTE FUNCTION item_reviews_reject_decided_change();
--> statement-breakpoint
-- Comments are a record of what was said (the append-only guard now names its table).
CREATE OR REPLACE FUNCTION audit_events_reject_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% rejected)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER item_comments_append_only
  BEFORE UPDATE OR DELETE ON item_comments
  FOR EACH ROW EXECUTE FUNCTION audit_events_reject_change();
