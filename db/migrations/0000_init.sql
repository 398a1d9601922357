CREATE TABLE "regions" (
	"code" char(6) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" char(6),
	"path" text NOT NULL,
	CONSTRAINT "regions_path_unique" UNIQUE("path"),
	CONSTRAINT "regions_code_digits" CHECK ("regions"."code" ~ '^[0-9]{6}$'),
	CONSTRAINT "regions_level_valid" CHECK ("regions"."level" in ('province','city','county')),
	CONSTRAINT "regions_path_ends_with_code" CHECK ("regions"."path" like '%/' || "regions"."code" || '/')
);
--> statement-breakpoint
CREATE TABLE "institutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"grade" text NOT NULL,
	"ownership" text NOT NULL,
	"region_code" char(6) NOT NULL,
	"nhsa_code" char(12) NOT NULL,
	"credit_code" char(18) NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "institutions_nhsa_code_unique" UNIQUE("nhsa_code"),
	CONSTRAINT "institutions_credit_code_unique" UNIQUE("credit_code"),
	CONSTRAINT "institutions_kind_valid" CHECK ("institutions"."kind" in ('hospital','primary_care','village_clinic','pharmacy','elderly_care_clinic','other')),
	CONSTRAINT "institutions_grade_valid" CHECK ("institutions"."grade" in ('tertiary','secondary','primary','ungraded')),
	CONSTRAINT "institutions_ownership_valid" CHECK ("institutions"."ownership" in ('public','private')),
	CONSTRAINT "institutions_nhsa_code_shape" CHECK ("institutions"."nhsa_code" ~ '^[HP][0-9]{11}$' and substr("institutions"."nhsa_code", 2, 6) = "institutions"."region_code"
          and (substr("institutions"."nhsa_code", 1, 1) = 'P') = ("institutions"."kind" = 'pharmacy')),
	CONSTRAINT "institutions_credit_code_shape" CHECK ("institutions"."credit_code" ~ '^[0-9A-HJ-NPQRTUWXY]{18}$')
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"ip" text NOT NULL,
	"succeeded" boolean NOT NULL,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"password_hash" text,
	"role" text NOT NULL,
	"institution_id" uuid,
	"region_code" char(6),
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_role_valid" CHECK ("users"."role" in ('admin','regulator','officer','staff')),
	CONSTRAINT "users_email_lowercase" CHECK ("users"."email" = lower("users"."email")),
	CONSTRAINT "users_scope_matches_role" CHECK (case "users"."role"
            when 'admin' then "users"."institution_id" is null and "users"."region_code" is null
            when 'regulator' then "users"."institution_id" is null and "users"."region_code" is not null
            else "users"."institution_id" is not null and "users"."region_code" is null
          end)
);
--> statement-breakpoint
CREATE TABLE "checklist_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"code" text NOT NULL,
	"position" integer NOT NULL,
	"section" text NOT NULL,
	"domain" text,
	"title" text NOT NULL,
	"guidance" text NOT NULL,
	"legal_basis" text,
	"applies_to" text[] NOT NULL,
	"is_evidence_required" boolean NOT NULL,
	CONSTRAINT "checklist_items_code_unique" UNIQUE("version_id","code"),
	CONSTRAINT "checklist_items_section_valid" CHECK ("checklist_items"."section" in ('定点医疗机构','定点药店','参保人员','职业骗保团伙','异地就医')),
	CONSTRAINT "checklist_items_applies_to_nonempty" CHECK (cardinality("checklist_items"."applies_to") > 0),
	CONSTRAINT "checklist_items_applies_to_valid" CHECK ("checklist_items"."applies_to" <@ array['hospital','primary_care','village_clinic','pharmacy','elderly_care_clinic','other']::text[])
);
--> statement-breakpoint
CREATE TABLE "checklist_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"checklist_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"parent_version_id" uuid,
	"content_hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "checklist_versions_number_unique" UNIQUE("checklist_id","version"),
	CONSTRAINT "checklist_versions_status_valid" CHECK ("checklist_versions"."status" in ('draft','published')),
	CONSTRAINT "checklist_versions_version_positive" CHECK ("checklist_versions"."version" > 0),
	CONSTRAINT "checklist_versions_published_has_date" CHECK (("checklist_versions"."status" = 'published') = ("checklist_versions"."published_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "checklists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"issuer" text NOT NULL,
	"doc_number" text NOT NULL,
	"year" integer NOT NULL,
	"source" text NOT NULL,
	"region_code" char(6) NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checklists_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "reference_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"list_id" uuid NOT NULL,
	"category" text NOT NULL,
	"rank" integer NOT NULL,
	"codes" text[] NOT NULL,
	"name" text NOT NULL,
	"dosage_form" text,
	CONSTRAINT "reference_entries_rank_unique" UNIQUE("list_id","category","rank")
);
--> statement-breakpoint
CREATE TABLE "reference_lists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"issuer" text NOT NULL,
	"doc_number" text NOT NULL,
	"year" integer NOT NULL,
	"source" text NOT NULL,
	"region_code" char(6) NOT NULL,
	"content_hash" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reference_lists_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "campaign_targets" (
	"campaign_id" uuid NOT NULL,
	"institution_id" uuid NOT NULL,
	"institution_name" text NOT NULL,
	"institution_kind" text NOT NULL,
	"region_code" char(6) NOT NULL,
	CONSTRAINT "campaign_targets_campaign_id_institution_id_pk" PRIMARY KEY("campaign_id","institution_id")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"region_code" char(6) NOT NULL,
	"target_region_code" char(6) NOT NULL,
	"target_kinds" text[] NOT NULL,
	"checklist_version_id" uuid NOT NULL,
	"review_period_start" date NOT NULL,
	"review_period_end" date,
	"self_check_due_on" date NOT NULL,
	"rectification_due_on" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_at" timestamp with time zone,
	"opened_by" uuid,
	"closed_at" timestamp with time zone,
	CONSTRAINT "campaigns_status_valid" CHECK ("campaigns"."status" in ('draft','open','closed')),
	CONSTRAINT "campaigns_kinds_nonempty" CHECK (cardinality("campaigns"."target_kinds") > 0),
	CONSTRAINT "campaigns_kinds_valid" CHECK ("campaigns"."target_kinds" <@ array['hospital','primary_care','village_clinic','pharmacy','elderly_care_clinic','other']::text[]),
	CONSTRAINT "campaigns_due_order" CHECK ("campaigns"."rectification_due_on" >= "campaigns"."self_check_due_on"),
	CONSTRAINT "campaigns_period_order" CHECK ("campaigns"."review_period_end" is null or "campaigns"."review_period_end" >= "campaigns"."review_period_start"),
	CONSTRAINT "campaigns_opened_has_date" CHECK ("campaigns"."status" = 'draft' or "campaigns"."opened_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "assessment_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"checklist_item_id" uuid NOT NULL,
	"answer" text NOT NULL,
	"description" text,
	"case_count" integer,
	"amount_involved_fen" bigint,
	"refunded_fen" bigint,
	"rectification_plan" text,
	"responsible_person" text,
	"rectification_due_on" date,
	"rectification_status" text,
	"rectified_on" date,
	"answered_by" uuid NOT NULL,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lock_version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "assessment_items_one_answer" UNIQUE("assessment_id","checklist_item_id"),
	CONSTRAINT "assessment_items_answer_valid" CHECK ("assessment_items"."answer" in ('not_applicable','no_problem','problem_found')),
	CONSTRAINT "assessment_items_rectification_status_valid" CHECK ("assessment_items"."rectification_status" is null or "assessment_items"."rectification_status" in ('open','in_progress','rectified')),
	CONSTRAINT "assessment_items_amounts_valid" CHECK (coalesce("assessment_items"."amount_involved_fen", 0) >= 0 and coalesce("assessment_items"."refunded_fen", 0) >= 0
          and coalesce("assessment_items"."refunded_fen", 0) <= coalesce("assessment_items"."amount_involved_fen", 0)
          and coalesce("assessment_items"."case_count", 0) >= 0),
	CONSTRAINT "assessment_items_problem_details" CHECK (case when "assessment_items"."answer" = 'problem_found' then
            "assessment_items"."description" is not null and "assessment_items"."case_count" is not null and "assessment_items"."amount_involved_fen" is not null
            and "assessment_items"."refunded_fen" is not null and "assessment_items"."rectification_plan" is not null
            and "assessment_items"."responsible_person" is not null and "assessment_items"."rectification_due_on" is not null
            and "assessment_items"."rectification_status" is not null
          else
            "assessment_items"."description" is null and "assessment_items"."case_count" is null and "assessment_items"."amount_involved_fen" is null
            and "assessment_items"."refunded_fen" is null and "assessment_items"."rectification_plan" is null
            and "assessment_items"."responsible_person" is null and "assessment_items"."rectification_due_on" is null
            and "assessment_items"."rectification_status" is null
          end),
	CONSTRAINT "assessment_items_rectified_has_date" CHECK (("assessment_items"."rectification_status" = 'rectified') = ("assessment_items"."rectified_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"institution_id" uuid NOT NULL,
	"region_code" char(6) NOT NULL,
	"status" text DEFAULT 'not_started' NOT NULL,
	"item_count" integer NOT NULL,
	"answered_count" integer DEFAULT 0 NOT NULL,
	"problem_count" integer DEFAULT 0 NOT NULL,
	"amount_involved_fen" bigint DEFAULT 0 NOT NULL,
	"refunded_fen" bigint DEFAULT 0 NOT NULL,
	"commitment_signed_by" text,
	"commitment_signed_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"started_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessments_campaign_institution_unique" UNIQUE("campaign_id","institution_id"),
	CONSTRAINT "assessments_status_valid" CHECK ("assessments"."status" in ('not_started','in_progress','submitted','returned','resubmitted','accepted')),
	CONSTRAINT "assessments_counts_valid" CHECK ("assessments"."answered_count" between 0 and "assessments"."item_count" and "assessments"."problem_count" between 0 and "assessments"."answered_count"),
	CONSTRAINT "assessments_amounts_nonnegative" CHECK ("assessments"."amount_involved_fen" >= 0 and "assessments"."refunded_fen" >= 0),
	CONSTRAINT "assessments_submitted_is_complete" CHECK ("assessments"."status" in ('not_started','in_progress') or ("assessments"."submitted_at" is not null and "assessments"."commitment_signed_at" is not null and "assessments"."answered_count" = "assessments"."item_count"))
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"institution_id" uuid,
	"region_code" char(6),
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_parent_code_regions_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institutions" ADD CONSTRAINT "institutions_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_version_id_checklist_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."checklist_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_versions" ADD CONSTRAINT "checklist_versions_checklist_id_checklists_id_fk" FOREIGN KEY ("checklist_id") REFERENCES "public"."checklists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_versions" ADD CONSTRAINT "checklist_versions_parent_version_id_checklist_versions_id_fk" FOREIGN KEY ("parent_version_id") REFERENCES "public"."checklist_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_versions" ADD CONSTRAINT "checklist_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklists" ADD CONSTRAINT "checklists_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_entries" ADD CONSTRAINT "reference_entries_list_id_reference_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."reference_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_lists" ADD CONSTRAINT "reference_lists_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_targets" ADD CONSTRAINT "campaign_targets_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_targets" ADD CONSTRAINT "campaign_targets_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_targets" ADD CONSTRAINT "campaign_targets_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_target_region_code_regions_code_fk" FOREIGN KEY ("target_region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_checklist_version_id_checklist_versions_id_fk" FOREIGN KEY ("checklist_version_id") REFERENCES "public"."checklist_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_items" ADD CONSTRAINT "assessment_items_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_items" ADD CONSTRAINT "assessment_items_checklist_item_id_checklist_items_id_fk" FOREIGN KEY ("checklist_item_id") REFERENCES "public"."checklist_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_items" ADD CONSTRAINT "assessment_items_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_target_fk" FOREIGN KEY ("campaign_id","institution_id") REFERENCES "public"."campaign_targets"("campaign_id","institution_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "regions_path_prefix_idx" ON "regions" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "institutions_region_kind_idx" ON "institutions" USING btree ("region_code","kind");--> statement-breakpoint
CREATE INDEX "login_attempts_email_time_idx" ON "login_attempts" USING btree ("email","attempted_at");--> statement-breakpoint
CREATE INDEX "login_attempts_ip_time_idx" ON "login_attempts" USING btree ("ip","attempted_at");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "users_institution_idx" ON "users" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "users_region_idx" ON "users" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "checklist_items_version_position_idx" ON "checklist_items" USING btree ("version_id","position");--> statement-breakpoint
CREATE INDEX "campaign_targets_institution_idx" ON "campaign_targets" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "campaigns_region_idx" ON "campaigns" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "assessments_campaign_status_idx" ON "assessments" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE INDEX "assessments_institution_idx" ON "assessments" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "audit_events_entity_idx" ON "audit_events" USING btree ("entity_type","entity_id","occurred_at");--> statement-breakpoint
CREATE INDEX "audit_events_institution_idx" ON "audit_events" USING btree ("institution_id","occurred_at");--> statement-breakpoint
CREATE INDEX "audit_events_region_idx" ON "audit_events" USING btree ("region_code","occurred_at");