// The app's error page for answers that never reach the root error boundary: a request refused
// before Remix (413), or a download route (a resource route, whose thrown 404 would be bare text).
import stylesUrl from "~/styles/app.css";
import { t } from "~/utils/i18n";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The same card the root error boundary shows, as a whole HTML document. */
export function errorPageHtml(title: string, message: string): string {
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)} · ${escapeHtml(t("app.fullName"))}</title><link rel="stylesheet" href="${stylesUrl}"></head>` +
    `<body><main id="main" class="page"><section class="card error-card" role="alert"><h1>${escapeHtml(title)}</h1>` +
    `<p>${escapeHtml(message)}</p>` +
    `<p><a class="button" href="/">${escapeHtml(t("errors.backHome"))}</a></p></section></main></body></html>`
  );
}

/**
 * Run a download loader; a 404 or 403 it throws is answered with the app's Chinese error page
 * (same status) instead of the bare text a resource route would send. Redirects pass through.
 */
export async function withErrorPage(load: () => Promise<Response>): Promise<Response> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof Response && (error.status === 404 || error.status === 403)) {
      const message = error.status === 404 ? t("errors.notFound") : t("errors.forbidden");
      return new Response(errorPageHtml(t("errors.title"), message), {
        status: error.status,
        headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store" },
      });
    }
    throw error;
  }
}
