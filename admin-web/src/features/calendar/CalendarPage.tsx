import { type FormEvent, type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { isSessionExpired, toApiError } from "../../api/client";
import { useConfirm } from "../../components/ConfirmDialog";
import { focusFirstProblem, SelectField } from "../../components/Field";
import { Link } from "../../components/Link";
import { ScrollRegion } from "../../components/ScrollRegion";
import { formatDay, formatNumber, t } from "../../i18n";
import { addCalendarDay, type CalendarDay, type CalendarKind, fetchCalendar, removeCalendarDay } from "./api";
import { DayFields } from "./DayFields";
import { Basis, kindLabel } from "./labels";
import { PetitionSettingsSection } from "./PetitionSettingsSection";
import { nationalCalendarHref, vnToday } from "./TetBreakWarning";

function sourceLabel(day: CalendarDay): string {
  if (day.source === "national") return t("calSourceNational");
  if (day.source === "own") return t("calSourceOwn");
  return t("calSourceInherited", { unit: day.unitName ?? "" });
}

type FormField = "day" | "kind" | "name";

interface Props {
  unit: { id: string; name: string } | null;
  /** The unit's admin: adds and removes the unit's own days. */
  canManage: boolean;
  /** Shown at the top (the warning when next Tết's break is not entered yet). */
  notice?: ReactNode;
  onUnauthorized: () => void;
}

/** A unit's working-day calendar for one year: national days, those of the units above, its own. */
export function CalendarPage({ unit, canManage, notice, onUnauthorized }: Props) {
  const thisYear = vnToday().year;
  const [year, setYear] = useState(thisYear);
  const [days, setDays] = useState<CalendarDay[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [busyRow, setBusyRow] = useState<string | null>(null);
  const { dialog, confirm } = useConfirm();
  const latestRequest = useRef(0);
  const unitId = unit?.id ?? null;

  const load = useCallback(async () => {
    if (!unitId) return;
    const request = ++latestRequest.current;
    try {
      const data = await fetchCalendar(unitId, year);
      if (request !== latestRequest.current) return;
      setDays(data.items);
      setLoadError(null);
    } catch (error) {
      if (request !== latestRequest.current) return;
      if (isSessionExpired(error)) return onUnauthorized();
      setDays(null);
      setLoadError(toApiError(error).detail);
    }
  }, [unitId, year, onUnauthorized]);

  useEffect(() => {
    setDays(null);
    setLoadError(null);
    setActionError(null);
    void load();
  }, [load]);

  const onRemove = async (day: CalendarDay) => {
    if (!unitId || busyRow) return;
    const label = `${formatDay(day.day)} — ${day.name}`;
    const ok = await confirm({
      title: t("calRemoveTitle"),
      message: t("calRemoveConfirm", { day: label }),
      confirmLabel: t("calRemove"),
    });
    if (!ok) return;
    setBusyRow(day.id);
    setActionError(null);
    setStatus("");
    try {
      await removeCalendarDay(unitId, day.id);
      setStatus(t("calRemoved", { day: label }));
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      setActionError(toApiError(error).detail);
    } finally {
      setBusyRow(null);
      await load();
    }
    requestAnimationFrame(() => document.getElementById("calendar-title")?.focus());
  };

  const years = [thisYear - 1, thisYear, thisYear + 1];
  if (!years.includes(year)) years.push(year);

  return (
    <main id="main" className="content" tabIndex={-1}>
      <div className="page-head">
        <h1 id="calendar-title" tabIndex={-1}>
          {t("calendarTitle")}
        </h1>
        <p className="status-line" aria-live="polite">
          {status}
        </p>
      </div>
      {notice}
      <p>
        <Link href={nationalCalendarHref(year)}>{t("natLink")}</Link>
      </p>
      {!unit && <p>{t("chooseUnitFirst")}</p>}
      {unit && (
        <>
          <p className="muted">{t("calendarIntro", { unit: unit.name })}</p>
          <p className="notice">{t("calendarDeadlinesMoved")}</p>
          <div className="filters">
            <SelectField
              id="calendar-year"
              label={t("calYear")}
              value={String(year)}
              onValueChange={(value) => setYear(Number(value))}
            >
              {years
                .sort((a, b) => a - b)
                .map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
            </SelectField>
          </div>
          {loadError && (
            <div className="form-error" role="alert">
              <p>{loadError}</p>
              <button type="button" className="button small" onClick={() => void load()}>
                {t("retry")}
              </button>
            </div>
          )}
          {actionError && (
            <p className="form-error" role="alert">
              {actionError}
            </p>
          )}
          {days === null && !loadError && <p>{t("loading")}</p>}
          {days !== null && days.length === 0 && <p>{t("calNoDays", { year })}</p>}
          {days !== null && days.length > 0 && (
            <ScrollRegion labelledBy="calendar-caption">
              <table className="data-table calendar-table">
                <caption id="calendar-caption">{t("calCaption", { unit: unit.name, year })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("calColDay")}</th>
                    <th scope="col">{t("calColKind")}</th>
                    <th scope="col">{t("calColName")}</th>
                    <th scope="col">{t("calColSource")}</th>
                    <th scope="col">{t("calColBasis")}</th>
                    {canManage && <th scope="col">{t("colActions")}</th>}
                  </tr>
                </thead>
                <tbody>
                  {days.map((day) => (
                    <tr key={day.id} aria-busy={busyRow === day.id || undefined}>
                      <th scope="row" className="nowrap">
                        <time dateTime={day.day}>{formatDay(day.day)}</time>
                      </th>
                      <td>{kindLabel(day.kind)}</td>
                      <td>{day.name}</td>
                      <td>{sourceLabel(day)}</td>
                      <td className="basis">
                        <Basis origin={day.origin} reference={day.reference} />
                      </td>
                      {canManage && (
                        <td>
                          {day.source === "own" ? (
                            <button
                              type="button"
                              className="button small danger"
                              aria-label={t("calRemoveLabel", { day: `${formatDay(day.day)} — ${day.name}` })}
                              aria-disabled={busyRow === day.id || undefined}
                              onClick={() => void onRemove(day)}
                            >
                              {t("calRemove")}
                            </button>
                          ) : (
                            <span className="muted">—</span>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          {canManage ? (
            <AddDayForm
              unitId={unit.id}
              onAdded={async (added) => {
                setActionError(null);
                const label = `${formatDay(added.day)} — ${added.name}`;
                setStatus(
                  added.moved === undefined
                    ? t("calAdded", { day: label })
                    : t("calAddedMoved", { day: label, count: formatNumber(added.moved) }),
                );
                const addedYear = Number(added.day.slice(0, 4));
                if (addedYear !== year) setYear(addedYear);
                else await load();
              }}
              onUnauthorized={onUnauthorized}
            />
          ) : (
            <p className="notice">{t("calReadOnly")}</p>
          )}
          <PetitionSettingsSection unit={unit} canManage={canManage} onUnauthorized={onUnauthorized} />
        </>
      )}
      {dialog}
    </main>
  );
}

interface AddProps {
  unitId: string;
  /** `moved`: open cases whose deadlines were recomputed (absent from older servers). */
  onAdded: (day: { day: string; name: string; moved?: number }) => Promise<void>;
  onUnauthorized: () => void;
}

function AddDayForm({ unitId, onAdded, onUnauthorized }: AddProps) {
  const [day, setDay] = useState("");
  const [kind, setKind] = useState<CalendarKind>("day_off");
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const local: Partial<Record<FormField, string>> = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) local.day = t("calErrDay");
    if (name.trim().length === 0) local.name = t("calErrName");
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) {
      focusFirstProblem(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const created = await addCalendarDay(unitId, { day, kind, name: name.trim() });
      const added = {
        day,
        name: name.trim(),
        ...(typeof created?.moved === "number" && { moved: created.moved }),
      };
      setDay("");
      setName("");
      await onAdded(added);
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      const apiError = toApiError(error);
      if (apiError.code === "calendar_day_exists") {
        setErrors({ day: t("calErrDayExists") });
      } else {
        const mapped: Partial<Record<FormField, string>> = {};
        for (const item of apiError.errors) {
          if (item.field === "day" || item.field === "kind" || item.field === "name")
            mapped[item.field] ??= item.message;
        }
        setErrors(mapped);
        if (Object.keys(mapped).length === 0) setFormError(apiError.detail);
      }
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={(event) => void onSubmit(event)}
      className="panel narrow-form"
      aria-labelledby="calendar-add-title"
    >
      <h2 id="calendar-add-title">{t("calAddTitle")}</h2>
      {formError && (
        <p className="form-error" role="alert" tabIndex={-1}>
          {formError}
        </p>
      )}
      <DayFields
        idPrefix="calendar"
        day={day}
        kind={kind}
        name={name}
        nameHint={t("calNameHint")}
        errors={errors}
        onDay={setDay}
        onKind={setKind}
        onName={setName}
      />
      <div className="form-actions">
        <button type="submit" className="button primary" aria-busy={busy || undefined}>
          {busy ? t("saving") : t("calAdd")}
        </button>
      </div>
    </form>
  );
}
