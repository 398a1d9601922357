import { z } from "zod";
import { t } from "~/utils/i18n";

const notificationId = () => z.uuid({ error: t("errors.badRequest") });

/** An unticked checkbox sends nothing; a ticked one sends "on". */
export const emailPreferenceSchema = z.object({
  wantsEmail: z
    .literal("on")
    .optional()
    .transform((value) => value === "on"),
});
export type EmailPreferenceData = z.output<typeof emailPreferenceSchema>;

/** The forms of the notification page, told apart by their submit button's `intent`. */
export const inboxActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open"), id: notificationId() }),
  z.object({ intent: z.literal("read-all") }),
  emailPreferenceSchema.extend({ intent: z.literal("preferences") }),
]);

export const retryEmailSchema = z.object({
  intent: z.literal("retry-email"),
  notificationId: notificationId(),
});

/** The admin queue page's forms: one e-mail again, or every failed one (mail outages). */
export const adminQueuesActionSchema = z.discriminatedUnion("intent", [retryEmailSchema, z.object({ intent: z.literal("retry-all") })]);
