import { zhCN } from "~/utils/i18n/zh-CN";

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof zhCN>;

type Leaves<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<Messages>;

// One locale today; the lookup goes through here so another can be added without touching callers.
const catalogs: Record<string, Messages> = { "zh-CN": zhCN };
let current: Messages = catalogs["zh-CN"];

export function setLocale(locale: string) {
  current = catalogs[locale] ?? catalogs["zh-CN"];
}

/** t("common.daysLeft", { days: 3 }) → "剩 3 天" */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  let node: unknown = current;
  for (const part of key.split(".")) node = (node as Record<string, unknown>)?.[part];
  if (typeof node !== "string") return key;
  return params ? node.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? `{${name}}`)) : node;
}

/** The messages of the current locale, for enum labels: msgs().kinds[kind]. */
export function msgs(): Messages {
  return current;
}
