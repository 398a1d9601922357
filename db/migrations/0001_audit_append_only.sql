-- The audit trail is append-only: no role, the application's included, may rewrite it.
CREATE OR REPLACE FUNCTION audit_events_reject_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% rejected)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_reject_change();
--> statement-breakpoint
-- Checklist items of a version that a campaign uses never change.
CREATE OR REPLACE FUNCTION checklist_items_reject_used_change() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM campaigns WHERE checklist_version_id = OLD.version_id) THEN
    RAISE EXCEPTION 'checklist version % is used by a campaign and cannot change', OLD.version_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER checklist_items_immutable_when_used
  BEFORE UPDATE OR DELETE ON checklist_items
  FOR EACH ROW EXECUTE FUNCTION checklist_items_reject_used_change();
