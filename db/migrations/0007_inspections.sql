-- On-site inspections: the inspector's verdicts on self-reported problems, and the rules that
-- keep an inspection record consistent whatever writes it.
CREATE TABLE "inspection_verifications" (
	"inspection_id" uuid NOT NULL,
	"checklist_item_id" uuid NOT NULL,
	"verdict" text NOT NULL,
	"note" text,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_verifications_inspection_id_checklist_item_id_pk" PRIMARY KEY("inspection_id","checklist_item_id"),
	CONSTRAINT "inspection_verifications_verdict_valid" CHECK ("inspection_verifications"."verdict" in ('fixed','not_fixed'))
);
--> statement-breakpoint
ALTER TABLE "inspection_verifications" ADD CONSTRAINT "inspection_verifications_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_verifications" ADD CONSTRAINT "inspection_verifications_checklist_item_id_checklist_items_id_fk" FOREIGN KEY ("checklist_item_id") REFERENCES "public"."checklist_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_verifications" ADD CONSTRAINT "inspection_verifications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_inspector_names_nonempty" CHECK (length(trim("inspector_names")) > 0);--> statement-breakpoint
ALTER TABLE "inspection_findings" ADD CONSTRAINT "inspection_findings_description_nonempty" CHECK (length(trim("description")) > 0);--> statement-breakpoint
ALTER TABLE "inspection_findings" ADD CONSTRAINT "inspection_findings_recovered_within_found" CHECK ("amount_recovered_fen" <= "amount_found_fen");--> statement-breakpoint
CREATE INDEX "inspections_compared_assessment_idx" ON "inspections" USING btree ("compared_assessment_id");--> statement-breakpoint
-- An inspection sits in its institution's region (tenancy filters on it), and the self-check it is
-- compared with is one of that institution's, with at least one submitted version.
CREATE OR REPLACE FUNCTION inspections_check_consistency() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    -- What was inspected, where and against which self-check is the record itself.
    IF ROW(NEW.institution_id, NEW.region_code, NEW.recorded_by_region_code, NEW.compared_assessment_id, NEW.created_by, NEW.created_at)
       IS DISTINCT FROM ROW(OLD.institution_id, OLD.region_code, OLD.recorded_by_region_code, OLD.compared_assessment_id, OLD.created_by, OLD.created_at) THEN
      RAISE EXCEPTION 'inspection % cannot move to another institution, region or self-check', OLD.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.updated_at := now();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM institutions i WHERE i.id = NEW.institution_id AND i.region_code = NEW.region_code) THEN
    RAISE EXCEPTION 'inspection region % is not the region of institution %', NEW.region_code, NEW.institution_id
      USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.compared_assessment_id IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM assessments a WHERE a.id = NEW.compared_assessment_id AND a.institution_id = NEW.institution_id
        AND EXISTS (SELECT 1 FROM assessment_versions v WHERE v.assessment_id = a.id)) THEN
    RAISE EXCEPTION 'inspection % compares with a self-check that is not a submitted one of its institution', NEW.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER inspections_consistent
  BEFORE INSERT OR UPDATE ON inspections
  FOR EACH ROW EXECUTE FUNCTION inspections_check_consistency();
--> statement-breakpoint
-- A finding is recorded or removed (both audited), never rewritten; a finding on a list item
-- names an item of the compared self-check's list version.
CREATE OR REPLACE FUNCTION inspection_findings_check() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'inspection finding % cannot be edited; remove it and record it again', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.checklist_item_id IS NOT NULL AND EXISTS (
      SELECT 1 FROM inspections i WHERE i.id = NEW.inspection_id AND i.compared_assessment_id IS NOT NULL)
     AND NOT EXISTS (
      SELECT 1 FROM inspections i
        JOIN assessments a ON a.id = i.compared_assessment_id
        JOIN campaigns c ON c.id = a.campaign_id
        JOIN checklist_items ci ON ci.version_id = c.checklist_version_id
      WHERE i.id = NEW.inspection_id AND ci.id = NEW.checklist_item_id) THEN
    RAISE EXCEPTION 'checklist item % is not on the list of the compared self-check', NEW.checklist_item_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER inspection_findings_checked
  BEFORE INSERT OR UPDATE ON inspection_findings
  FOR EACH ROW EXECUTE FUNCTION inspection_findings_check();
--> statement-breakpoint
-- Attachments are part of the inspection record: never changed, never deleted.
CREATE OR REPLACE FUNCTION inspection_attachments_reject_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'inspection attachment % is part of the inspection record (% rejected)', OLD.id, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER inspection_attachments_immutable
  BEFORE UPDATE OR DELETE ON inspection_attachments
  FOR EACH ROW EXECUTE FUNCTION inspection_attachments_reject_change();
--> statement-breakpoint
-- Only regulator accounts take part in an inspection.
CREATE OR REPLACE FUNCTION inspection_inspectors_check() RETURNS trigger AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM users u WHERE u.id = NEW.user_id AND u.role = 'regulator') THEN
    RAISE EXCEPTION 'user % is not a regulator', NEW.user_id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER inspection_inspectors_regulators_only
  BEFORE INSERT OR UPDATE ON inspection_inspectors
  FOR EACH ROW EXECUTE FUNCTION inspection_inspectors_check();
--> statement-breakpoint
-- A verdict is about a problem the compared self-check reported, so it needs one.
CREATE OR REPLACE FUNCTION inspection_verifications_check() RETURNS trigger AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM inspections i WHERE i.id = NEW.inspection_id AND i.compared_assessment_id IS NOT NULL) THEN
    RAISE EXCEPTION 'inspection % has no compared self-check to verify', NEW.inspection_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER inspection_verifications_need_self_check
  BEFORE INSERT OR UPDATE ON inspection_verifications
  FOR EACH ROW EXECUTE FUNCTION inspection_verifications_check();
