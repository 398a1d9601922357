-- Risk scores and inspection samples: integrity rules.
-- The pool of regulator accounts a sample's inspectors were drawn from, frozen with its inputs.
ALTER TABLE inspection_samples ADD COLUMN IF NOT EXISTS inspector_pool uuid[] NOT NULL DEFAULT '{}'::uuid[];
--> statement-breakpoint
ALTER TABLE inspection_samples ADD CONSTRAINT inspection_samples_inspectors_range
  CHECK (inspectors_per_institution BETWEEN 0 AND 3);
--> statement-breakpoint
ALTER TABLE inspection_samples ADD CONSTRAINT inspection_samples_size_valid
  CHECK (sample_size BETWEEN 0 AND candidate_count AND jsonb_typeof(inputs) = 'array');
--> statement-breakpoint
ALTER TABLE inspection_sample_entries ADD CONSTRAINT inspection_sample_entries_tier_valid
  CHECK (tier IN ('A','B','C','D'));
--> statement-breakpoint
ALTER TABLE inspection_sample_entries ADD CONSTRAINT inspection_sample_entries_reason_valid
  CHECK (reason IN ('key_supervision','random') AND (reason <> 'key_supervision' OR tier = 'D'));
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS inspection_sample_entries_position_unique
  ON inspection_sample_entries (sample_id, position);
--> statement-breakpoint
-- Score history explains every tier change: append-only.
CREATE OR REPLACE FUNCTION risk_score_history_reject_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'risk_score_history is append-only (% rejected)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER risk_score_history_no_update_delete
  BEFORE UPDATE OR DELETE ON risk_score_history
  FOR EACH ROW EXECUTE FUNCTION risk_score_history_reject_change();
--> statement-breakpoint
-- An override is written once; the only later change is its revocation, once.
CREATE OR REPLACE FUNCTION risk_overrides_only_revoke() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'risk_overrides rows cannot be deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL
     OR (NEW.institution_id, NEW.region_code, NEW.tier, NEW.reason, NEW.expires_on, NEW.created_by, NEW.created_at)
        IS DISTINCT FROM (OLD.institution_id, OLD.region_code, OLD.tier, OLD.reason, OLD.expires_on, OLD.created_by, OLD.created_at) THEN
    RAISE EXCEPTION 'risk override % can only be revoked, once', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER risk_overrides_revoke_only
  BEFORE UPDATE OR DELETE ON risk_overrides
  FOR EACH ROW EXECUTE FUNCTION risk_overrides_only_revoke();
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS risk_overrides_active_idx
  ON risk_overrides (institution_id, created_at DESC) WHERE revoked_at IS NULL;
--> statement-breakpoint
-- A drawn sample is evidence: its seed, inputs and entries never change. Only whether an
-- entry has been inspected may be recorded.
CREATE OR REPLACE FUNCTION inspection_samples_reject_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'inspection sample % is frozen (% rejected)', OLD.id, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER inspection_samples_frozen
  BEFORE UPDATE OR DELETE ON inspection_samples
  FOR EACH ROW EXECUTE FUNCTION inspection_samples_reject_change();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION inspection_sample_entries_only_inspected() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE'
     OR (NEW.sample_id, NEW.institution_id, NEW.position, NEW.tier, NEW.reason, NEW.inspector_ids)
        IS DISTINCT FROM (OLD.sample_id, OLD.institution_id, OLD.position, OLD.tier, OLD.reason, OLD.inspector_ids) THEN
    RAISE EXCEPTION 'inspection sample entries are frozen; only is_inspected may change'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER inspection_sample_entries_frozen
  BEFORE UPDATE OR DELETE ON inspection_sample_entries
  FOR EACH ROW EXECUTE FUNCTION inspection_sample_entries_only_inspected();
