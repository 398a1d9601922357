import { sql } from "drizzle-orm";
import { char } from "drizzle-orm/pg-core";

/**
 * The distribution key (docs/decisions/029): the 2-digit province prefix of the row's region
 * ('41'), '00' for rows of no province. NOT NULL; an insert that leaves it out gets it from the
 * zicha_fill_province trigger (migration 0016), from the row's region or its parent row.
 */
export const provinceCode = () =>
  char("province_code", { length: 2 })
    .notNull()
    .default(sql`null`);

/** The province of a region code: its first two digits. */
export const provinceOf = (regionCode: string) => regionCode.slice(0, 2);
