-- roster imports and invitations: integrity rules
-- The link's token is made when its e-mail is sent (only the hash is kept), so a queued
-- invitation has no hash yet; a re-send supersedes (revokes) the open invitation.
ALTER TABLE "invitations" ALTER COLUMN "token_hash" DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "revoked_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_sent_has_token" CHECK ("email_status" <> 'sent' OR "token_hash" IS NOT NULL);
--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_used_xor_revoked" CHECK ("used_at" IS NULL OR "revoked_at" IS NULL);
--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_attempts_nonnegative" CHECK ("email_attempts" >= 0);
--> statement-breakpoint
-- At most one open (unused, not superseded) invitation per user.
CREATE UNIQUE INDEX "invitations_one_open_per_user" ON "invitations" ("user_id") WHERE "used_at" IS NULL AND "revoked_at" IS NULL;
--> statement-breakpoint
ALTER TABLE "roster_imports" ADD COLUMN "only_valid" boolean;
--> statement-breakpoint
ALTER TABLE "roster_imports" ADD COLUMN "imported_by" uuid REFERENCES "users"("id");
--> statement-breakpoint
ALTER TABLE "roster_imports" ADD COLUMN "invited_count" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "roster_imports" ADD COLUMN "started_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "roster_imports" ADD CONSTRAINT "roster_imports_counts_valid" CHECK (
  "valid_rows" BETWEEN 0 AND "total_rows"
  AND "processed_rows" >= 0
  AND "created_count" >= 0 AND "unchanged_count" >= 0 AND "invited_count" >= 0
  AND "created_count" + "unchanged_count" <= "total_rows");
--> statement-breakpoint
-- Importing needs who asked for it and in which mode.
ALTER TABLE "roster_imports" ADD CONSTRAINT "roster_imports_started_has_mode" CHECK ("status" = 'validated' OR ("only_valid" IS NOT NULL AND "imported_by" IS NOT NULL));
