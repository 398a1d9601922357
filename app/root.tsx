import "~/utils/zod-jitless";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import stylesUrl from "~/styles/app.css";
import { AppHeader } from "~/components/app-header";
import { FlashMessage } from "~/components/flash-message";
import { countUnread } from "~/models/inbox.server";
import { db } from "~/utils/db.server";
import { takeFlash } from "~/utils/flash.server";
import { t } from "~/utils/i18n";
import { useNonce } from "~/utils/nonce";
import { getSessionUser } from "~/utils/session.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: t("app.fullName") }];

/**
 * A refused submission (4xx) would otherwise leave the root loader's data as it was, and the
 * success flash of the previous page would stand beside the new errors: after any submission the
 * root loader runs again (the flash was taken already, so it is gone).
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod !== undefined && formMethod.toUpperCase() !== "GET" ? true : defaultShouldRevalidate;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const [flash, unreadCount] = await Promise.all([takeFlash(request), user ? countUnread(db, user.id, user.provinceCode) : 0]);
  return data(
    {
      user: user ? { name: user.name, role: user.role, email: user.email } : null,
      unreadCount,
      flash: flash.message,
      requestId: context?.requestId ?? null,
    },
    flash.setCookie ? { headers: { "Set-Cookie": flash.setCookie } } : undefined,
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1d4e89" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { user, flash, unreadCount } = useLoaderData<typeof loader>();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skipToContent")}
      </a>
      {user ? <AppHeader user={user} unreadCount={unreadCount} /> : null}
      <main id="main" className="page">
        {flash ? <FlashMessage message={flash} /> : null}
        <Outlet />
      </main>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const rootData = useRouteLoaderData<typeof loader>("root");
  let message = t("errors.unexpected", { requestId: rootData?.requestId ?? "-" });
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) message = t("errors.notFound");
    else if (error.status === 403) message = t("errors.forbidden");
    else if (error.status === 400) message = t("errors.badRequest");
    else if (error.status === 413) message = t("limits.body.title");
  }
  return (
    <>
      {rootData?.user ? <AppHeader user={rootData.user} unreadCount={rootData.unreadCount} /> : null}
      <main id="main" className="page">
        <section className="card error-card" role="alert">
          <h1>{t("errors.title")}</h1>
          <p>{message}</p>
          <p>
            <a className="button" href="/">
              {t("errors.backHome")}
            </a>
          </p>
        </section>
      </main>
    </>
  );
}
