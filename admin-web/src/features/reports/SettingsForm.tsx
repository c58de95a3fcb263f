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

/** The unit's satisfaction target and whether citizens' ratings of answers count in the index. */
export function SettingsForm({ unitId, settings, canEdit, onSaved, onUnauthorized }: Props) {
  const [target, setTarget] = useState(() => percentText(settings.satisfactionTarget));
  const [ratings, setRatings] = useState(settings.petitionRatingsInIndex);
  const [errors, setErrors] = useState<{ target?: string; ratings?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const share = parsePercent(target);
    setFormError(null);
    if (share === null) {
      setErrors({ target: t("repErrTarget") });
      focusFirstProblem(formRef.current);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const saved = await saveReportSettings(unitId, {
        satisfactionTarget: share,
        petitionRatingsInIndex: ratings,
      });
      setTarget(percentText(saved.satisfactionTarget));
      onSaved(saved, t("repSettingsSaved"));
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      const apiError = toApiError(error);
      const mapped: { target?: string; ratings?: string } = {};
      for (const item of apiError.errors) {
        if (item.field === "satisfactionTarget") mapped.target ??= item.message;
        if (item.field === "petitionRatingsInIndex") mapped.ratings ??= item.message;
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
