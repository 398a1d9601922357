-- Clues as an oversight input (issue 15): an inspection may record the clue it came from, and a
-- flagged clue may put its institution on a region's must-include list, which the next sample
-- drawn over that institution's region always includes (reason 'must_include').
ALTER TABLE "inspections" ADD COLUMN "clue_id" uuid REFERENCES "clues"("id");
--> statement-breakpoint
CREATE INDEX "inspections_clue_idx" ON "inspections" ("clue_id") WHERE "clue_id" IS NOT NULL;
--> statement-breakpoint
CREATE TABLE "sample_must_includes" (
  "province_code" char(2) NOT NULL,
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "clue_id" uuid NOT NULL REFERENCES "clues"("id"),
  "institution_id" uuid NOT NULL REFERENCES "institutions"("id"),
  "region_code" char(6) NOT NULL REFERENCES "regions"("code"),
  "sample_id" uuid REFERENCES "inspection_samples"("id"),
  "created_by" uuid NOT NULL REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "sample_must_includes_one_per_clue" ON "sample_must_includes" ("clue_id");
--> statement-breakpoint
CREATE INDEX "sample_must_includes_pending_idx" ON "sample_must_includes" ("province_code", "region_code") WHERE "sample_id" IS NULL;
--> statement-breakpoint
ALTER TABLE "inspection_sample_entries" DROP CONSTRAINT "inspection_sample_entries_reason_valid";
--> statement-breakpoint
ALTER TABLE "inspection_sample_entries" ADD CONSTRAINT "inspection_sample_entries_reason_valid"
  CHECK (reason IN ('key_supervision','must_include','random') AND (reason <> 'key_supervision' OR tier = 'D'));
