/** The actions of auth events in the audit trail (entity_type 'auth'); labels in accounts.events.actions. */
export const AUTH_ACTION_VALUES = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.second_factor_failed",
  "auth.sign_out",
  "auth.session_revoked",
  "auth.password_changed",
  "auth.password_reset_requested",
  "auth.password_reset",
  "auth.mfa_enrolled",
  "auth.mfa_disabled",
  "auth.mfa_reset",
  "auth.recovery_code_used",
  "auth.recovery_codes_regenerated",
  "account.deactivated",
  "account.reactivated",
] as const;
export type AuthAction = (typeof AUTH_ACTION_VALUES)[number];
