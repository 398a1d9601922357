import { sql } from "drizzle-orm";
import { check, char, index, pgTable, text, type AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * Administrative divisions (GB/T 2260). `path` lists the codes from the province down to
 * this region ("/410000/411300/"), so a region subtree is one indexed prefix match.
 */
export const regions = pgTable(
  "regions",
  {
    code: char("code", { length: 6 }).primaryKey(),
    name: text("name").notNull(),
    level: text("level", { enum: ["province", "city", "county"] }).notNull(),
    parentCode: char("parent_code", { length: 6 }).references((): AnyPgColumn => regions.code),
    path: text("path").notNull().unique(),
  },
  (t) => [
    check("regions_code_digits", sql`${t.code} ~ '^[0-9]{6}$'`),
    check("regions_level_valid", sql`${t.level} in ('province','city','county')`),
    check("regions_path_ends_with_code", sql`${t.path} like '%/' || ${t.code} || '/'`),
    index("regions_path_prefix_idx").using("btree", sql`${t.path} text_pattern_ops`),
  ],
);
