import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { fieldErrorsOf, isSessionExpired, toApiError } from "../../api/client";
import { useConfirm } from "../../components/ConfirmDialog";
import { focusFirstProblem, SelectField, TextAreaField } from "../../components/Field";
import { Link } from "../../components/Link";
import { ScrollRegion } from "../../components/ScrollRegion";
import { formatDay, formatNumber, t, useLang } from "../../i18n";
import { hrefFor } from "../../router";
import {
  type CalendarKind,
  fetchNationalCalendar,
  type NationalDay,
  type NationalDayInput,
  removeNationalDay,
  saveNationalDay,
  type TetBreak,
} from "./api";
import { DayFields } from "./DayFields";
import { Basis, kindLabel } from "./labels";
import { invalidateTetBreak, nationalCalendarHref, TetBreakWarning, vnToday } from "./TetBreakWarning";

type FormField = keyof NationalDayInput;
const FORM_FIELDS: readonly FormField[] = ["day", "kind", "name", "reference"];

/** The year asked for in the address (`?year=2027`), when it is a plausible one. */
function yearFromAddress(): number | null {
  const value = Number(new URLSearchParams(window.location.search).get("year"));
  return Number.isInteger(value) && value >= 2020 && value <= 2100 ? value : null;
}

const dayLabel = (day: { day: string; name: string }) => `${formatDay(day.day)} — ${day.name}`;

interface Props {
  /** The platform superadmin: adds, corrects and removes national days. Everyone else reads. */
  canEdit: boolean;
  onUnauthorized: () => void;
}

/**
 * The national calendar of one year, the same for every unit: the Labour Code's holidays, the
 * Government's announced arrangements and the platform superadmin's corrections. A change here moves
 * the deadlines of open cases, unlike a unit's own days.
 */
export function NationalCalendarPage({ canEdit, onUnauthorized }: Props) {
  useLang();
  const thisYear = vnToday().year;
  const [year, setYear] = useState(() => yearFromAddress() ?? thisYear);
  const [days, setDays] = useState<NationalDay[] | null>(null);
  const [tetBreak, setTetBreak] = useState<TetBreak | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [busyRow, setBusyRow] = useState<string | null>(null);
  // The form is remounted to start again: empty after a save, filled from a row to correct it.
  const [draft, setDraft] = useState<{ seq: number; initial: NationalDayInput | null }>({
    seq: 0,
    initial: null,
  });
  const { dialog, confirm } = useConfirm();
  const latestRequest = useRef(0);

  const load = useCallback(async () => {
    const request = ++latestRequest.current;
    try {
      const data = await fetchNationalCalendar(year);
      if (request !== latestRequest.current) return;
      setDays(data.items);
      setTetBreak(data.tetBreak ?? null);
      setLoadError(null);
    } catch (error) {
      if (request !== latestRequest.current) return;
      if (isSessionExpired(error)) return onUnauthorized();
      setDays(null);
      setLoadError(toApiError(error).detail);
    }
  }, [year, onUnauthorized]);

  useEffect(() => {
    setDays(null);
    setLoadError(null);
    void load();
  }, [load]);

  // The address follows the year shown, so a reload or a shared link opens the same year.
  useEffect(() => {
    const href = nationalCalendarHref(year);
    if (window.location.pathname + window.location.search !== href) history.replaceState(null, "", href);
  }, [year]);

  const announce = (moved: number) => {
    setStatus(t("natUpdated", { count: formatNumber(moved) }));
    requestAnimationFrame(() => document.getElementById("national-status")?.focus());
  };

  const onRemove = async (day: NationalDay) => {
    if (busyRow) return;
    const ok = await confirm({
      title: t("natRemoveTitle"),
      message: t("natRemoveConfirm", { day: dayLabel(day) }),
      confirmLabel: t("calRemove"),
    });
    if (!ok) return;
    setBusyRow(day.day);
    setActionError(null);
    setStatus("");
    try {
      const result = await removeNationalDay(day.day);
      invalidateTetBreak();
      await load();
      announce(result?.moved ?? 0);
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      setActionError(toApiError(error).detail);
      await load();
    } finally {
      setBusyRow(null);
    }
  };

  const onCorrect = (day: NationalDay) => {
    setDraft((current) => ({
      seq: current.seq + 1,
      initial: { day: day.day, kind: day.kind, name: day.name, reference: day.reference },
    }));
  };

  const years = [thisYear - 1, thisYear, thisYear + 1];
  if (!years.includes(year)) years.push(year);

  return (
    <main id="main" className="content" tabIndex={-1}>
      <p className="breadcrumb">
        <Link href={hrefFor("calendar")}>{t("natBackToCalendar")}</Link>
      </p>
      <div className="page-head">
        <h1 id="national-title" tabIndex={-1}>
          {t("nationalCalendarTitle")}
        </h1>
      </div>
      <p id="national-status" className="status-line" aria-live="polite" tabIndex={-1}>
        {status}
      </p>
      <p className="muted">{t("natIntro")}</p>
      <p className="notice">{t("natDeadlinesMoved")}</p>
      {tetBreak && <TetBreakWarning tetBreak={tetBreak} canEdit={canEdit} linked={false} />}
      <div className="filters">
        <SelectField
          id="national-year"
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
      {days !== null && days.length === 0 && <p>{t("natNoDays", { year })}</p>}
      {days !== null && days.length > 0 && (
        <ScrollRegion labelledBy="national-caption">
          <table className="data-table calendar-table">
            <caption id="national-caption">{t("natCaption", { year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("calColDay")}</th>
                <th scope="col">{t("calColKind")}</th>
                <th scope="col">{t("calColName")}</th>
                <th scope="col">{t("calColBasis")}</th>
                {canEdit && <th scope="col">{t("colActions")}</th>}
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.id || day.day} aria-busy={busyRow === day.day || undefined}>
                  <th scope="row" className="nowrap">
                    <time dateTime={day.day}>{formatDay(day.day)}</time>
                  </th>
                  <td>{kindLabel(day.kind)}</td>
                  <td>{day.name}</td>
                  <td className="basis">
                    <Basis origin={day.origin} reference={day.reference} />
                  </td>
                  {canEdit && (
                    <td>
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button small"
                          aria-label={t("natCorrectLabel", { day: dayLabel(day) })}
                          aria-controls="national-form"
                          onClick={() => onCorrect(day)}
                        >
                          {t("natCorrect")}
                        </button>
                        <button
                          type="button"
                          className="button small danger"
                          aria-label={t("natRemoveLabel", { day: dayLabel(day) })}
                          aria-disabled={busyRow === day.day || undefined}
                          onClick={() => void onRemove(day)}
                        >
                          {t("calRemove")}
                        </button>
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {canEdit ? (
        <NationalDayForm
          key={draft.seq}
          initial={draft.initial}
          onSaved={async (saved, moved) => {
            setActionError(null);
            invalidateTetBreak();
            setDraft((current) => ({ seq: current.seq + 1, initial: null }));
            const savedYear = Number(saved.day.slice(0, 4));
            if (savedYear !== year) setYear(savedYear);
            else await load();
            announce(moved);
          }}
          onUnauthorized={onUnauthorized}
        />
      ) : (
        <p className="notice">{t("natReadOnly")}</p>
      )}
      {dialog}
    </main>
  );
}

interface FormProps {
  /** A row to correct; null for a new day. */
  initial: NationalDayInput | null;
  onSaved: (saved: NationalDayInput, moved: number) => Promise<void>;
  onUnauthorized: () => void;
}

function NationalDayForm({ initial, onSaved, onUnauthorized }: FormProps) {
  const [day, setDay] = useState(initial?.day ?? "");
  const [kind, setKind] = useState<CalendarKind>(initial?.kind ?? "day_off");
  const [name, setName] = useState(initial?.name ?? "");
  const [reference, setReference] = useState(initial?.reference ?? "");
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  // Opened from a row: the form comes into view with its first field focused.
  useEffect(() => {
    if (!initial) return;
    formRef.current?.scrollIntoView({ block: "start" });
    document.getElementById("national-day")?.focus();
  }, [initial]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const local: Partial<Record<FormField, string>> = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) local.day = t("calErrDay");
    if (name.trim().length === 0) local.name = t("calErrName");
    if (reference.trim().length === 0) local.reference = t("natErrReference");
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) {
      focusFirstProblem(formRef.current);
      return;
    }
    setBusy(true);
    const input: NationalDayInput = { day, kind, name: name.trim(), reference: reference.trim() };
    let moved: number;
    try {
      moved = (await saveNationalDay(input))?.moved ?? 0;
    } catch (error) {
      setBusy(false);
      if (isSessionExpired(error)) return onUnauthorized();
      const apiError = toApiError(error);
      const mapped = fieldErrorsOf(apiError, FORM_FIELDS);
      setErrors(mapped);
      if (Object.keys(mapped).length === 0) setFormError(apiError.detail);
      focusFirstProblem(formRef.current);
      return;
    }
    // The page starts a fresh form (this one is replaced).
    await onSaved(input, moved);
  };

  return (
    <form
      ref={formRef}
      id="national-form"
      noValidate
      onSubmit={(event) => void onSubmit(event)}
      className="panel narrow-form"
      aria-labelledby="national-form-title"
    >
      <h2 id="national-form-title">{t(initial ? "natCorrectTitle" : "natAddTitle")}</h2>
      <p className="hint">{t("natFormHint")}</p>
      {formError && (
        <p className="form-error" role="alert" tabIndex={-1}>
          {formError}
        </p>
      )}
      <DayFields
        idPrefix="national"
        day={day}
        kind={kind}
        name={name}
        nameHint={t("natNameHint")}
        errors={errors}
        onDay={setDay}
        onKind={setKind}
        onName={setName}
      />
      <TextAreaField
        id="national-reference"
        label={t("natReferenceLabel")}
        hint={t("natReferenceHint")}
        value={reference}
        onValueChange={setReference}
        error={errors.reference}
        maxLength={300}
        rows={3}
        required
      />
      <div className="form-actions">
        <button type="submit" className="button primary" aria-busy={busy || undefined}>
          {busy ? t("saving") : t("natSave")}
        </button>
      </div>
    </form>
  );
}
