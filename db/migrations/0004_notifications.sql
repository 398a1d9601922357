CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"recipient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"is_escalation" boolean DEFAULT false NOT NULL,
	"subject" text NOT NULL,
	"body_text" text NOT NULL,
	"link_path" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	"email_status" text DEFAULT 'pending' NOT NULL,
	"email_attempts" integer DEFAULT 0 NOT NULL,
	"email_claimed_at" timestamp with time zone,
	"email_sent_at" timestamp with time zone,
	"email_last_error" text,
	CONSTRAINT "notifications_dedupe_key_unique" UNIQUE("dedupe_key"),
	CONSTRAINT "notifications_kind_valid" CHECK ("notifications"."kind" in ('campaign_opened','due_soon','overdue','escalation','rectification_due','rectification_overdue','returned','accepted','weekly_digest')),
	CONSTRAINT "notifications_email_status_valid" CHECK ("notifications"."email_status" in ('pending','sending','sent','failed','skipped')),
	CONSTRAINT "notifications_sent_has_time" CHECK (("notifications"."email_status" = 'sent') = ("notifications"."email_sent_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "wants_email" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "escalate_county_after_days" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "escalate_city_after_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_recipient_idx" ON "notifications" USING btree ("recipient_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("recipient_id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "notifications_email_status_idx" ON "notifications" USING btree ("email_status") WHERE "notifications"."email_status" in ('pending','sending','failed');--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_escalation_order" CHECK ("campaigns"."escalate_county_after_days" >= 1 and "campaigns"."escalate_city_after_days" >= "campaigns"."escalate_county_after_days");