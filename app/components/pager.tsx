import { Link, useSearchParams } from "@remix-run/react";
import { t } from "~/utils/i18n";

/** "第 2 / 5 页，共 230 条" with previous/next links that keep the current filters and sort. */
export function Pager({ page, pageCount, total }: { page: number; pageCount: number; total: number }) {
  const [searchParams] = useSearchParams();
  const linkTo = (target: number) => {
    const next = new URLSearchParams(searchParams);
    next.set("page", String(target));
    return `?${next.toString()}`;
  };
  return (
    <nav className="pager" aria-label={t("lists.pager")}>
      <span className="muted">{t("common.pageOf", { page, pages: pageCount, total })}</span>
      {page > 1 ? (
        <Link
          className="button button--secondary button--small"
          to={linkTo(page - 1)}
          rel="prev"
          aria-label={t("lists.previousPage", { page: page - 1 })}
        >
          {t("common.previousPage")}
        </Link>
      ) : null}
      {page < pageCount ? (
        <Link
          className="button button--secondary button--small"
          to={linkTo(page + 1)}
          rel="next"
          aria-label={t("lists.nextPage", { page: page + 1 })}
        >
          {t("common.nextPage")}
        </Link>
      ) : null}
    </nav>
  );
}
