-- A submitted answer is what the bureau reviewed: its content never changes, a review decision
-- is taken once, and no answer is deleted. A resubmission is a new version (a new row).
CREATE FUNCTION "clue_answers_frozen"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'clue answers are never deleted' USING ERRCODE = 'check_violation';
  END IF;
  IF (NEW.record_id, NEW.clue_id, NEW.province_code, NEW.version, NEW.verdict, NEW.explanation, NEW.confirmed_fen,
      NEW.refunded_fen, NEW.submitted_by, NEW.submitted_at)
     IS DISTINCT FROM (OLD.record_id, OLD.clue_id, OLD.province_code, OLD.version, OLD.verdict, OLD.explanation,
      OLD.confirmed_fen, OLD.refunded_fen, OLD.submitted_by, OLD.submitted_at) THEN
    RAISE EXCEPTION 'a submitted clue answer is frozen' USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.decision IS NOT NULL AND (NEW.decision, NEW.review_comment, NEW.reviewed_by, NEW.reviewed_at)
     IS DISTINCT FROM (OLD.decision, OLD.review_comment, OLD.reviewed_by, OLD.reviewed_at) THEN
    RAISE EXCEPTION 'a clue answer is reviewed once' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "clue_record_answers_frozen" BEFORE UPDATE OR DELETE ON "clue_record_answers"
  FOR EACH ROW EXECUTE FUNCTION "clue_answers_frozen"();
