CREATE TABLE "campaign_item_stats" (
	"campaign_id" uuid NOT NULL,
	"region_code" char(6) NOT NULL,
	"institution_kind" text NOT NULL,
	"checklist_item_id" uuid NOT NULL,
	"problem_count" integer DEFAULT 0 NOT NULL,
	"case_count" bigint DEFAULT 0 NOT NULL,
	"amount_involved_fen" bigint DEFAULT 0 NOT NULL,
	"refunded_fen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_item_stats_campaign_id_region_code_institution_kind_checklist_item_id_pk" PRIMARY KEY("campaign_id","region_code","institution_kind","checklist_item_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_region_stats" (
	"campaign_id" uuid NOT NULL,
	"region_code" char(6) NOT NULL,
	"institution_kind" text NOT NULL,
	"target_count" integer DEFAULT 0 NOT NULL,
	"not_started_count" integer DEFAULT 0 NOT NULL,
	"in_progress_count" integer DEFAULT 0 NOT NULL,
	"submitted_count" integer DEFAULT 0 NOT NULL,
	"returned_count" integer DEFAULT 0 NOT NULL,
	"resubmitted_count" integer DEFAULT 0 NOT NULL,
	"accepted_count" integer DEFAULT 0 NOT NULL,
	"item_count" bigint DEFAULT 0 NOT NULL,
	"answered_count" bigint DEFAULT 0 NOT NULL,
	"problem_count" bigint DEFAULT 0 NOT NULL,
	"amount_involved_fen" bigint DEFAULT 0 NOT NULL,
	"refunded_fen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_region_stats_campaign_id_region_code_institution_kind_pk" PRIMARY KEY("campaign_id","region_code","institution_kind")
);
--> statement-breakpoint
CREATE TABLE "campaign_submission_days" (
	"campaign_id" uuid NOT NULL,
	"region_code" char(6) NOT NULL,
	"day" date NOT NULL,
	"first_submissions" integer DEFAULT 0 NOT NULL,
	"resubmissions" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_submission_days_campaign_id_region_code_day_pk" PRIMARY KEY("campaign_id","region_code","day")
);
--> statement-breakpoint
CREATE TABLE "inspection_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" char(64) NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_attachments_sha256_hex" CHECK ("inspection_attachments"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "inspection_attachments_size_positive" CHECK ("inspection_attachments"."size_bytes" > 0)
);
--> statement-breakpoint
CREATE TABLE "inspection_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"checklist_item_id" uuid,
	"description" text NOT NULL,
	"case_count" integer DEFAULT 0 NOT NULL,
	"amount_found_fen" bigint DEFAULT 0 NOT NULL,
	"amount_recovered_fen" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_findings_amounts_valid" CHECK ("inspection_findings"."amount_found_fen" >= 0 and "inspection_findings"."amount_recovered_fen" >= 0 and "inspection_findings"."case_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "inspection_inspectors" (
	"inspection_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "inspection_inspectors_inspection_id_user_id_pk" PRIMARY KEY("inspection_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "inspection_sample_entries" (
	"sample_id" uuid NOT NULL,
	"institution_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"tier" char(1) NOT NULL,
	"reason" text NOT NULL,
	"inspector_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"is_inspected" boolean DEFAULT false NOT NULL,
	CONSTRAINT "inspection_sample_entries_sample_id_institution_id_pk" PRIMARY KEY("sample_id","institution_id")
);
--> statement-breakpoint
CREATE TABLE "inspection_samples" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" char(6) NOT NULL,
	"title" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"ratio_bp" integer NOT NULL,
	"seed" text NOT NULL,
	"input_digest" char(64) NOT NULL,
	"candidate_count" integer NOT NULL,
	"sample_size" integer NOT NULL,
	"inputs" jsonb NOT NULL,
	"inspectors_per_institution" integer DEFAULT 0 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_samples_ratio_valid" CHECK ("inspection_samples"."ratio_bp" between 1000 and 10000),
	CONSTRAINT "inspection_samples_period_order" CHECK ("inspection_samples"."period_end" >= "inspection_samples"."period_start")
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"region_code" char(6) NOT NULL,
	"recorded_by_region_code" char(6) NOT NULL,
	"type" text NOT NULL,
	"inspected_on" date NOT NULL,
	"inspector_names" text NOT NULL,
	"summary" text,
	"compared_assessment_id" uuid,
	"sample_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspections_type_valid" CHECK ("inspections"."type" in ('flight','on_site','cross','third_party'))
);
--> statement-breakpoint
CREATE TABLE "risk_overrides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"region_code" char(6) NOT NULL,
	"tier" char(1) NOT NULL,
	"reason" text NOT NULL,
	"expires_on" date NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	CONSTRAINT "risk_overrides_tier_valid" CHECK ("risk_overrides"."tier" in ('A','B','C','D')),
	CONSTRAINT "risk_overrides_reason_nonempty" CHECK (length(trim("risk_overrides"."reason")) > 0)
);
--> statement-breakpoint
CREATE TABLE "risk_score_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"region_code" char(6) NOT NULL,
	"score" integer NOT NULL,
	"tier" char(1) NOT NULL,
	"facts" jsonb NOT NULL,
	"factors" jsonb NOT NULL,
	"cause" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_scores" (
	"institution_id" uuid PRIMARY KEY NOT NULL,
	"region_code" char(6) NOT NULL,
	"score" integer NOT NULL,
	"tier" char(1) NOT NULL,
	"facts" jsonb NOT NULL,
	"factors" jsonb NOT NULL,
	"last_inspected_on" date,
	"next_inspection_due_on" date NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_scores_tier_valid" CHECK ("risk_scores"."tier" in ('A','B','C','D')),
	CONSTRAINT "risk_scores_score_range" CHECK ("risk_scores"."score" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" char(64) NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"invited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"email_status" text DEFAULT 'pending' NOT NULL,
	"email_attempts" integer DEFAULT 0 NOT NULL,
	"email_claimed_at" timestamp with time zone,
	"email_sent_at" timestamp with time zone,
	"email_last_error" text,
	CONSTRAINT "invitations_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "invitations_email_status_valid" CHECK ("invitations"."email_status" in ('pending','sending','sent','failed'))
);
--> statement-breakpoint
CREATE TABLE "roster_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" char(6) NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" char(64) NOT NULL,
	"status" text NOT NULL,
	"total_rows" integer NOT NULL,
	"valid_rows" integer NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created_count" integer DEFAULT 0 NOT NULL,
	"unchanged_count" integer DEFAULT 0 NOT NULL,
	"rows" jsonb NOT NULL,
	"error" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "roster_imports_status_valid" CHECK ("roster_imports"."status" in ('validated','importing','imported','failed'))
);
--> statement-breakpoint
ALTER TABLE "institutions" ADD COLUMN "contact_email" text;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD COLUMN "inherited_item_id" uuid;--> statement-breakpoint
ALTER TABLE "campaign_item_stats" ADD CONSTRAINT "campaign_item_stats_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_item_stats" ADD CONSTRAINT "campaign_item_stats_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_item_stats" ADD CONSTRAINT "campaign_item_stats_checklist_item_id_checklist_items_id_fk" FOREIGN KEY ("checklist_item_id") REFERENCES "public"."checklist_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_region_stats" ADD CONSTRAINT "campaign_region_stats_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_region_stats" ADD CONSTRAINT "campaign_region_stats_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_submission_days" ADD CONSTRAINT "campaign_submission_days_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_submission_days" ADD CONSTRAINT "campaign_submission_days_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_attachments" ADD CONSTRAINT "inspection_attachments_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_attachments" ADD CONSTRAINT "inspection_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_findings" ADD CONSTRAINT "inspection_findings_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_findings" ADD CONSTRAINT "inspection_findings_checklist_item_id_checklist_items_id_fk" FOREIGN KEY ("checklist_item_id") REFERENCES "public"."checklist_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_inspectors" ADD CONSTRAINT "inspection_inspectors_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_inspectors" ADD CONSTRAINT "inspection_inspectors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_sample_entries" ADD CONSTRAINT "inspection_sample_entries_sample_id_inspection_samples_id_fk" FOREIGN KEY ("sample_id") REFERENCES "public"."inspection_samples"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_sample_entries" ADD CONSTRAINT "inspection_sample_entries_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_samples" ADD CONSTRAINT "inspection_samples_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_samples" ADD CONSTRAINT "inspection_samples_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_recorded_by_region_code_regions_code_fk" FOREIGN KEY ("recorded_by_region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_compared_assessment_id_assessments_id_fk" FOREIGN KEY ("compared_assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_overrides" ADD CONSTRAINT "risk_overrides_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_overrides" ADD CONSTRAINT "risk_overrides_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_overrides" ADD CONSTRAINT "risk_overrides_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_score_history" ADD CONSTRAINT "risk_score_history_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_scores" ADD CONSTRAINT "risk_scores_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_scores" ADD CONSTRAINT "risk_scores_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_imports" ADD CONSTRAINT "roster_imports_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_imports" ADD CONSTRAINT "roster_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_item_stats_item_idx" ON "campaign_item_stats" USING btree ("campaign_id","checklist_item_id");--> statement-breakpoint
CREATE INDEX "inspection_attachments_inspection_idx" ON "inspection_attachments" USING btree ("inspection_id");--> statement-breakpoint
CREATE INDEX "inspection_findings_inspection_idx" ON "inspection_findings" USING btree ("inspection_id");--> statement-breakpoint
CREATE INDEX "inspection_inspectors_user_idx" ON "inspection_inspectors" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "inspection_samples_region_idx" ON "inspection_samples" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "inspections_institution_idx" ON "inspections" USING btree ("institution_id","inspected_on");--> statement-breakpoint
CREATE INDEX "inspections_region_idx" ON "inspections" USING btree ("region_code","inspected_on");--> statement-breakpoint
CREATE INDEX "risk_overrides_institution_idx" ON "risk_overrides" USING btree ("institution_id","created_at");--> statement-breakpoint
CREATE INDEX "risk_score_history_institution_idx" ON "risk_score_history" USING btree ("institution_id","computed_at");--> statement-breakpoint
CREATE INDEX "risk_scores_region_tier_idx" ON "risk_scores" USING btree ("region_code","tier");--> statement-breakpoint
CREATE INDEX "invitations_user_idx" ON "invitations" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "roster_imports_region_idx" ON "roster_imports" USING btree ("region_code","created_at");--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_inherited_item_id_checklist_items_id_fk" FOREIGN KEY ("inherited_item_id") REFERENCES "public"."checklist_items"("id") ON DELETE no action ON UPDATE no action;