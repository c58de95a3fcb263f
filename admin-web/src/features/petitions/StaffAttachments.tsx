import { type FormEvent, useRef, useState } from "react";
import { isSessionExpired, toApiError } from "../../api/client";
import { t } from "../../i18n";
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, uploadAttachment } from "./api";

interface Props {
  petitionId: string;
  onUploaded: (message: string) => Promise<void>;
  onUnauthorized: () => void;
}

/** Staff add a file to the case (a photo of the fix, a signed document): JPEG, PNG or PDF. */
export function StaffAttachmentForm({ petitionId, onUploaded, onUnauthorized }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const file = inputRef.current?.files?.[0];
    if (!file) {
      setError(t("uploadChooseFile"));
      inputRef.current?.focus();
      return;
    }
    if (file.size > MAX_ATTACHMENT_BYTES) {
      setError(t("uploadTooLarge"));
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const stored = await uploadAttachment(petitionId, file);
      if (inputRef.current) inputRef.current.value = "";
      await onUploaded(t("uploadDone", { name: stored.filename }));
    } catch (caught) {
      if (isSessionExpired(caught)) return onUnauthorized();
      const apiError = toApiError(caught);
      setError(
        apiError.status === 415
          ? t("uploadWrongType")
          : apiError.status === 413
            ? t("uploadTooLarge")
            : apiError.detail,
      );
      inputRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form noValidate className="inline-form" onSubmit={(event) => void onSubmit(event)}>
      <div className="field">
        <label htmlFor="staff-attachment">{t("uploadLabel")}</label>
        <p id="staff-attachment-hint" className="hint">
          {t("uploadHint")}
        </p>
        <input
          ref={inputRef}
          id="staff-attachment"
          type="file"
          accept={[...ATTACHMENT_TYPES, ".jpg", ".jpeg", ".png", ".pdf"].join(",")}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "staff-attachment-hint staff-attachment-error" : "staff-attachment-hint"}
          onChange={() => setError(null)}
        />
        {error && (
          <p id="staff-attachment-error" className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button" aria-busy={busy || undefined}>
          {busy ? t("uploading") : t("uploadSubmit")}
        </button>
      </div>
    </form>
  );
}
