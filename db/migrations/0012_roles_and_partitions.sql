-- Running as a production service (docs/decisions/014 and 015):
--   1. the least-privilege role the web and the worker connect as (zicha_app);
--   2. audit_events and notifications partitioned by month (UTC), with a default partition
--      that catches rows for months not created yet, and maintenance / retention functions
--      that only the owner may run;
--   3. notice uniqueness kept in a small unpartitioned key table (a partitioned table's unique
--      indexes must contain the partition key, and a dedupe key has no date of its own);
--   4. columns for taking failed e-mails back after a cool-down (mail outages).

-- 1. The group role the application's login roles are members of. Cluster-wide: created once
-- (by whoever runs the first migration with CREATEROLE, or beforehand by the DBA with
-- `npm run db:roles`); two databases migrating at the same moment may race to create it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zicha_app') THEN
    BEGIN
      CREATE ROLE zicha_app NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- created concurrently by another migration
    END;
  END IF;
END $$;
--> statement-breakpoint

-- 2. Both tables are rebuilt from themselves (LIKE … INCLUDING DEFAULTS INCLUDING CONSTRAINTS),
-- so columns and checks added by earlier migrations come along; the primary key gains the
-- partition key, and the secondary indexes are recreated on the new parent from their own
-- definitions (zicha_copy_indexes).
CREATE OR REPLACE FUNCTION zicha_copy_indexes(p_from text, p_to text) RETURNS void AS $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT ic.relname AS name, pg_get_indexdef(ix.indexrelid) AS def
    FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid
    WHERE ix.indrelid = to_regclass(p_from)
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
  LOOP
    EXECUTE format('ALTER INDEX %I RENAME TO %I', r.name, left('old_' || r.name, 63));
    EXECUTE regexp_replace(r.def, ' ON (\S+\.)?' || p_from || ' ', ' ON \1' || p_to || ' ');
  END LOOP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint

-- 2a. audit_events: primary key (id, occurred_at), partitioned by occurred_at.
ALTER TABLE "audit_events" RENAME TO "audit_events_unpartitioned";
--> statement-breakpoint
ALTER INDEX "audit_events_pkey" RENAME TO "audit_events_unpartitioned_pkey";
--> statement-breakpoint
CREATE TABLE "audit_events" (
	LIKE "audit_events_unpartitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
	CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id", "occurred_at")
) PARTITION BY RANGE ("occurred_at");
--> statement-breakpoint
-- The id sequence now belongs to the new table (it would go with the old one otherwise).
ALTER SEQUENCE "audit_events_id_seq" OWNED BY "audit_events"."id";
--> statement-breakpoint
SELECT zicha_copy_indexes('audit_events_unpartitioned', 'audit_events');
--> statement-breakpoint
-- Row triggers on a partitioned table are cloned onto every partition, present and future.
CREATE TRIGGER "audit_events_no_update_delete"
  BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION audit_events_reject_change();
--> statement-breakpoint
CREATE TABLE "audit_events_default" PARTITION OF "audit_events" DEFAULT;
--> statement-breakpoint

-- 2b. notifications: primary key (id, created_at), plus the outage-retry pair.
ALTER TABLE "notifications" RENAME TO "notifications_unpartitioned";
--> statement-breakpoint
ALTER TABLE "notifications_unpartitioned" RENAME CONSTRAINT "notifications_pkey" TO "notifications_unpartitioned_pkey";
--> statement-breakpoint
ALTER TABLE "notifications_unpartitioned" RENAME CONSTRAINT "notifications_dedupe_key_unique" TO "notifications_unpartitioned_dedupe_key_unique";
--> statement-breakpoint
CREATE TABLE "notifications" (
	LIKE "notifications_unpartitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
	"email_failed_rounds" integer DEFAULT 0 NOT NULL,
	"email_retry_at" timestamp with time zone,
	CONSTRAINT "notifications_pkey" PRIMARY KEY ("id", "created_at"),
	CONSTRAINT "notifications_failed_rounds_nonnegative" CHECK ("email_failed_rounds" >= 0)
) PARTITION BY RANGE ("created_at");
--> statement-breakpoint
ALTER TABLE "notifications_unpartitioned" DROP CONSTRAINT "notifications_recipient_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id");
--> statement-breakpoint
SELECT zicha_copy_indexes('notifications_unpartitioned', 'notifications');
--> statement-breakpoint
-- Workers and pages find a notice by id alone.
CREATE INDEX "notifications_id_idx" ON "notifications" USING btree ("id");
--> statement-breakpoint
CREATE INDEX "notifications_retry_idx" ON "notifications" USING btree ("email_retry_at") WHERE "email_status" = 'failed';
--> statement-breakpoint
CREATE TABLE "notifications_default" PARTITION OF "notifications" DEFAULT;
--> statement-breakpoint

-- 3. One row per dedupe key ever recorded, unpartitioned, so uniqueness spans every month.
CREATE TABLE "notification_keys" (
	"dedupe_key" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "notification_keys_created_idx" ON "notification_keys" USING btree ("created_at");
--> statement-breakpoint
-- Inserting a notice first claims its key. A key recorded before (committed, or by a
-- concurrent transaction that then commits) skips the row, exactly as ON CONFLICT DO NOTHING
-- on a unique column did: the row is not inserted and RETURNING does not list it.
CREATE OR REPLACE FUNCTION notifications_claim_dedupe_key() RETURNS trigger AS $$
BEGIN
  INSERT INTO notification_keys (dedupe_key, created_at) VALUES (NEW.dedupe_key, NEW.created_at)
  ON CONFLICT (dedupe_key) DO NOTHING;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER "notifications_dedupe"
  BEFORE INSERT ON "notifications"
  FOR EACH ROW EXECUTE FUNCTION notifications_claim_dedupe_key();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION notifications_reject_key_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'a notification''s dedupe_key and created_at never change'
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER "notifications_key_fixed"
  BEFORE UPDATE OF "dedupe_key", "created_at" ON "notifications"
  FOR EACH ROW WHEN (OLD.dedupe_key IS DISTINCT FROM NEW.dedupe_key OR OLD.created_at IS DISTINCT FROM NEW.created_at)
  EXECUTE FUNCTION notifications_reject_key_change();
--> statement-breakpoint

-- 4. Failed invitation e-mails are taken back after a cool-down as well.
ALTER TABLE "invitations" ADD COLUMN "email_failed_rounds" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "email_retry_at" timestamp with time zone;
--> statement-breakpoint

-- 5. Uploads in flight pin the bytes they are storing (docs/decisions/014): whoever deletes
-- unreferenced bytes counts a fresh pin as a reference.
CREATE TABLE "evidence_upload_pins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sha256" char(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "evidence_upload_pins_sha256_idx" ON "evidence_upload_pins" USING btree ("sha256");
--> statement-breakpoint

-- Partition maintenance. Month partitions are named <table>_pYYYY_MM and cover one UTC month.
CREATE OR REPLACE FUNCTION zicha_partition_key(p_parent text) RETURNS text AS $$
  SELECT CASE p_parent WHEN 'audit_events' THEN 'occurred_at' WHEN 'notifications' THEN 'created_at' END;
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
-- Create the month partition holding p_month (idempotent). Rows of that month already caught
-- by the default partition move into it in the same transaction: attaching a range that the
-- default partition holds rows for would fail otherwise.
CREATE OR REPLACE FUNCTION zicha_create_month_partition(p_parent text, p_month date) RETURNS text AS $$
DECLARE
  v_key text := zicha_partition_key(p_parent);
  v_start date := date_trunc('month', p_month)::date;
  v_from timestamptz := v_start::timestamp AT TIME ZONE 'UTC';
  v_to timestamptz := (v_start + interval '1 month')::timestamp AT TIME ZONE 'UTC';
  v_name text := p_parent || '_p' || to_char(v_start, 'YYYY_MM');
  v_default text := p_parent || '_default';
  v_waiting bigint;
BEGIN
  IF v_key IS NULL THEN
    RAISE EXCEPTION 'not a partitioned Zicha table: %', p_parent;
  END IF;
  IF to_regclass(v_name) IS NOT NULL THEN
    RETURN NULL;
  END IF;
  EXECUTE format('SELECT count(*) FROM %I WHERE %I >= $1 AND %I < $2', v_default, v_key, v_key) INTO v_waiting USING v_from, v_to;
  IF v_waiting = 0 THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', v_name, p_parent, v_from, v_to);
  ELSE
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', v_name, p_parent);
    EXECUTE format('INSERT INTO %I SELECT * FROM %I WHERE %I >= $1 AND %I < $2', v_name, v_default, v_key, v_key) USING v_from, v_to;
    -- The append-only trigger refuses deletes; the owner lifts it for this move only, inside
    -- this transaction (nobody else sees it off).
    EXECUTE format('ALTER TABLE %I DISABLE TRIGGER USER', v_default);
    EXECUTE format('DELETE FROM %I WHERE %I >= $1 AND %I < $2', v_default, v_key, v_key) USING v_from, v_to;
    EXECUTE format('ALTER TABLE %I ENABLE TRIGGER USER', v_default);
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', p_parent, v_name, v_from, v_to);
  END IF;
  -- The application reaches partitions through their parent only, where its grants apply.
  EXECUTE format('REVOKE ALL ON %I FROM zicha_app', v_name);
  RETURN v_name;
END;
$$ LANGUAGE plpgsql SET datestyle = 'ISO, YMD' SET timezone = 'UTC';
--> statement-breakpoint
-- Partitions for this month and p_months_ahead months ahead, and for every month whose rows
-- sit in a default partition (e.g. a lapse of maintenance, or back-dated rows).
CREATE OR REPLACE FUNCTION zicha_maintain_partitions(p_months_ahead integer DEFAULT 3)
RETURNS TABLE (partition_name text) AS $$
DECLARE
  v_parent text;
  v_month date;
  v_made text;
  v_months date[];
BEGIN
  IF p_months_ahead IS NULL OR p_months_ahead < 1 OR p_months_ahead > 24 THEN
    RAISE EXCEPTION 'months ahead must be between 1 and 24, got %', p_months_ahead;
  END IF;
  FOREACH v_parent IN ARRAY ARRAY['audit_events', 'notifications'] LOOP
    -- Read the months first: the default partition cannot be altered while a loop reads it.
    EXECUTE format('SELECT array_agg(DISTINCT date_trunc(''month'', %I AT TIME ZONE ''UTC'')::date) FROM %I',
                   zicha_partition_key(v_parent), v_parent || '_default') INTO v_months;
    FOREACH v_month IN ARRAY coalesce(v_months, '{}') LOOP
      v_made := zicha_create_month_partition(v_parent, v_month);
      IF v_made IS NOT NULL THEN partition_name := v_made; RETURN NEXT; END IF;
    END LOOP;
    FOR v_month IN
      SELECT (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => g))::date FROM generate_series(0, p_months_ahead) g
    LOOP
      v_made := zicha_create_month_partition(v_parent, v_month);
      IF v_made IS NOT NULL THEN partition_name := v_made; RETURN NEXT; END IF;
    END LOOP;
  END LOOP;
END;
$$ LANGUAGE plpgsql SET datestyle = 'ISO, YMD' SET timezone = 'UTC';
--> statement-breakpoint
-- Drop the month partitions whose every row is older than p_retention_months. Never fewer
-- than 6 months (Cybersecurity Law Art. 21: network logs are kept at least six months); the
-- floor is here, in the database, so no caller can go below it. The default partition is
-- never dropped. A dropped notifications month takes its dedupe keys with it.
CREATE OR REPLACE FUNCTION zicha_drop_expired_partitions(p_retention_months integer)
RETURNS TABLE (partition_name text, rows_dropped bigint) AS $$
DECLARE
  v_cutoff timestamptz;
  v_part record;
  v_upper timestamptz;
BEGIN
  IF p_retention_months IS NULL OR p_retention_months < 6 THEN
    RAISE EXCEPTION 'retention must be at least 6 months (Cybersecurity Law Art. 21), got %', p_retention_months
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  v_cutoff := now() - make_interval(months => p_retention_months);
  FOR v_part IN
    SELECT p.relname AS parent, c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent
    JOIN pg_namespace n ON n.oid = p.relnamespace AND n.nspname = current_schema()
    WHERE p.relname IN ('audit_events', 'notifications')
    ORDER BY c.relname
  LOOP
    CONTINUE WHEN v_part.bound = 'DEFAULT';
    v_upper := substring(v_part.bound FROM 'TO \(''([^'']+)''\)')::timestamptz;
    CONTINUE WHEN v_upper IS NULL OR v_upper > v_cutoff;
    partition_name := v_part.name;
    EXECUTE format('SELECT count(*) FROM %I', v_part.name) INTO rows_dropped;
    IF v_part.parent = 'notifications' THEN
      DELETE FROM notification_keys WHERE created_at < v_upper;
    END IF;
    EXECUTE format('DROP TABLE %I', v_part.name);
    RETURN NEXT;
  END LOOP;
END;
$$ LANGUAGE plpgsql SET datestyle = 'ISO, YMD' SET timezone = 'UTC';
--> statement-breakpoint
-- Maintenance and retention are the owner's: the application role may not run them.
REVOKE ALL ON FUNCTION zicha_create_month_partition(text, date) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION zicha_maintain_partitions(integer) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION zicha_drop_expired_partitions(integer) FROM PUBLIC;
--> statement-breakpoint

-- Month partitions for the rows there are, then the rows, then the old tables go.
SELECT zicha_create_month_partition('audit_events', m)
FROM (SELECT DISTINCT date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date AS m FROM audit_events_unpartitioned) months;
--> statement-breakpoint
SELECT zicha_create_month_partition('notifications', m)
FROM (SELECT DISTINCT date_trunc('month', created_at AT TIME ZONE 'UTC')::date AS m FROM notifications_unpartitioned) months;
--> statement-breakpoint
SELECT count(*) FROM zicha_maintain_partitions(3);
--> statement-breakpoint
INSERT INTO audit_events SELECT * FROM audit_events_unpartitioned;
--> statement-breakpoint
INSERT INTO notification_keys (dedupe_key, created_at) SELECT dedupe_key, created_at FROM notifications_unpartitioned;
--> statement-breakpoint
-- The keys are in already; the insert trigger would skip every row.
ALTER TABLE notifications DISABLE TRIGGER notifications_dedupe;
--> statement-breakpoint
-- The new table is the old one's columns followed by the two new ones.
INSERT INTO notifications SELECT *, 0, NULL FROM notifications_unpartitioned;
--> statement-breakpoint
ALTER TABLE notifications ENABLE TRIGGER notifications_dedupe;
--> statement-breakpoint
DROP TABLE "audit_events_unpartitioned";
--> statement-breakpoint
DROP TABLE "notifications_unpartitioned";
--> statement-breakpoint
DROP FUNCTION zicha_copy_indexes(text, text);
--> statement-breakpoint

-- Least privilege. The application may read and write its tables, but owns none: it cannot
-- ALTER, TRUNCATE, DROP, or disable triggers (all need ownership or the TRUNCATE privilege,
-- never granted). The audit trail: INSERT and SELECT only.
GRANT USAGE ON SCHEMA public TO zicha_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO zicha_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON audit_events FROM zicha_app;
--> statement-breakpoint
-- Partitions are reached through their parents only.
DO $$
DECLARE v_name text;
BEGIN
  FOR v_name IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname IN ('audit_events', 'notifications')
  LOOP
    EXECUTE format('REVOKE ALL ON %I FROM zicha_app', v_name);
  END LOOP;
END $$;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO zicha_app;
--> statement-breakpoint
-- Tables and sequences that later migrations create (as this same owner) get the same grants.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO zicha_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO zicha_app;
