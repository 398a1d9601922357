// Column builders the tables share, so each table lists what is its own. They build exactly the
// columns written out before (the migrations are unchanged): a required uuid reference, a region
// code reference, a random uuid key, a timestamptz set on insert, zero-default counters.
import { bigint, char, integer, text, timestamp, uuid, type AnyPgColumn, type ReferenceConfig } from "drizzle-orm/pg-core";
import { regions } from "./regions";

/** `<name> uuid not null references <target>`. */
export const ref = (name: string, target: () => AnyPgColumn, actions?: ReferenceConfig["actions"]) =>
  uuid(name).notNull().references(target, actions);

/** `<name> char(6) not null references regions(code)`. */
export const regionRef = (name = "region_code") =>
  char(name, { length: 6 })
    .notNull()
    .references(() => regions.code);

/** `province_code char(2) not null`: the distribution key of the large per-province tables. */
export const provinceKey = () => char("province_code", { length: 2 }).notNull();

/** `id uuid primary key default gen_random_uuid()`. */
export const idKey = () => uuid("id").primaryKey().defaultRandom();

/** A timestamptz (UTC), optional. */
export const timestampTz = (name: string) => timestamp(name, { withTimezone: true });

/** A timestamptz set to now() on insert. */
export const insertedAt = (name = "created_at") => timestampTz(name).notNull().defaultNow();

/** A count kept by triggers or models: `integer not null default 0`. */
export const counter = (name: string) => integer(name).notNull().default(0);

/** A large count or a sum of fen: `bigint not null default 0`, read as a number. */
export const bigCounter = (name: string) => bigint(name, { mode: "number" }).notNull().default(0);

/** An optional amount in fen (bigint, read as a number). */
export const fen = (name: string) => bigint(name, { mode: "number" });

/** Who issued a document and under which 文号 (problem lists and reference lists alike). */
export const publication = () => ({
  code: text("code").notNull().unique(),
  title: text("title").notNull(),
  issuer: text("issuer").notNull(),
  docNumber: text("doc_number").notNull(),
  year: integer("year").notNull(),
  source: text("source").notNull(),
  regionCode: regionRef(),
});

/**
 * The outbox state of a row that sends one e-mail (notifications, invitations): its status, the
 * attempts and the claim of the sending worker, the last error, and the rounds of the retry
 * ladder used up with the time the outbox flush may take it back.
 */
export const emailOutbox = <const S extends readonly [string, ...string[]]>(statuses: S) => ({
  emailStatus: text("email_status", { enum: statuses as unknown as [S[number], ...S[number][]] })
    .notNull()
    .default(statuses[0] as S[number]),
  emailAttempts: counter("email_attempts"),
  emailClaimedAt: timestampTz("email_claimed_at"),
  emailSentAt: timestampTz("email_sent_at"),
  emailLastError: text("email_last_error"),
  emailFailedRounds: counter("email_failed_rounds"),
  emailRetryAt: timestampTz("email_retry_at"),
});
