import { type FormEvent, useRef, useState } from "react";
import { fieldErrorsOf, isSessionExpired, toApiError } from "../../api/client";
import { focusFirstProblem, SelectField, TextAreaField, TextField } from "../../components/Field";
import { type MessageKey, t } from "../../i18n";
import { EXTENSION_REASONS, type ExtensionReason, extendPetition, type PetitionDetail } from "./api";
import { formatDeadline } from "./format";

type ExtendField = "reason" | "days" | "note";
const EXTEND_FIELDS: readonly ExtendField[] = ["reason", "days", "note"];

const REASON_KEYS: Record<ExtensionReason, MessageKey> = {
  complex: "extReasonComplex",
  especially_complex: "extReasonEspeciallyComplex",
};

/** The refusals the server explains by a code (409), in the staff's words. */
function refusalText(code: string, kind: PetitionDetail["kind"]): string | null {
  switch (code) {
    case "extension_not_allowed":
      return t("extErrNotAllowed");
    case "extension_before_acceptance":
      return t("extErrBeforeAcceptance");
    case "extension_too_late":
      return t("extErrTooLate");
    case "extension_limit_reached":
      return t(kind === "complaint" ? "extErrLimitComplaint" : "extErrLimitDenunciation");
    default:
      return null;
  }
}

/** What the law allows, for the kind of case. */
export function ExtensionLaw({ kind }: { kind: PetitionDetail["kind"] }) {
  return kind === "complaint" ? (
    <div className="law-note">
      <p>{t("extLawComplaint")}</p>
      <p>{t("extLawComplaintRemote")}</p>
    </div>
  ) : (
    <div className="law-note">
      <p>{t("extLawDenunciation")}</p>
      <p>{t("extLawDenunciationTimes")}</p>
    </div>
  );
}

interface Props {
  petition: PetitionDetail;
  /** After the extension: the page reloads the case and announces the new deadline. */
  onDone: (message: string) => void;
  onCancel: () => void;
  onUnauthorized: () => void;
}

/**
 * Extends the time to resolve a complaint (once, to 45 days from acceptance, 60 in remote areas) or
 * a denunciation (once by up to 30 days, twice when especially complex).
 */
export function ExtendForm({ petition, onDone, onCancel, onUnauthorized }: Props) {
  const denunciation = petition.kind === "denunciation";
  const [reason, setReason] = useState<ExtensionReason>("complex");
  const [days, setDays] = useState("30");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Partial<Record<ExtendField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const trimmedDays = days.trim();
    if (denunciation && !/^\d{1,2}$/.test(trimmedDays)) {
      setErrors({ days: t("extErrDays") });
      focusFirstProblem(formRef.current);
      return;
    }
    const dayCount = Number(trimmedDays);
    if (denunciation && (dayCount < 1 || dayCount > 30)) {
      setErrors({ days: t("extErrDays") });
      focusFirstProblem(formRef.current);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const updated = await extendPetition(petition.id, {
        // The Law on Complaints knows only "complex" cases.
        reason: denunciation ? reason : "complex",
        ...(denunciation && { days: dayCount }),
        ...(note.trim() && { note: note.trim() }),
      });
      setBusy(false);
      onDone(t("doneExtend", { date: formatDeadline(updated?.dueBy ?? petition.dueBy) }));
    } catch (error) {
      setBusy(false);
      if (isSessionExpired(error)) return onUnauthorized();
      const apiError = toApiError(error);
      const mapped = fieldErrorsOf(apiError, EXTEND_FIELDS);
      setErrors(mapped);
      if (Object.keys(mapped).length === 0) {
        setFormError(refusalText(apiError.code, petition.kind) ?? apiError.detail);
      }
      focusFirstProblem(formRef.current);
    }
  };

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} aria-busy={busy || undefined}>
      <ExtensionLaw kind={petition.kind} />
      <p>
        {t("extCurrentDeadline")} <strong>{formatDeadline(petition.dueBy)}</strong>
      </p>
      {denunciation ? (
        <div className="grid-form">
          <SelectField
            id="extend-reason"
            label={t("extReasonLabel")}
            value={reason}
            onValueChange={(value) => setReason(value as ExtensionReason)}
            error={errors.reason}
          >
            {EXTENSION_REASONS.map((option) => (
              <option key={option} value={option}>
                {t(REASON_KEYS[option])}
              </option>
            ))}
          </SelectField>
          <TextField
            id="extend-days"
            label={t("extDaysLabel")}
            hint={t("extDaysHint")}
            inputMode="numeric"
            value={days}
            onValueChange={setDays}
            error={errors.days}
            maxLength={2}
            required
          />
        </div>
      ) : (
        <p>
          {t("extReasonLabel")}: {t("extReasonComplexComplaint")}
          {errors.reason && <span className="field-error">{errors.reason}</span>}
        </p>
      )}
      <TextAreaField
        id="extend-note"
        label={t("extNoteLabel")}
        hint={t("extNoteHint")}
        value={note}
        onValueChange={setNote}
        error={errors.note}
        maxLength={2000}
        rows={3}
      />
      <div className="form-actions">
        <button type="submit" className="button primary" aria-disabled={busy || undefined}>
          {busy ? t("sending") : t("extSubmit")}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("cancel")}
        </button>
        {formError && (
          <p className="form-error inline-error" role="alert" tabIndex={-1}>
            {formError}
          </p>
        )}
      </div>
    </form>
  );
}
