-- Checklist versions: draft → published, and a published version never changes.
-- Campaign answers, reviews and inspection findings point at checklist items by id, so the
-- items of a published version are frozen whether or not a campaign uses it yet. The one way
-- around it is a purge that sets `zicha.checklist_purge` to 'on' for its own transaction
-- (set_config(..., true)); only the test reset does that (see docs/decisions/006).
CREATE OR REPLACE FUNCTION checklist_purge_allowed() RETURNS boolean AS $$
  SELECT coalesce(current_setting('zicha.checklist_purge', true), '') = 'on';
$$ LANGUAGE sql STABLE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION checklist_items_reject_published_change() RETURNS trigger AS $$
DECLARE
  target uuid;
BEGIN
  IF checklist_purge_allowed() THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  FOREACH target IN ARRAY (CASE
      WHEN TG_OP = 'INSERT' THEN ARRAY[NEW.version_id]
      WHEN TG_OP = 'DELETE' THEN ARRAY[OLD.version_id]
      ELSE ARRAY[OLD.version_id, NEW.version_id] END) LOOP
    IF EXISTS (SELECT 1 FROM checklist_versions v WHERE v.id = target AND v.status = 'published') THEN
      RAISE EXCEPTION 'checklist version % is published and its items cannot change (% rejected)', target, TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END LOOP;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Named to fire after checklist_items_immutable_when_used (triggers fire in name order), so a
-- version in use still reports that first.
CREATE TRIGGER checklist_items_published_frozen
  BEFORE INSERT OR UPDATE OR DELETE ON checklist_items
  FOR EACH ROW EXECUTE FUNCTION checklist_items_reject_published_change();
--> statement-breakpoint
-- A published version row is frozen too; publishing a draft is the one update allowed
-- (status, published_at and the final content hash change together, nothing else).
CREATE OR REPLACE FUNCTION checklist_versions_reject_published_change() RETURNS trigger AS $$
BEGIN
  IF checklist_purge_allowed() THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'checklist version % is published and cannot change (% rejected)', OLD.id, TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status = 'published'
     AND ROW(NEW.checklist_id, NEW.version, NEW.parent_version_id, NEW.created_by, NEW.created_at)
         IS DISTINCT FROM ROW(OLD.checklist_id, OLD.version, OLD.parent_version_id, OLD.created_by, OLD.created_at) THEN
    RAISE EXCEPTION 'publishing checklist version % may only set its status, date and hash', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER checklist_versions_immutable_when_published
  BEFORE UPDATE OR DELETE ON checklist_versions
  FOR EACH ROW EXECUTE FUNCTION checklist_versions_reject_published_change();
--> statement-breakpoint
-- At most one open draft per list.
CREATE UNIQUE INDEX checklist_versions_one_draft_per_list ON checklist_versions (checklist_id) WHERE status = 'draft';
--> statement-breakpoint
-- Lineage lookups (diff, restore) go from an item to the items copied from it.
CREATE INDEX checklist_items_inherited_idx ON checklist_items (inherited_item_id) WHERE inherited_item_id IS NOT NULL;
