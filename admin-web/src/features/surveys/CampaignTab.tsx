import { type FormEvent, useRef, useState } from "react";
import { fieldErrorsOf, isSessionExpired, toApiError } from "../../api/client";
import { focusFirstProblem, TextField } from "../../components/Field";
import { Link } from "../../components/Link";
import { formatDateTime, formatNumber, t } from "../../i18n";
import { surveyHref } from "../../router";
import { type SurveyDetail, updateSurvey } from "./api";
import { StatusBadge } from "./StatusBadge";
import { isoToVietnamLocal, vietnamLocalToIso } from "./time";

type CampaignField = "title.vi" | "title.en" | "opensAt" | "closesAt" | "responseCap";
const CAMPAIGN_FIELDS: readonly CampaignField[] = [
  "title.vi",
  "title.en",
  "opensAt",
  "closesAt",
  "responseCap",
];

interface Props {
  survey: SurveyDetail;
  canManage: boolean;
  onSaved: (survey: SurveyDetail) => void;
  onUnauthorized: () => void;
}

function formFrom(survey: SurveyDetail) {
  return {
    opensAt: isoToVietnamLocal(survey.opensAt),
    closesAt: isoToVietnamLocal(survey.closesAt),
    responseCap: survey.responseCap === null ? "" : String(survey.responseCap),
  };
}

export function CampaignTab({ survey, canManage, onSaved, onUnauthorized }: Props) {
  const [form, setForm] = useState(() => formFrom(survey));
  const [errors, setErrors] = useState<Partial<Record<CampaignField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const set = (changes: Partial<typeof form>) => setForm((f) => ({ ...f, ...changes }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const local: Partial<Record<CampaignField, string>> = {};
    const opensAt = form.opensAt ? vietnamLocalToIso(form.opensAt) : null;
    const closesAt = form.closesAt ? vietnamLocalToIso(form.closesAt) : null;
    if (form.opensAt && !opensAt) local.opensAt = t("errDateTime");
    if (form.closesAt && !closesAt) local.closesAt = t("errDateTime");
    if (opensAt && closesAt && closesAt <= opensAt) local.closesAt = t("errClosesBeforeOpens");
    const cap = form.responseCap.trim();
    if (cap && !/^[1-9]\d{0,8}$/.test(cap)) local.responseCap = t("errResponseCap");
    setErrors(local);
    setFormError(null);
    setStatus("");
    if (Object.keys(local).length > 0) {
      focusFirstProblem(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const updated = await updateSurvey(survey.id, {
        opensAt,
        closesAt,
        responseCap: cap ? Number(cap) : null,
      });
      onSaved(updated);
      setForm(formFrom(updated));
      setStatus(t("campaignSaved"));
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      const apiError = toApiError(error);
      const mapped = fieldErrorsOf(apiError, CAMPAIGN_FIELDS);
      setErrors(mapped);
      setFormError(Object.keys(mapped).length > 0 ? null : apiError.detail);
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="overview-title">
      <h2 id="overview-title" tabIndex={-1} data-nav-focus>
        {t("tabOverview")}
      </h2>
      {survey.status === "draft" && (
        <p className="warning">
          {t("notPublishedYet")} <Link href={surveyHref(survey.id, "questions")}>{t("goToQuestions")}</Link>
        </p>
      )}
      <dl className="facts">
        <div>
          <dt>{t("colStatus")}</dt>
          <dd>
            <StatusBadge status={survey.status} />
          </dd>
        </div>
        <div>
          <dt>{t("colUnit")}</dt>
          <dd>{survey.unit.name}</dd>
        </div>
        <div>
          <dt>{t("publishedVersion")}</dt>
          <dd>
            {survey.published
              ? t("versionPublishedAt", {
                  version: survey.published.version,
                  time: formatDateTime(survey.published.publishedAt),
                })
              : t("notPublished")}
          </dd>
        </div>
        <div>
          <dt>{t("draftVersion")}</dt>
          <dd>
            {survey.draft
              ? t("versionUpdatedAt", {
                  version: survey.draft.version,
                  time: formatDateTime(survey.draft.updatedAt),
                })
              : t("noDraft")}
          </dd>
        </div>
        <div>
          <dt>{t("opensAt")}</dt>
          <dd>{survey.opensAt ? formatDateTime(survey.opensAt) : t("opensImmediately")}</dd>
        </div>
        <div>
          <dt>{t("closesAt")}</dt>
          <dd>{survey.closesAt ? formatDateTime(survey.closesAt) : t("noClosingTime")}</dd>
        </div>
        <div>
          <dt>{t("responseCap")}</dt>
          <dd>{survey.responseCap === null ? t("noCap") : formatNumber(survey.responseCap)}</dd>
        </div>
        <div>
          <dt>{t("colResponses")}</dt>
          <dd>{formatNumber(survey.responseCount)}</dd>
        </div>
        <div>
          <dt>{t("rejectedTotal")}</dt>
          <dd>{formatNumber(survey.rejectedCount)}</dd>
        </div>
      </dl>

      {canManage ? (
        <section className="panel" aria-labelledby="campaign-title">
          <h3 id="campaign-title">{t("campaignTitle")}</h3>
          <p className="muted">{t("campaignIntro")}</p>
          <form
            ref={formRef}
            noValidate
            onSubmit={onSubmit}
            aria-busy={busy || undefined}
            className="grid-form"
          >
            {formError && (
              <p className="form-error wide" role="alert" tabIndex={-1}>
                {formError}
              </p>
            )}
            <TextField
              id="campaign-opens"
              type="datetime-local"
              label={t("opensAt")}
              hint={t("vietnamTimeHint")}
              value={form.opensAt}
              onValueChange={(opensAt) => set({ opensAt })}
              error={errors.opensAt}
            />
            <TextField
              id="campaign-closes"
              type="datetime-local"
              label={t("closesAt")}
              hint={t("vietnamTimeHint")}
              value={form.closesAt}
              onValueChange={(closesAt) => set({ closesAt })}
              error={errors.closesAt}
            />
            <TextField
              id="campaign-cap"
              type="number"
              inputMode="numeric"
              min={1}
              step={1}
              label={t("responseCap")}
              hint={t("responseCapHint")}
              value={form.responseCap}
              onValueChange={(responseCap) => set({ responseCap })}
              error={errors.responseCap}
            />
            <div className="form-actions wide">
              <button type="submit" className="button primary" aria-disabled={busy || undefined}>
                {busy ? t("saving") : t("saveCampaign")}
              </button>
              <p className="status-line" aria-live="polite">
                {status}
              </p>
            </div>
          </form>
        </section>
      ) : (
        <p className="notice">{t("surveyReadOnly")}</p>
      )}
    </section>
  );
}
