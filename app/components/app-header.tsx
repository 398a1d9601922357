import { Form, NavLink } from "@remix-run/react";
import type { Role } from "~/domain/vocabulary";
import { msgs, t } from "~/utils/i18n";

type Props = { user: { name: string; role: Role; email: string }; unreadCount?: number };

const LINKS: Record<Role, { to: string; label: () => string; end?: boolean }[]> = {
  officer: [
    { to: "/inst", label: () => t("nav.home"), end: true },
    { to: "/inst/clues", label: () => t("clues.nav") },
    { to: "/inst/staff", label: () => t("staff.title") },
  ],
  staff: [
    { to: "/inst", label: () => t("nav.home"), end: true },
    { to: "/inst/clues", label: () => t("clues.nav") },
  ],
  regulator: [
    { to: "/reg", label: () => t("nav.campaigns"), end: true },
    { to: "/reg/oversight", label: () => t("nav.oversight") },
    { to: "/reg/checklists", label: () => t("nav.checklists") },
    { to: "/reg/institutions", label: () => t("nav.institutions") },
    { to: "/reg/inspections", label: () => t("nav.inspections") },
    { to: "/reg/clues", label: () => t("clues.nav") },
    { to: "/reg/risk", label: () => t("nav.risk") },
    { to: "/reg/samples", label: () => t("nav.samples") },
    { to: "/reg/accounts", label: () => t("accounts.manage.title") },
  ],
  admin: [
    { to: "/admin", label: () => t("nav.admin"), end: true },
    { to: "/admin/queues", label: () => t("inbox.queues.nav") },
    { to: "/admin/accounts", label: () => t("accounts.manage.title") },
    { to: "/admin/auth-events", label: () => t("accounts.events.title") },
  ],
};

export function AppHeader({ user, unreadCount = 0 }: Props) {
  return (
    <header className="app-header">
      <div className="app-header__inner">
        <a className="brand" href="/">
          <span className="brand__mark" aria-hidden="true">
            {t("app.mark")}
          </span>
          <span className="brand__name">{t("app.fullName")}</span>
        </a>
        <nav className="app-nav" aria-label={t("nav.menu")}>
          {LINKS[user.role].map((link) => (
            <NavLink key={link.to} to={link.to} end={link.end} className="app-nav__link">
              {link.label()}
            </NavLink>
          ))}
        </nav>
        <div className="app-user">
          {/* Beside the user, not in the nav: on a phone the nav wraps to its own row, this stays on top. */}
          <NavLink to="/notifications" className="app-nav__link app-inbox">
            {t("inbox.nav")}
            {unreadCount > 0 ? (
              <span className="count-badge">
                <span aria-hidden="true">{unreadCount > 99 ? "99+" : unreadCount}</span>
                <span className="visually-hidden">{t("inbox.unreadBadge", { count: unreadCount })}</span>
              </span>
            ) : null}
          </NavLink>
          <NavLink to="/account" className="app-user__name" title={`${user.email} · ${t("accounts.nav")}`}>
            {user.name}
            <small>{msgs().roles[user.role]}</small>
          </NavLink>
          <Form method="post" action="/logout">
            <button type="submit" className="button button--ghost button--small">
              {t("nav.signOut")}
            </button>
          </Form>
        </div>
      </div>
    </header>
  );
}
