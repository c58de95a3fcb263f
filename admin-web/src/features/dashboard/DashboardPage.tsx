import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { isSessionExpired, toApiError } from "../../api/client";
import { SelectField } from "../../components/Field";
import { ScrollRegion } from "../../components/ScrollRegion";
import { formatDecimal, formatNumber, formatPercent, type MessageKey, t } from "../../i18n";
import { formatCaseTime, formatMonth, monthsBack } from "../petitions/format";
import { RATING_REASON_KEYS } from "../petitions/labels";
import { fetchFigures, type MonthFigures, type UnitFigures } from "./api";

/** How many months the picker offers, counting back from the current one. */
const MONTHS_OFFERED = 24;

interface Props {
  unit: { id: string; name: string } | null;
  /** Shown under the heading (the warning when next Tết's break is not entered yet). */
  notice?: ReactNode;
  onUnauthorized: () => void;
}

type TargetName = keyof MonthFigures["targets"];

interface Card {
  target: TargetName;
  title: MessageKey;
  goal: MessageKey;
  rate: (f: MonthFigures) => number | null;
  detail: (f: MonthFigures) => string;
}

const CARDS: readonly Card[] = [
  {
    target: "answered",
    title: "cardAnswered",
    goal: "goalAnswered",
    rate: (f) => f.responseRate,
    detail: () => t("cardAnsweredDetail"),
  },
  {
    target: "onTime",
    title: "cardOnTime",
    goal: "goalOnTime",
    rate: (f) => f.onTimeRate,
    detail: (f) =>
      t("cardOnTimeDetail", {
        count: formatNumber(f.early + f.onTime),
        total: formatNumber(f.answered + f.withdrawnLate + f.openOverdue),
      }),
  },
  {
    target: "early",
    title: "cardEarly",
    goal: "goalEarly",
    rate: (f) => f.earlyRate,
    detail: (f) =>
      t("cardEarlyDetail", {
        count: formatNumber(f.early),
        total: formatNumber(f.answered + f.withdrawnLate + f.openOverdue),
      }),
  },
  {
    target: "satisfied",
    title: "cardSatisfied",
    goal: "goalSatisfied",
    rate: (f) => f.satisfiedRate,
    detail: (f) =>
      t("cardSatisfiedDetail", { count: formatNumber(f.satisfied), total: formatNumber(f.rated) }),
  },
];

/** A rate as a percentage; "—" (read out as "no data yet") when nothing was counted. */
function rate(value: number | null): ReactNode {
  if (value !== null) return formatPercent(value);
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{t("targetNoData")}</span>
    </>
  );
}

/** The 100% dashboard: a unit's month against the reform plans' targets, and per unit below it. */
export function DashboardPage({ unit, notice, onUnauthorized }: Props) {
  const [currentMonth, setCurrentMonth] = useState<string | null>(null);
  const [month, setMonth] = useState<string | null>(null);
  const [figures, setFigures] = useState<UnitFigures | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const latestRequest = useRef(0);
  const unitId = unit?.id ?? null;

  const load = useCallback(
    async (wanted: string | null) => {
      if (!unitId) return;
      const request = ++latestRequest.current;
      setBusy(true);
      try {
        // The first load asks for the server's month, so "this month" is Vietnam's, not the browser's.
        const data = await fetchFigures(unitId, wanted ?? undefined);
        if (request !== latestRequest.current) return;
        setFigures(data);
        setLoadError(null);
        setMonth(data.month);
        setCurrentMonth((current) => current ?? data.month);
      } catch (error) {
        if (request !== latestRequest.current) return;
        if (isSessionExpired(error)) return onUnauthorized();
        setFigures(null);
        setLoadError(toApiError(error).detail);
      } finally {
        if (request === latestRequest.current) setBusy(false);
      }
    },
    [unitId, onUnauthorized],
  );

  // A new unit starts from the month on screen (or the current one).
  const monthOnScreen = useRef(month);
  monthOnScreen.current = month;
  useEffect(() => {
    setFigures(null);
    void load(monthOnScreen.current);
  }, [load]);

  const onMonth = (value: string) => {
    setMonth(value);
    void load(value);
  };

  const options = currentMonth ? monthsBack(currentMonth, MONTHS_OFFERED) : month ? [month] : [];

  return (
    <main id="main" className="content" tabIndex={-1}>
      <div className="page-head">
        <h1>{t("dashboardTitle")}</h1>
        <div className="toolbar">
          <button
            type="button"
            className="button"
            onClick={() => void load(month)}
            aria-busy={busy || undefined}
          >
            {t("refresh")}
          </button>
          <p className="muted" aria-live="polite">
            {busy ? t("loading") : ""}
          </p>
        </div>
      </div>
      {notice}
      {!unit && <p>{t("chooseUnitFirst")}</p>}
      {unit && (
        <>
          <p className="muted">{t("dashboardIntro", { unit: unit.name })}</p>
          {options.length > 0 && (
            <div className="month-picker">
              <SelectField
                id="dashboard-month"
                className="short-select"
                label={t("monthLabel")}
                value={month ?? ""}
                onValueChange={onMonth}
              >
                {options.map((value) => (
                  <option key={value} value={value}>
                    {formatMonth(value)}
                  </option>
                ))}
              </SelectField>
            </div>
          )}
          <p className="notice formula">{t("onTimeFormula")}</p>

          {loadError && (
            <div className="form-error" role="alert">
              <p>{loadError}</p>
              <button type="button" className="button small" onClick={() => void load(month)}>
                {t("retry")}
              </button>
            </div>
          )}
          {figures === null && !loadError && <p>{t("loading")}</p>}
          {figures !== null && <FiguresView figures={figures} />}
        </>
      )}
    </main>
  );
}

function Verdict({ met }: { met: boolean | null }) {
  if (met === null) return <span className="status verdict-none">{t("targetNoData")}</span>;
  return met ? (
    <span className="status verdict-met">{t("targetMet")}</span>
  ) : (
    <span className="status verdict-missed">{t("targetMissed")}</span>
  );
}

function FiguresView({ figures }: { figures: UnitFigures }) {
  const total = figures.total;
  const monthName = formatMonth(figures.month);
  const reasons = Object.entries(total.notSatisfiedReasons).filter(([, count]) => count > 0);
  return (
    <div className="dashboard">
      <h2>{t("figuresOf", { unit: figures.unit.name, month: monthName })}</h2>
      <p className="muted">{t("figuresAsOf", { time: formatCaseTime(total.asOf) })}</p>

      <ul className="target-cards" aria-label={t("targetsLabel")}>
        {CARDS.map((card) => {
          const value = card.rate(total);
          return (
            <li key={card.target} className="target-card" data-target={card.target}>
              <h3>{t(card.title)}</h3>
              <p className="card-value" data-testid={`rate-${card.target}`}>
                {rate(value)}
              </p>
              <p className="card-detail">{card.detail(total)}</p>
              <p className="card-goal">
                {t(card.goal)} · <Verdict met={total.targets[card.target]} />
              </p>
            </li>
          );
        })}
      </ul>

      <ScrollRegion labelledBy="counts-caption" className="counts-wrap">
        <table className="data-table counts">
          <caption id="counts-caption">{t("countsCaption", { month: monthName })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("colFigure")}</th>
              <th scope="col" className="num">
                {t("colValue")}
              </th>
            </tr>
          </thead>
          <tbody>
            <CountRow label={t("figReceived")} value={formatNumber(total.received)} />
            <CountRow label={t("figAckInTime")} value={formatNumber(total.acknowledgedInTime)} />
            <CountRow label={t("figAckLate")} value={formatNumber(total.acknowledgedLate)} />
            <CountRow label={t("figAnswered")} value={formatNumber(total.answered)} />
            <CountRow label={t("figEarly")} value={formatNumber(total.early)} />
            <CountRow label={t("figOnTime")} value={formatNumber(total.onTime)} />
            <CountRow label={t("figLate")} value={formatNumber(total.late)} />
            <CountRow label={t("figOpenAtEnd")} value={formatNumber(total.openAtEnd)} />
            <CountRow label={t("figOpenOverdue")} value={formatNumber(total.openOverdue)} />
            <CountRow label={t("figWithdrawn")} value={formatNumber(total.withdrawn)} />
            <CountRow label={t("figWithdrawnLate")} value={formatNumber(total.withdrawnLate)} />
            <CountRow
              label={t("figAvgDays")}
              value={
                total.avgWorkingDaysToAnswer === null ? "—" : formatDecimal(total.avgWorkingDaysToAnswer)
              }
            />
            <CountRow
              label={t("figP90Days")}
              value={total.p90WorkingDaysToAnswer === null ? "—" : formatNumber(total.p90WorkingDaysToAnswer)}
            />
            <CountRow label={t("figRated")} value={formatNumber(total.rated)} />
            <CountRow label={t("figSatisfied")} value={formatNumber(total.satisfied)} />
            {reasons.map(([reason, count]) => (
              <CountRow
                key={reason}
                label={t("figNotSatisfiedBecause", {
                  reason: RATING_REASON_KEYS[reason] ? t(RATING_REASON_KEYS[reason] as MessageKey) : reason,
                })}
                value={formatNumber(count)}
              />
            ))}
          </tbody>
        </table>
      </ScrollRegion>

      {figures.children.length > 0 && (
        <ScrollRegion labelledBy="children-caption" className="children-figures">
          <table className="data-table">
            <caption id="children-caption">{t("childrenCaption", { month: monthName })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("colUnit")}</th>
                <th scope="col" className="num">
                  {t("colReceivedCount")}
                </th>
                <th scope="col" className="num">
                  {t("colAnsweredCount")}
                </th>
                <th scope="col" className="num">
                  {t("outcomeEarly")}
                </th>
                <th scope="col" className="num">
                  {t("outcomeOnTime")}
                </th>
                <th scope="col" className="num">
                  {t("outcomeLate")}
                </th>
                <th scope="col" className="num">
                  {t("colOpenOverdue")}
                </th>
                <th scope="col" className="num">
                  {t("cardOnTime")}
                </th>
                <th scope="col" className="num">
                  {t("cardEarly")}
                </th>
                <th scope="col" className="num">
                  {t("cardSatisfied")}
                </th>
              </tr>
            </thead>
            <tbody>
              {figures.children.map((child) => (
                <ChildRow key={child.unit.id} name={child.unit.name} figures={child.figures} />
              ))}
              {figures.own.received + figures.own.answered + figures.own.openAtEnd > 0 && (
                <ChildRow name={t("ownCases", { unit: figures.unit.name })} figures={figures.own} />
              )}
            </tbody>
            <tfoot>
              <ChildRow name={t("allUnits")} figures={total} />
            </tfoot>
          </table>
        </ScrollRegion>
      )}
    </div>
  );
}

function CountRow({ label, value }: { label: string; value: string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="num">{value}</td>
    </tr>
  );
}

function ChildRow({ name, figures }: { name: string; figures: MonthFigures }) {
  return (
    <tr>
      <th scope="row">{name}</th>
      <td className="num">{formatNumber(figures.received)}</td>
      <td className="num">{formatNumber(figures.answered)}</td>
      <td className="num">{formatNumber(figures.early)}</td>
      <td className="num">{formatNumber(figures.onTime)}</td>
      <td className="num">{formatNumber(figures.late)}</td>
      <td className="num">{formatNumber(figures.openOverdue)}</td>
      <td className="num">{rate(figures.onTimeRate)}</td>
      <td className="num">{rate(figures.earlyRate)}</td>
      <td className="num">{rate(figures.satisfiedRate)}</td>
    </tr>
  );
}
