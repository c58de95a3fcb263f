import { type FormEvent, useRef, useState } from "react";
import { isSessionExpired, toApiError } from "../../api/client";
import { focusFirstProblem, SelectField, TextAreaField } from "../../components/Field";
import { type MessageKey, t } from "../../i18n";
import { actOnBehalf, ON_BEHALF_VIA, type OnBehalfVia, type PetitionDetail } from "./api";

/** States from which the sender may withdraw (the API's rule for the sender). */
const WITHDRAWABLE = new Set([
  "received",
  "acknowledged",
  "assigned",
  "in_progress",
  "awaiting_info",
  "reopened",
]);
/** States from which the sender may ask for the answer to be reconsidered. */
const REOPENABLE = new Set(["answered", "closed"]);

export const VIA_KEYS: Record<OnBehalfVia, MessageKey> = {
  phone: "onBehalfViaPhone",
  in_person: "onBehalfViaInPerson",
  letter: "onBehalfViaLetter",
  email: "onBehalfViaEmail",
};

/**
 * A sender who phoned, came in or wrote to withdraw or reopen their case: staff record it here,
 * as their own act on the sender's behalf, with how the sender asked. Ratings are the sender's
 * alone; there is none on their behalf.
 */
export function OnBehalfPanel({
  petition,
  onDone,
  onUnauthorized,
}: {
  petition: PetitionDetail;
  onDone: (message: string) => void;
  onUnauthorized: () => void;
}) {
  const action = WITHDRAWABLE.has(petition.state)
    ? "withdraw"
    : REOPENABLE.has(petition.state)
      ? "reopen"
      : null;
  const [via, setVia] = useState<OnBehalfVia | "">("");
  const [note, setNote] = useState("");
  const [viaError, setViaError] = useState<string | null>(null);
  const [noteError, setNoteError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  if (!action) return null;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setFormError(null);
    const missingVia = via === "";
    const missingNote = !note.trim();
    setViaError(missingVia ? t("errRequiredField") : null);
    setNoteError(missingNote ? t("errRequiredField") : null);
    if (missingVia || missingNote) {
      focusFirstProblem(formRef.current);
      return;
    }
    setBusy(true);
    try {
      await actOnBehalf(petition.id, { action, via: via as OnBehalfVia, note: note.trim() });
      setNote("");
      setVia("");
      onDone(t(action === "withdraw" ? "onBehalfWithdrawn" : "onBehalfReopened"));
    } catch (err) {
      if (isSessionExpired(err)) return onUnauthorized();
      const apiError = toApiError(err);
      const noteProblem = apiError.errors.find((item) => item.field === "note");
      if (noteProblem) setNoteError(noteProblem.message);
      else setFormError(apiError.detail);
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="on-behalf-title" className="panel" data-testid="on-behalf">
      <h2 id="on-behalf-title">{t("onBehalfTitle")}</h2>
      <p className="hint">{t("onBehalfIntro")}</p>
      <form ref={formRef} noValidate onSubmit={onSubmit} aria-busy={busy || undefined}>
        <SelectField
          id="on-behalf-via"
          label={t("onBehalfViaLabel")}
          value={via}
          onValueChange={(value) => {
            setVia(value as OnBehalfVia | "");
            setViaError(null);
          }}
          error={viaError ?? undefined}
        >
          <option value="">{t("onBehalfViaChoose")}</option>
          {ON_BEHALF_VIA.map((value) => (
            <option key={value} value={value}>
              {t(VIA_KEYS[value])}
            </option>
          ))}
        </SelectField>
        <TextAreaField
          id="on-behalf-note"
          label={t("onBehalfNoteLabel")}
          hint={t("onBehalfNoteHint")}
          value={note}
          onValueChange={(value) => {
            setNote(value);
            setNoteError(null);
          }}
          error={noteError ?? undefined}
          maxLength={2000}
          rows={3}
        />
        <div className="form-actions">
          <button type="submit" className="button" aria-disabled={busy || undefined}>
            {busy ? t("saving") : t(action === "withdraw" ? "onBehalfWithdraw" : "onBehalfReopen")}
          </button>
          {formError && (
            <p className="form-error inline-error" role="alert" tabIndex={-1}>
              {formError}
            </p>
          )}
        </div>
      </form>
    </section>
  );
}
