import { useEffect, useState } from "react";
import { Link } from "../../components/Link";
import { t, useLang } from "../../i18n";
import { hrefFor } from "../../router";
import { fetchNationalCalendar, type TetBreak } from "./api";

/** Today's year and month in Vietnam, whatever the browser's time zone. */
export function vnToday(): { year: number; month: number } {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Ho_Chi_Minh",
    year: "numeric",
    month: "numeric",
  }).formatToParts(new Date());
  const year = Number(parts.find((part) => part.type === "year")?.value);
  const month = Number(parts.find((part) => part.type === "month")?.value);
  const now = new Date();
  return { year: year || now.getFullYear(), month: month || now.getMonth() + 1 };
}

/** The national calendar's page, opened on a year. */
export const nationalCalendarHref = (year?: number) =>
  year ? `${hrefFor("nationalCalendar")}?year=${year}` : hrefFor("nationalCalendar");

// One request per console session for the banner on several pages; dropped when the national
// calendar changes.
let pending: Promise<TetBreak | null> | null = null;

function loadTetBreak(): Promise<TetBreak | null> {
  if (!pending) {
    // From November the break that matters is next year's.
    const { year, month } = vnToday();
    pending = fetchNationalCalendar(month >= 11 ? year + 1 : year)
      .then((calendar) => calendar.tetBreak ?? null)
      .catch(() => {
        pending = null;
        return null;
      });
  }
  return pending;
}

/** Forget the cached state, after the national calendar changed. */
export function invalidateTetBreak(): void {
  pending = null;
}

/**
 * The warning banner when next Tết's break has not been entered (from 1 November). Shown by pages
 * that pass it; a failure to load it shows nothing.
 */
export function TetBreakNotice({ canEdit }: { canEdit: boolean }) {
  const [tetBreak, setTetBreak] = useState<TetBreak | null>(null);
  useEffect(() => {
    let cancelled = false;
    void loadTetBreak().then((value) => {
      if (!cancelled) setTetBreak(value);
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return tetBreak ? <TetBreakWarning tetBreak={tetBreak} canEdit={canEdit} /> : null;
}

/** "The Tết break of {year} is not entered yet": with a link for the one who can enter it. */
export function TetBreakWarning({
  tetBreak,
  canEdit,
  linked = true,
}: {
  tetBreak: TetBreak;
  /** The platform superadmin, who enters the national calendar. */
  canEdit: boolean;
  /** False on the national calendar's own page. */
  linked?: boolean;
}) {
  useLang();
  if (!tetBreak.warn) return null;
  return (
    <div className="warning tet-warning" data-testid="tet-warning">
      <p>
        <strong>{t("tetMissing", { year: tetBreak.year })}</strong> {t("tetMissingDefault")}
      </p>
      {canEdit ? (
        linked && (
          <p>
            <Link href={nationalCalendarHref(tetBreak.year)}>
              {t("tetMissingEnter", { year: tetBreak.year })}
            </Link>
          </p>
        )
      ) : (
        <p>{t("tetMissingAskSuperadmin")}</p>
      )}
    </div>
  );
}
