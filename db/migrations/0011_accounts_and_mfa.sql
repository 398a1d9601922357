-- Accounts and sign-in: session lifetimes and devices, atomic sign-in throttles, TOTP second
-- factor with recovery codes, password reset links (sent like invitations), deactivation.
-- See docs/decisions/011-sign-in-throttling-and-sessions.md and 012-second-factor-and-password-reset.md.

-- Sessions: when and from where each started, an absolute end (12 h) on top of the sliding
-- idle expiry, and whether the second factor is still owed (a half-signed-in session).
ALTER TABLE "sessions" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "absolute_expires_at" timestamp with time zone DEFAULT now() + interval '12 hours' NOT NULL;
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "ip" text;
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "user_agent" text;
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "is_mfa_pending" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" ("expires_at");
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "deactivated_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "password_changed_at" timestamp with time zone;
--> statement-breakpoint
-- Replaced by auth_throttles: counting rows after the fact let parallel tries through.
DROP TABLE "login_attempts";
--> statement-breakpoint
-- One counter per (kind, key) and fixed window; a try first takes a slot with one
-- INSERT … ON CONFLICT DO UPDATE … RETURNING (the row lock makes count-and-check atomic).
CREATE TABLE "auth_throttles" (
  "kind" text NOT NULL,
  "key" text NOT NULL,
  "attempts" integer NOT NULL,
  "window_started_at" timestamp with time zone NOT NULL,
  CONSTRAINT "auth_throttles_pk" PRIMARY KEY ("kind", "key"),
  CONSTRAINT "auth_throttles_kind_valid" CHECK ("kind" IN ('login_account', 'login_ip', 'mfa_account', 'reset_ip', 'reset_account')),
  CONSTRAINT "auth_throttles_attempts_nonnegative" CHECK ("attempts" >= 0)
);
--> statement-breakpoint
CREATE INDEX "auth_throttles_window_idx" ON "auth_throttles" ("window_started_at");
--> statement-breakpoint
-- The TOTP secret, encrypted (AES-256-GCM, key MFA_SECRET_KEY); confirmed once a code from the
-- authenticator was accepted. last_used_step: the newest time step used, so a code is never
-- accepted twice.
CREATE TABLE "user_totp" (
  "user_id" uuid PRIMARY KEY NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "secret_enc" text NOT NULL,
  "confirmed_at" timestamp with time zone,
  "last_used_step" bigint,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recovery_codes" (
  "id" bigserial PRIMARY KEY NOT NULL,
  "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "code_hash" char(64) NOT NULL,
  "used_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "recovery_codes_user_code_unique" UNIQUE ("user_id", "code_hash")
);
--> statement-breakpoint
-- A password reset link is an invitation row with purpose 'reset': the same one-time hashed
-- token made at send time, the same exactly-once e-mail path, a 30-minute life.
ALTER TABLE "invitations" ADD COLUMN "purpose" text DEFAULT 'invite' NOT NULL;
--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_purpose_valid" CHECK ("purpose" IN ('invite', 'reset'));
