import { Form, NavLink } from "@remix-run/react";
import type { Role } from "~/utils/domain";
import { msgs, t } from "~/utils/i18n";

type Props = { user: { name: string; role: Role; email: string } };

const LINKS: Record<Role, { to: string; label: () => string; end?: boolean }[]> = {
  officer: [
    { to: "/inst", label: () => t("nav.home"), end: true },
    { to: "/inst/staff", label: () => t("staff.title") },
  ],
  staff: [{ to: "/inst", label: () => t("nav.home"), end: true }],
  regulator: [
    { to: "/reg", label: () => t("nav.campaigns"), end: true },
    { to: "/reg/campaigns/new", label: () => t("nav.newCampaign") },
    { to: "/reg/institutions", label: () => t("nav.institutions") },
  ],
  admin: [{ to: "/admin", label: () => t("nav.admin"), end: true }],
};

export function AppHeader({ user }: Props) {
  return (
    <header className="app-header">
      <div className="app-header__inner">
        <a className="brand" href="/">
          <span className="brand__mark" aria-hidden="true">
            查
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
          <span className="app-user__name" title={user.email}>
            {user.name}
            <small>{msgs().roles[user.role]}</small>
          </span>
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
