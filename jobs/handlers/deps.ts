import type { Database } from "~db/client";
import type { Mailer } from "~/utils/mail.server";
import type { MailRetryPolicy } from "~/models/mail-outage.server";
import type { Queues } from "../queues";

/** What job handlers work with; the worker builds it once, tests build their own. */
export type JobDeps = {
  db: Database;
  /** The read replica (DATABASE_READ_URL), for reads that may lag a little: the weekly digest. */
  readDb?: Database | null;
  queues: Queues;
  mailer: Mailer;
  appUrl: string;
  mailFrom: string;
  /** Seconds after which a claimed but unfinished send is taken over by another attempt. */
  leaseSeconds: number;
  /** How failed mails are taken back after the retry ladder (default: 15 min doubling to 2 h, for 48 h). */
  mailRetry?: MailRetryPolicy;
};
