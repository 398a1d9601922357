import { sql } from "drizzle-orm";
import { char, check, index, pgTable, text } from "drizzle-orm/pg-core";

import { provinceCode } from "./province";
import { regionRef, idKey, insertedAt } from "./columns";

export const institutions = pgTable(
  "institutions",
  {
    provinceCode: provinceCode(),
    id: idKey(),
    name: text("name").notNull(),
    kind: text("kind", {
      enum: ["hospital", "primary_care", "village_clinic", "pharmacy", "elderly_care_clinic", "other"],
    }).notNull(),
    grade: text("grade", { enum: ["tertiary", "secondary", "primary", "ungraded"] }).notNull(),
    ownership: text("ownership", { enum: ["public", "private"] }).notNull(),
    regionCode: regionRef(),
    nhsaCode: char("nhsa_code", { length: 12 }).notNull().unique(),
    creditCode: char("credit_code", { length: 18 }).notNull().unique(),
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
    /** Where the officer's invitation goes when the roster is imported. */
    contactEmail: text("contact_email"),
    createdAt: insertedAt(),
  },
  (t) => [
    check(
      "institutions_kind_valid",
      sql`${t.kind} in ('hospital','primary_care','village_clinic','pharmacy','elderly_care_clinic','other')`,
    ),
    check("institutions_grade_valid", sql`${t.grade} in ('tertiary','secondary','primary','ungraded')`),
    check("institutions_ownership_valid", sql`${t.ownership} in ('public','private')`),
    // NHSA code: H (medical) or P (pharmacy) + the 6-digit region code + 5 digits.
    check(
      "institutions_nhsa_code_shape",
      sql`${t.nhsaCode} ~ '^[HP][0-9]{11}$' and substr(${t.nhsaCode}, 2, 6) = ${t.regionCode}
          and (substr(${t.nhsaCode}, 1, 1) = 'P') = (${t.kind} = 'pharmacy')`,
    ),
    check("institutions_credit_code_shape", sql`${t.creditCode} ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'`),
    index("institutions_region_kind_idx").on(t.regionCode, t.kind),
  ],
);
