// The password policy, checked on the server wherever a password is set: at least 10
// characters, not the e-mail (nor the part before its @), not on the list of common passwords shipped
// as data in app/data/common-passwords.txt. The length rule is also in the shared zod schema,
// so the form says it before posting.
import fs from "node:fs";
import path from "node:path";
import { t } from "~/utils/i18n";

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

let common: Set<string> | null = null;

function commonPasswords(): Set<string> {
  if (!common) {
    const file = path.resolve(process.cwd(), "app/data/common-passwords.txt");
    const lines = fs.readFileSync(file, "utf8").split("\n");
    common = new Set(lines.map((l) => l.trim()).filter((l) => l && !l.startsWith("#")));
  }
  return common;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.trim().toLowerCase());
}

/** Why the password is refused (Chinese, for beside the field), or null if it may be used. */
export function checkPasswordPolicy(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return t("accounts.policy.tooShort", { min: PASSWORD_MIN_LENGTH });
  if (password.length > PASSWORD_MAX_LENGTH) return t("accounts.policy.tooLong", { max: PASSWORD_MAX_LENGTH });
  const lower = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  const name = address.split("@")[0];
  if (lower === address || lower === name) return t("accounts.policy.isEmail");
  if (isCommonPassword(password)) return t("accounts.policy.common");
  return null;
}
