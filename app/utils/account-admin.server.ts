// The one action behind every account administration list (/reg/accounts, /admin/accounts,
// /inst/staff): parse the form, call the scoped model function, queue a reset e-mail if one
// was made, and come back to the list with a message.
import type { AppLoadContext } from "@remix-run/node";
import { data } from "@remix-run/node";
import { requestMeta } from "~/models/auth-event.server";
import { resetTwoFactorFor, sendPasswordResetFor, setAccountActive, type AccountManager, type ManageResult } from "~/models/account.server";
import { manageAccountSchema } from "~/schemas/account";
import { db } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { t } from "~/utils/i18n";
import { enqueue, enqueueInvitations } from "~/utils/queue.server";

export async function manageAccountAction(
  request: Request,
  context: AppLoadContext | undefined,
  manager: AccountManager,
  form: FormData,
  backTo: string,
) {
  const parsed = parseForm(manageAccountSchema, form);
  const userId = String(form.get("userId") ?? "");
  if (!parsed.ok)
    return data({ manage: { userId, intent: String(form.get("intent") ?? ""), fieldErrors: parsed.fieldErrors } }, { status: 400 });
  const meta = requestMeta(request, context);
  const input = parsed.data;
  let result: ManageResult;
  let message: (r: Extract<ManageResult, { ok: true }>) => string;
  switch (input.intent) {
    case "deactivate":
    case "reactivate":
      result = await setAccountActive(
        db,
        manager,
        { userId: input.userId, isActive: input.intent === "reactivate", reason: input.reason },
        meta,
      );
      message = (r) => t(input.intent === "reactivate" ? "accounts.manage.reactivated" : "accounts.manage.deactivated", { name: r.name });
      break;
    case "send-reset":
      result = await sendPasswordResetFor(db, manager, input.userId, meta);
      message = (r) => t("accounts.manage.resetSent", { email: r.email });
      break;
    case "reset-mfa":
      result = await resetTwoFactorFor(db, manager, { userId: input.userId, reason: input.reason }, meta);
      message = (r) => t("accounts.manage.mfaReset", { name: r.name });
      break;
  }
  if (!result.ok)
    return data(
      { manage: { userId, intent: input.intent, fieldErrors: { _form: result.error } as Record<string, string> } },
      { status: 400 },
    );
  if (result.invitationId) await enqueue(enqueueInvitations, [result.invitationId]);
  return redirectWithFlash(backTo, message(result));
}
