import { type FormEvent, useRef, useState } from "react";
import { isSessionExpired, toApiError } from "../../api/client";
import { CheckboxField, focusFirstProblem, TextField } from "../../components/Field";
import { formatPercent, t } from "../../i18n";
import { type ReportSettings, saveReportSettings } from "./api";

interface Props {
  unitId: string;
  settings: ReportSettings;
  canEdit: boolean;
  onSaved: (settings: ReportSettings, message: string) => void;
  onUnauthorized: () => void;
}

/** "85" or "85,5" (a Vietnamese decimal comma) as a share; null when it is not a percentage. */
function parsePercent(text: string): number | null {
  const normalized = text.trim().replace(/\s*%$/, "").replace(",", ".");
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(normalized)) return null;
  const value = Number(normalized);
  return value >= 0 && value <= 100 ? Math.round(value * 100) / 10_000 : null;
}

/** Shown in the field: 0.855 → "85,5" (the language's decimal sign). */
function percentText(share: number): string {
  return formatPercent(share).replace(/\s*%$/, "");
}

/** "15/12" (day/month, also 15-12 or 15.12) as the API's "12-15"; null unless a real date (never 29/02). */
function parseDayMonth(text: string): string | null {
  const match = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})$/.exec(text.trim());
  if (!match) return null;
  const day = Number(match[1]);
  const month = Number(match[2]);
  // A year that is not a leap year: the date must come round every year.
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(2025, month, 0)).getUTCDate())
    return null;
  return `${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Shown in the field and the facts: "12-15" → "15/12". */
function dayMonthText(date: string): string {
  const [month, day] = date.split("-");
  return `${day}/${month}`;
}

/** A whole number from min to max; null otherwise. */
function parseWhole(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,3}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : null;
}

type FieldName = "target" | "ratings" | "quarterlyDay" | "yearlyDate" | "reminderDays";

/** The API's field names for the form's fields (server errors go next to them). */
const API_FIELDS: Record<string, FieldName> = {
  satisfactionTarget: "target",
  petitionRatingsInIndex: "ratings",
  quarterlyReportDay: "quarterlyDay",
  yearlyReportDate: "yearlyDate",
  reportReminderDays: "reminderDays",
};

/**
 * The unit's satisfaction target, whether citizens' ratings of answers count in the index, and when
 * its quarterly and yearly reports are due (its admins are reminded by email).
 */
export function SettingsForm({ unitId, settings, canEdit, onSaved, onUnauthorized }: Props) {
  const [target, setTarget] = useState(() => percentText(settings.satisfactionTarget));
  const [ratings, setRatings] = useState(settings.petitionRatingsInIndex);
  const [quarterlyDay, setQuarterlyDay] = useState(() => String(settings.quarterlyReportDay));
  const [yearlyDate, setYearlyDate] = useState(() => dayMonthText(settings.yearlyReportDate));
  const [reminderDays, setReminderDays] = useState(() => String(settings.reportReminderDays));
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const share = parsePercent(target);
    const quarterly = parseWhole(quarterlyDay, 1, 31);
    const yearly = parseDayMonth(yearlyDate);
    const reminder = parseWhole(reminderDays, 0, 30);
    setFormError(null);
    const local: Partial<Record<FieldName, string>> = {};
    if (share === null) local.target = t("repErrTarget");
    if (quarterly === null) local.quarterlyDay = t("repErrQuarterlyDay");
    if (yearly === null) local.yearlyDate = t("repErrYearlyDate");
    if (reminder === null) local.reminderDays = t("repErrWholeNumber", { max: 30 });
    if (share === null || quarterly === null || yearly === null || reminder === null) {
      setErrors(local);
      focusFirstProblem(formRef.current);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const saved = await saveReportSettings(unitId, {
        satisfactionTarget: share,
        petitionRatingsInIndex: ratings,
        quarterlyReportDay: quarterly,
        yearlyReportDate: yearly,
        reportReminderDays: reminder,
      });
      setTarget(percentText(saved.satisfactionTarget));
      setQuarterlyDay(String(saved.quarterlyReportDay));
      setYearlyDate(dayMonthText(saved.yearlyReportDate));
      setReminderDays(String(saved.reportReminderDays));
      onSaved(saved, t("repSettingsSaved"));
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      const apiError = toApiError(error);
      const mapped: Partial<Record<FieldName, string>> = {};
      for (const item of apiError.errors) {
        const field = Object.hasOwn(API_FIELDS, item.field) ? API_FIELDS[item.field] : undefined;
        if (field) mapped[field] ??= item.message;
      }
      setErrors(mapped);
      if (Object.keys(mapped).length === 0) setFormError(apiError.detail);
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="report-settings-title">
      <h2 id="report-settings-title">{t("repSettingsTitle")}</h2>
      <p className="muted">{t("repSettingsIntro")}</p>
      {!canEdit ? (
        <dl className="facts">
          <div>
            <dt>{t("repTargetLabel")}</dt>
            <dd>{formatPercent(settings.satisfactionTarget)}</dd>
          </div>
          <div>
            <dt>{t("repRatingsInIndexShort")}</dt>
            <dd>{settings.petitionRatingsInIndex ? t("repYes") : t("repNo")}</dd>
          </div>
          <div>
            <dt>{t("repQuarterlyDayLabel")}</dt>
            <dd>{t("repDueQuarterly", { day: settings.quarterlyReportDay })}</dd>
          </div>
          <div>
            <dt>{t("repYearlyDateLabel")}</dt>
            <dd>{dayMonthText(settings.yearlyReportDate)}</dd>
          </div>
          <div>
            <dt>{t("repReminderLabel")}</dt>
            <dd>{settings.reportReminderDays}</dd>
          </div>
        </dl>
      ) : (
        <form ref={formRef} noValidate onSubmit={(event) => void onSubmit(event)} className="narrow-form">
          {formError && (
            <p className="form-error" role="alert" tabIndex={-1}>
              {formError}
            </p>
          )}
          <TextField
            id="rep-target"
            label={t("repTargetLabel")}
            hint={t("repTargetHint")}
            inputMode="decimal"
            autoComplete="off"
            className="short-input"
            value={target}
            onValueChange={setTarget}
            error={errors.target}
            required
          />
          <CheckboxField
            id="rep-ratings"
            label={t("repRatingsInIndex")}
            checked={ratings}
            onCheckedChange={setRatings}
            error={errors.ratings}
          />
          <fieldset className="report-due">
            <legend>{t("repDueTitle")}</legend>
            <TextField
              id="rep-quarterly-day"
              label={t("repQuarterlyDayLabel")}
              hint={t("repQuarterlyDayHint")}
              inputMode="numeric"
              autoComplete="off"
              className="short-input"
              value={quarterlyDay}
              onValueChange={setQuarterlyDay}
              error={errors.quarterlyDay}
              required
            />
            <TextField
              id="rep-yearly-date"
              label={t("repYearlyDateLabel")}
              hint={t("repYearlyDateHint")}
              autoComplete="off"
              className="short-input"
              value={yearlyDate}
              onValueChange={setYearlyDate}
              error={errors.yearlyDate}
              required
            />
            <TextField
              id="rep-reminder-days"
              label={t("repReminderLabel")}
              hint={t("repReminderHint")}
              inputMode="numeric"
              autoComplete="off"
              className="short-input"
              value={reminderDays}
              onValueChange={setReminderDays}
              error={errors.reminderDays}
              required
            />
          </fieldset>
          <div className="form-actions">
            <button type="submit" className="button primary" aria-busy={busy || undefined}>
              {busy ? t("saving") : t("repSaveSettings")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
