-- The clue verification ledger (线索核查台账): batches, clues, suspicious records, their
-- answers (versioned, frozen once submitted), closure, complainant identity and evidence files.
-- Every table carries province_code (the first two digits of the region code): the key the
-- ledger is distributed by, and the first column of every hot index.
CREATE TABLE "clue_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" char(2) NOT NULL,
	"region_code" char(6) NOT NULL REFERENCES "regions"("code"),
	"file_name" text NOT NULL,
	"file_sha256" char(64) NOT NULL,
	"batch_name" text NOT NULL,
	"doc_no" text NOT NULL,
	"due_on" date NOT NULL,
	"status" text NOT NULL,
	"total_rows" integer NOT NULL,
	"valid_rows" integer NOT NULL,
	"rows" jsonb NOT NULL,
	"batch_id" uuid,
	"created_records" integer DEFAULT 0 NOT NULL,
	"created_clues" integer DEFAULT 0 NOT NULL,
	"created_by" uuid NOT NULL REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"imported_at" timestamp with time zone,
	CONSTRAINT "clue_imports_status_valid" CHECK ("status" IN ('validated', 'imported')),
	CONSTRAINT "clue_imports_province_matches" CHECK ("province_code" = left("region_code", 2)),
	CONSTRAINT "clue_imports_counts_valid" CHECK ("valid_rows" BETWEEN 0 AND "total_rows")
);
--> statement-breakpoint
CREATE INDEX "clue_imports_region_idx" ON "clue_imports" ("province_code", "region_code", "created_at");
--> statement-breakpoint
CREATE TABLE "clue_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" char(2) NOT NULL,
	"region_code" char(6) NOT NULL REFERENCES "regions"("code"),
	"source" text NOT NULL,
	"name" text NOT NULL,
	"doc_no" text,
	"file_sha256" char(64),
	"due_on" date NOT NULL,
	"created_by" uuid NOT NULL REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clue_batches_source_valid" CHECK ("source" IN ('upper', 'complaint', 'monitoring', 'inspection', 'transfer', 'other')),
	CONSTRAINT "clue_batches_province_matches" CHECK ("province_code" = left("region_code", 2))
);
--> statement-breakpoint
-- The same file imported twice by the same bureau is the same batch.
CREATE UNIQUE INDEX "clue_batches_one_per_file" ON "clue_batches" ("province_code", "region_code", "file_sha256") WHERE "file_sha256" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "clue_imports" ADD CONSTRAINT "clue_imports_batch_fk" FOREIGN KEY ("batch_id") REFERENCES "clue_batches"("id");
--> statement-breakpoint
CREATE TABLE "clues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" char(2) NOT NULL,
	"batch_id" uuid REFERENCES "clue_batches"("id"),
	"source" text NOT NULL,
	"registered_region_code" char(6) NOT NULL REFERENCES "regions"("code"),
	"handler_region_code" char(6) NOT NULL REFERENCES "regions"("code"),
	"subject_region_code" char(6) NOT NULL REFERENCES "regions"("code"),
	"institution_id" uuid REFERENCES "institutions"("id"),
	"checklist_item_id" uuid REFERENCES "checklist_items"("id"),
	"rule_code" text NOT NULL,
	"rule_name" text NOT NULL,
	"summary" text NOT NULL DEFAULT '',
	"risk_level" text NOT NULL,
	"amount_fen" bigint DEFAULT 0 NOT NULL,
	"record_count" integer DEFAULT 0 NOT NULL,
	"due_on" date NOT NULL,
	"status" text NOT NULL,
	"result" text,
	"recovered_fen" bigint,
	"penalty_fen" bigint,
	"transfer_target" text,
	"transfer_on" date,
	"closing_note" text,
	"closed_by" uuid REFERENCES "users"("id"),
	"closed_at" timestamp with time zone,
	"created_by" uuid NOT NULL REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatched_at" timestamp with time zone,
	CONSTRAINT "clues_source_valid" CHECK ("source" IN ('upper', 'complaint', 'monitoring', 'inspection', 'transfer', 'other')),
	CONSTRAINT "clues_risk_valid" CHECK ("risk_level" IN ('high', 'medium', 'low')),
	CONSTRAINT "clues_status_valid" CHECK ("status" IN ('pending', 'verifying', 'closed')),
	CONSTRAINT "clues_province_matches" CHECK ("province_code" = left("handler_region_code", 2) AND "province_code" = left("subject_region_code", 2)),
	CONSTRAINT "clues_amounts_nonnegative" CHECK ("amount_fen" >= 0 AND coalesce("recovered_fen", 0) >= 0 AND coalesce("penalty_fen", 0) >= 0),
	-- Closed means a result; 查实 carries its amounts, 查否 none; a transfer names its body and date.
	CONSTRAINT "clues_closed_has_result" CHECK (("status" = 'closed') = ("result" IS NOT NULL AND "closed_at" IS NOT NULL)),
	CONSTRAINT "clues_result_valid" CHECK ("result" IS NULL OR "result" IN ('confirmed', 'unfounded')),
	CONSTRAINT "clues_confirmed_amounts" CHECK (("result" = 'confirmed') = ("recovered_fen" IS NOT NULL AND "penalty_fen" IS NOT NULL)),
	CONSTRAINT "clues_transfer_pair" CHECK (("transfer_target" IS NULL) = ("transfer_on" IS NULL)),
	CONSTRAINT "clues_transfer_only_confirmed" CHECK ("transfer_target" IS NULL OR "result" = 'confirmed')
);
--> statement-breakpoint
-- One clue per institution × rule in a batch: records of a re-import find their clue.
CREATE UNIQUE INDEX "clues_one_per_batch_institution_rule" ON "clues" ("province_code", "batch_id", "institution_id", "rule_code") WHERE "batch_id" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "clues_handler_idx" ON "clues" ("province_code", "handler_region_code", "status", "due_on");
--> statement-breakpoint
CREATE INDEX "clues_institution_idx" ON "clues" ("province_code", "institution_id", "status") WHERE "institution_id" IS NOT NULL;
--> statement-breakpoint
CREATE TABLE "clue_records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"province_code" char(2) NOT NULL,
	"clue_id" uuid NOT NULL REFERENCES "clues"("id"),
	"institution_id" uuid NOT NULL REFERENCES "institutions"("id"),
	"settlement_no" text NOT NULL,
	"occurred_on" date NOT NULL,
	"item_code" text NOT NULL,
	"item_name" text NOT NULL,
	"quantity" numeric(14, 2) NOT NULL,
	"amount_fen" bigint NOT NULL,
	"rule_code" text NOT NULL,
	-- Personal information: AES-256-GCM ciphertext, HMAC-SHA256 keyed hash (for matching), masked form.
	"patient_name_enc" text,
	"patient_name_hash" char(64),
	"patient_name_masked" text,
	"patient_id_enc" text,
	"patient_id_hash" char(64),
	"patient_id_masked" text,
	"answer_state" text DEFAULT 'unanswered' NOT NULL,
	"answer_version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "clue_records_state_valid" CHECK ("answer_state" IN ('unanswered', 'submitted', 'returned', 'accepted')),
	CONSTRAINT "clue_records_amount_nonnegative" CHECK ("amount_fen" >= 0)
);
--> statement-breakpoint
-- A suspicious record is known once per province: re-imports skip it.
CREATE UNIQUE INDEX "clue_records_natural_key" ON "clue_records" ("province_code", "institution_id", "settlement_no", "item_code", "rule_code");
--> statement-breakpoint
CREATE INDEX "clue_records_clue_idx" ON "clue_records" ("province_code", "clue_id", "answer_state");
--> statement-breakpoint
CREATE INDEX "clue_records_patient_id_idx" ON "clue_records" ("province_code", "patient_id_hash") WHERE "patient_id_hash" IS NOT NULL;
--> statement-breakpoint
CREATE TABLE "clue_record_answers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"province_code" char(2) NOT NULL,
	"record_id" bigint NOT NULL REFERENCES "clue_records"("id"),
	"clue_id" uuid NOT NULL REFERENCES "clues"("id"),
	"version" integer NOT NULL,
	"verdict" text NOT NULL,
	"explanation" text NOT NULL,
	"confirmed_fen" bigint NOT NULL,
	"refunded_fen" bigint NOT NULL,
	"submitted_by" uuid NOT NULL REFERENCES "users"("id"),
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decision" text,
	"review_comment" text,
	"reviewed_by" uuid REFERENCES "users"("id"),
	"reviewed_at" timestamp with time zone,
	CONSTRAINT "clue_record_answers_verdict_valid" CHECK ("verdict" IN ('true', 'partly', 'false')),
	CONSTRAINT "clue_record_answers_amounts" CHECK ("confirmed_fen" >= 0 AND "refunded_fen" >= 0 AND "refunded_fen" <= "confirmed_fen"),
	CONSTRAINT "clue_record_answers_false_no_amounts" CHECK ("verdict" <> 'false' OR "confirmed_fen" = 0),
	CONSTRAINT "clue_record_answers_decision_valid" CHECK ("decision" IS NULL OR "decision" IN ('accepted', 'returned')),
	CONSTRAINT "clue_record_answers_review_complete" CHECK (("decision" IS NULL) = ("reviewed_at" IS NULL) AND ("decision" IS NULL) = ("reviewed_by" IS NULL)),
	CONSTRAINT "clue_record_answers_return_has_comment" CHECK ("decision" <> 'returned' OR length(trim("review_comment")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "clue_record_answers_version" ON "clue_record_answers" ("province_code", "record_id", "version");
--> statement-breakpoint
CREATE INDEX "clue_record_answers_clue_idx" ON "clue_record_answers" ("province_code", "clue_id");
--> statement-breakpoint
CREATE TABLE "clue_complainants" (
	"clue_id" uuid PRIMARY KEY REFERENCES "clues"("id"),
	"province_code" char(2) NOT NULL,
	"registered_region_code" char(6) NOT NULL REFERENCES "regions"("code"),
	"name_enc" text NOT NULL,
	"name_masked" text NOT NULL,
	"phone_enc" text,
	"phone_masked" text,
	"id_number_enc" text,
	"id_number_masked" text,
	CONSTRAINT "clue_complainants_province_matches" CHECK ("province_code" = left("registered_region_code", 2))
);
--> statement-breakpoint
CREATE TABLE "clue_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" char(2) NOT NULL,
	"clue_id" uuid NOT NULL REFERENCES "clues"("id"),
	"institution_id" uuid NOT NULL REFERENCES "institutions"("id"),
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" char(64) NOT NULL,
	"uploaded_by" uuid NOT NULL REFERENCES "users"("id"),
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "clue_files_clue_idx" ON "clue_files" ("province_code", "clue_id");
--> statement-breakpoint
CREATE INDEX "clue_files_sha256_idx" ON "clue_files" ("sha256");
