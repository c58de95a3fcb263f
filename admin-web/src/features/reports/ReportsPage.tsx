import { useCallback, useEffect, useRef, useState } from "react";
import { isSessionExpired, toApiError } from "../../api/client";
import { SelectField } from "../../components/Field";
import { type LocalizedText, t } from "../../i18n";
import { formatMonth, monthsBack } from "../petitions/format";
import {
  type Comparison,
  fetchComparison,
  fetchMonth,
  fetchMonths,
  fetchReportSettings,
  type MonthDetail,
  type MonthListItem,
  type ReportSettings,
} from "./api";
import { CompareSection } from "./CompareSection";
import { DocumentsPanel } from "./DocumentsPanel";
import { DraftReview } from "./DraftReview";
import { ProceduresForm } from "./ProceduresForm";
import { PublishedPanel } from "./PublishedPanel";
import { SettingsForm } from "./SettingsForm";
import "./reports.css";

/** How many months back from the current one the picker offers (older ones when they have a summary). */
const MONTHS_OFFERED = 12;

interface Props {
  unit: { id: string; slug: string; name: string } | null;
  /** reports.publish on the unit (its admins): refresh, publish, procedures, settings. */
  canPublish: boolean;
  /** The unit has units directly below it: show the comparison. */
  hasUnitsBelow: boolean;
  onUnauthorized: () => void;
}

/** "Tháng 11 năm 2026 — đã công bố (lần 2), có bản nháp" for the month picker. */
function monthOption(month: string, item: MonthListItem | undefined): string {
  const parts: string[] = [];
  const last = item?.revisions.at(-1);
  if (last) parts.push(t("repOptionPublished", { revision: last.revision }));
  if (item?.draft) parts.push(t("repOptionDraft"));
  if (parts.length === 0) parts.push(t("repOptionNone"));
  return `${formatMonth(month)} — ${parts.join(", ")}`;
}

/** The monthly results of a unit: review and publish the month, procedures, settings, comparison. */
export function ReportsPage({ unit, canPublish, hasUnitsBelow, onUnauthorized }: Props) {
  const [currentMonth, setCurrentMonth] = useState<string | null>(null);
  const [month, setMonth] = useState<string | null>(null);
  const [months, setMonths] = useState<MonthListItem[]>([]);
  const [detail, setDetail] = useState<MonthDetail | null>(null);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [settings, setSettings] = useState<ReportSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [settingsError, setSettingsError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const latestRequest = useRef(0);
  const questionTexts = useRef(new Map<string, LocalizedText>());
  const unitId = unit?.id ?? null;

  const load = useCallback(
    async (wanted: string | null) => {
      if (!unitId) return;
      const request = ++latestRequest.current;
      try {
        // Without a month, the comparison answers with the server's month: "this month" is Vietnam's.
        const first = wanted ? null : await fetchComparison(unitId);
        const chosen = wanted ?? first!.month;
        const [list, monthDetail, compared] = await Promise.all([
          fetchMonths(unitId),
          fetchMonth(unitId, chosen),
          hasUnitsBelow ? (first ?? fetchComparison(unitId, chosen)) : null,
        ]);
        if (request !== latestRequest.current) return;
        for (const row of [monthDetail.draft, ...monthDetail.revisions])
          for (const survey of row?.figures.surveys ?? [])
            for (const q of survey.questions) questionTexts.current.set(q.id, q.text);
        setCurrentMonth((current) => current ?? chosen);
        setMonth(chosen);
        setMonths(list.items);
        setDetail(monthDetail);
        setComparison(compared);
        setLoadError(null);
      } catch (error) {
        if (request !== latestRequest.current) return;
        if (isSessionExpired(error)) return onUnauthorized();
        setLoadError(toApiError(error).detail);
      }
    },
    [unitId, hasUnitsBelow, onUnauthorized],
  );

  const loadSettings = useCallback(async () => {
    if (!unitId) return;
    try {
      setSettings(await fetchReportSettings(unitId));
      setSettingsError(null);
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      setSettingsError(toApiError(error).detail);
    }
  }, [unitId, onUnauthorized]);

  // A reload (e.g. the unit list changed) keeps the month on screen; the first load asks for "now".
  const monthOnScreen = useRef(month);
  monthOnScreen.current = month;
  useEffect(() => {
    void load(monthOnScreen.current);
  }, [load]);
  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);

  const onMonth = (value: string) => {
    setMonth(value);
    setDetail(null);
    setComparison(null);
    setStatus("");
    void load(value);
  };

  const onDone = async (message: string, focus: "review" | "published") => {
    await load(month);
    setStatus(message);
    requestAnimationFrame(() =>
      document.getElementById(focus === "published" ? "published-title" : "review-title")?.focus(),
    );
  };

  const offered = new Set(currentMonth ? monthsBack(currentMonth, MONTHS_OFFERED) : []);
  for (const item of months) offered.add(item.month);
  if (month) offered.add(month);
  const options = [...offered].sort().reverse();
  const byMonth = new Map(months.map((item) => [item.month, item]));
  const ready = detail !== null && month !== null && detail.month === month;
  const latest = ready ? (detail.revisions.at(-1) ?? null) : null;
  const procedures = ready ? ((detail.draft ?? latest)?.figures.procedures ?? null) : null;

  return (
    <main id="main" className="content reports" tabIndex={-1}>
      <div className="page-head">
        <h1>{t("reportsTitle")}</h1>
        <p className="status-line" aria-live="polite">
          {status}
        </p>
      </div>
      {!unit && <p>{t("chooseUnitFirst")}</p>}
      {unit && (
        <>
          <p className="muted">{t("repIntro", { unit: unit.name })}</p>
          {!canPublish && <p className="notice">{t("repReadOnly")}</p>}
          {options.length > 0 && (
            <div className="month-picker">
              <SelectField
                id="report-month"
                label={t("monthLabel")}
                hint={t("repMonthHint")}
                value={month ?? ""}
                onValueChange={onMonth}
              >
                {options.map((value) => (
                  <option key={value} value={value}>
                    {monthOption(value, byMonth.get(value))}
                  </option>
                ))}
              </SelectField>
            </div>
          )}
          {loadError && (
            <div className="form-error" role="alert">
              <p>{loadError}</p>
              <button type="button" className="button small" onClick={() => void load(month)}>
                {t("retry")}
              </button>
            </div>
          )}
          {!ready && !loadError && <p>{t("loading")}</p>}
          {ready && (
            <>
              <DraftReview
                key={`${month}:${detail.draft?.id ?? "none"}:${detail.draft?.createdAt ?? ""}:${detail.revisions.length}`}
                unitId={unit.id}
                month={month}
                detail={detail}
                canPublish={canPublish}
                questionTexts={questionTexts.current}
                onDone={onDone}
                onUnauthorized={onUnauthorized}
              />
              {detail.revisions.length > 0 && (
                <PublishedPanel unit={unit} month={month} revisions={detail.revisions} />
              )}
              <DocumentsPanel
                key={`documents:${month}`}
                unitId={unit.id}
                month={month}
                revisions={detail.revisions.map((revision) => revision.revision ?? 1)}
                hasDraft={detail.draft !== null}
              />
              <ProceduresForm
                key={month}
                unitId={unit.id}
                month={month}
                initial={procedures}
                canEdit={canPublish}
                onSaved={setStatus}
                onUnauthorized={onUnauthorized}
              />
            </>
          )}
          {settingsError && (
            <div className="form-error" role="alert">
              <p>{settingsError}</p>
              <button type="button" className="button small" onClick={() => void loadSettings()}>
                {t("retry")}
              </button>
            </div>
          )}
          {settings && (
            <SettingsForm
              unitId={unit.id}
              settings={settings}
              canEdit={canPublish}
              onSaved={(saved, message) => {
                setSettings(saved);
                setStatus(message);
              }}
              onUnauthorized={onUnauthorized}
            />
          )}
          {hasUnitsBelow && ready && comparison && (
            <CompareSection unit={unit} comparison={comparison} onStatus={setStatus} />
          )}
        </>
      )}
    </main>
  );
}
