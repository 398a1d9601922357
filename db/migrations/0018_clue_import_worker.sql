-- Clue batch imports run in the worker (docs/decisions/026): the upload keeps the file's bytes
-- on the import row and answers at once; the worker reads and validates them (received →
-- validating → validated, or refused with a message), and after the bureau confirms, imports
-- the valid rows (importing → imported, or failed; a failed or stale import may start again),
-- writing its progress to processed_rows. The bytes are dropped once the rows are validated.
ALTER TABLE "clue_imports" DROP CONSTRAINT "clue_imports_status_valid";
--> statement-breakpoint
ALTER TABLE "clue_imports" ADD CONSTRAINT "clue_imports_status_valid"
	CHECK ("status" IN ('received', 'validating', 'validated', 'refused', 'importing', 'imported', 'failed'));
--> statement-breakpoint
ALTER TABLE "clue_imports" ALTER COLUMN "total_rows" SET DEFAULT 0;
--> statement-breakpoint
ALTER TABLE "clue_imports" ALTER COLUMN "valid_rows" SET DEFAULT 0;
--> statement-breakpoint
ALTER TABLE "clue_imports" ALTER COLUMN "rows" SET DEFAULT '[]'::jsonb;
--> statement-breakpoint
ALTER TABLE "clue_imports" ADD COLUMN "file_bytes" bytea;
--> statement-breakpoint
ALTER TABLE "clue_imports" ADD COLUMN "processed_rows" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "clue_imports" ADD COLUMN "error" text;
--> statement-breakpoint
ALTER TABLE "clue_imports" ADD COLUMN "imported_by" uuid REFERENCES "users"("id");
--> statement-breakpoint
ALTER TABLE "clue_imports" ADD COLUMN "started_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "clue_imports" ADD COLUMN "validated_at" timestamp with time zone;
