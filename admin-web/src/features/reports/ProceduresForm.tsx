import { type FormEvent, useRef, useState } from "react";
import { fieldErrorsOf, isSessionExpired, toApiError } from "../../api/client";
import { focusFirstProblem, TextField } from "../../components/Field";
import { formatNumber, type MessageKey, t } from "../../i18n";
import { type ProcedureFigures, saveProcedures } from "./api";
import { monthText } from "./parts";

const FIELDS = ["received", "resolvedEarly", "resolvedOnTime", "resolvedLate"] as const;
type FieldName = (typeof FIELDS)[number];

const LABELS: Record<FieldName, MessageKey> = {
  received: "repProcReceived",
  resolvedEarly: "repProcEarly",
  resolvedOnTime: "repProcOnTime",
  resolvedLate: "repProcLate",
};

const MAX = 1_000_000;

interface Props {
  unitId: string;
  month: string;
  /** What the month's draft or latest revision counted, to start from. */
  initial: ProcedureFigures | null;
  canEdit: boolean;
  onSaved: (message: string) => void;
  onUnauthorized: () => void;
}

/** The month's administrative procedures, typed in from the one-stop system. */
export function ProceduresForm({ unitId, month, initial, canEdit, onSaved, onUnauthorized }: Props) {
  const [values, setValues] = useState<Record<FieldName, string>>(() => {
    const start = {} as Record<FieldName, string>;
    for (const field of FIELDS) start[field] = initial ? String(initial[field]) : "";
    return start;
  });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const monthName = monthText(month);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const local: Partial<Record<FieldName, string>> = {};
    const figures = {} as ProcedureFigures;
    for (const field of FIELDS) {
      const text = values[field].trim();
      if (!/^\d+$/.test(text) || Number(text) > MAX)
        local[field] = t("repErrWholeNumber", { max: formatNumber(MAX) });
      else figures[field] = Number(text);
    }
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) {
      focusFirstProblem(formRef.current);
      return;
    }
    setBusy(true);
    try {
      await saveProcedures(unitId, month, figures);
      onSaved(t("repProceduresSaved", { month: monthName }));
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      const apiError = toApiError(error);
      const mapped = fieldErrorsOf(apiError, FIELDS);
      setErrors(mapped);
      if (Object.keys(mapped).length === 0) setFormError(apiError.detail);
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="procedures-form-title">
      <h2 id="procedures-form-title">{t("repProceduresFormTitle", { month: monthName })}</h2>
      <p className="muted">{t("repProceduresIntro")}</p>
      {!canEdit ? (
        <p className="notice">{t("repProceduresReadOnly")}</p>
      ) : (
        <form ref={formRef} noValidate onSubmit={(event) => void onSubmit(event)} className="grid-form">
          {formError && (
            <p className="form-error wide" role="alert" tabIndex={-1}>
              {formError}
            </p>
          )}
          {FIELDS.map((field) => (
            <TextField
              key={field}
              id={`rep-proc-${field}`}
              label={t(LABELS[field])}
              inputMode="numeric"
              autoComplete="off"
              className="short-input"
              value={values[field]}
              onValueChange={(value) => setValues((current) => ({ ...current, [field]: value }))}
              error={errors[field]}
              required
            />
          ))}
          <div className="form-actions wide">
            <button type="submit" className="button primary" aria-busy={busy || undefined}>
              {busy ? t("saving") : t("repSaveProcedures")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
