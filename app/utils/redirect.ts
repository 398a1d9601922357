// Where to go after signing in (or after opening a notice): only a path of this app.

/** A stand-in origin for callers that do not pass the app's own; any origin works for the check. */
const DEFAULT_BASE = "http://localhost";
// Tabs, line breaks and other controls: browsers drop them from URLs ("/\t/evil" becomes
// "//evil"), and CR/LF would split the Location header.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * `to` if, parsed with `new URL(to, appUrl)`, it stays on the app's origin and is a path that
 * starts with a single "/"; otherwise `fallback`. Refused: "//x", "/\x", "/\t/x", "/%5Cx"
 * (a backslash, encoded or not, is a slash to browsers), "%2F%2Fx", "https://x", "javascript:",
 * and anything with a control character. Returns the path as the URL parser serialised it.
 */
export function safeRedirect(to: unknown, fallback: string, appUrl: string = DEFAULT_BASE): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2048) return fallback;
  if (CONTROL.test(to) || to.includes("\\")) return fallback;
  if (!to.startsWith("/") || to.startsWith("//")) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(to);
  } catch {
    return fallback;
  }
  if (CONTROL.test(decoded) || decoded.includes("\\") || decoded.startsWith("//")) return fallback;
  let base: URL;
  let url: URL;
  try {
    base = new URL(appUrl);
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin) return fallback;
  const path = url.pathname + url.search + url.hash;
  return path.startsWith("/") && !path.startsWith("//") ? path : fallback;
}
