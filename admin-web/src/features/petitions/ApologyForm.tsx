import { type FormEvent, useRef, useState } from "react";
import { fieldErrorsOf, isSessionExpired, toApiError } from "../../api/client";
import { focusFirstProblem, TextField } from "../../components/Field";
import { t } from "../../i18n";
import { apologyPdfHref, recordApology } from "./api";

type ApologyField = "number" | "newDate" | "place" | "signerTitle" | "signerName";
const APOLOGY_FIELDS: readonly ApologyField[] = ["number", "newDate", "place", "signerTitle", "signerName"];

interface Props {
  petitionId: string;
  trackingCode: string;
  /** True when a letter was already recorded (the history shows it). */
  recorded: boolean;
  /** Whether the person may record one (principal, vice-principal). */
  canRecord: boolean;
  onRecorded: (message: string) => void;
  onUnauthorized: () => void;
}

/**
 * The apology letter every late case owes (Circular 01/2018/TT-VPCP, form 04): recorded with its
 * number, the new date the answer is promised for and the signer, then printed as a PDF in the
 * Decree 30 layout.
 */
export function ApologyForm({
  petitionId,
  trackingCode,
  recorded,
  canRecord,
  onRecorded,
  onUnauthorized,
}: Props) {
  const [form, setForm] = useState({
    number: "",
    newDate: "",
    place: "",
    signerTitle: "Hiệu trưởng",
    signerName: "",
  });
  const [errors, setErrors] = useState<Partial<Record<ApologyField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pdfUrl, setPdfUrl] = useState<string | null>(recorded ? apologyPdfHref(petitionId) : null);
  const formRef = useRef<HTMLFormElement>(null);
  const set = (changes: Partial<typeof form>) => setForm((f) => ({ ...f, ...changes }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const local: Partial<Record<ApologyField, string>> = {};
    if (!form.number.trim()) local.number = t("errRequiredField");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.newDate)) local.newDate = t("errNewDate");
    if (!form.place.trim()) local.place = t("errRequiredField");
    if (!form.signerTitle.trim()) local.signerTitle = t("errRequiredField");
    if (!form.signerName.trim()) local.signerName = t("errRequiredField");
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) {
      focusFirstProblem(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const result = await recordApology(petitionId, {
        number: form.number.trim(),
        newDate: form.newDate,
        place: form.place.trim(),
        signerTitle: form.signerTitle.trim(),
        signerName: form.signerName.trim(),
      });
      setPdfUrl(result.pdfUrl);
      onRecorded(t("apologyRecorded"));
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      const apiError = toApiError(error);
      const mapped = fieldErrorsOf(apiError, APOLOGY_FIELDS);
      // The server only says "invalid": the one rule it checks is that the date is still to come.
      if (mapped.newDate) mapped.newDate = t("errNewDate");
      setErrors(mapped);
      setFormError(Object.keys(mapped).length > 0 ? null : apiError.detail);
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel apology" aria-labelledby="apology-title">
      <h2 id="apology-title">{t("apologyTitle")}</h2>
      <p>{t("apologyIntro")}</p>
      {pdfUrl && (
        <p className="notice success">
          {t("apologyAvailable")}{" "}
          <a href={pdfUrl} download={`thu-xin-loi-${trackingCode}.pdf`}>
            {t("apologyDownload")}
          </a>
        </p>
      )}
      {canRecord ? (
        <form
          ref={formRef}
          noValidate
          onSubmit={onSubmit}
          aria-busy={busy || undefined}
          className="grid-form"
        >
          <TextField
            id="apology-number"
            label={t("apologyNumber")}
            hint={t("apologyNumberHint")}
            value={form.number}
            onValueChange={(number) => set({ number })}
            error={errors.number}
            maxLength={40}
            autoComplete="off"
          />
          <TextField
            id="apology-new-date"
            type="date"
            label={t("apologyNewDate")}
            hint={t("apologyNewDateHint")}
            value={form.newDate}
            onValueChange={(newDate) => set({ newDate })}
            error={errors.newDate}
          />
          <TextField
            id="apology-place"
            label={t("apologyPlace")}
            hint={t("apologyPlaceHint")}
            value={form.place}
            onValueChange={(place) => set({ place })}
            error={errors.place}
            maxLength={60}
          />
          <TextField
            id="apology-signer-title"
            label={t("apologySignerTitle")}
            value={form.signerTitle}
            onValueChange={(signerTitle) => set({ signerTitle })}
            error={errors.signerTitle}
            maxLength={60}
          />
          <TextField
            id="apology-signer-name"
            label={t("apologySignerName")}
            value={form.signerName}
            onValueChange={(signerName) => set({ signerName })}
            error={errors.signerName}
            maxLength={100}
            autoComplete="off"
          />
          <div className="form-actions wide">
            <button type="submit" className="button primary" aria-disabled={busy || undefined}>
              {busy ? t("saving") : recorded || pdfUrl ? t("apologyRecordAgain") : t("apologyRecord")}
            </button>
            {formError && (
              <p className="form-error inline-error" role="alert" tabIndex={-1}>
                {formError}
              </p>
            )}
          </div>
        </form>
      ) : (
        !pdfUrl && <p className="muted">{t("apologyManagersOnly")}</p>
      )}
    </section>
  );
}
