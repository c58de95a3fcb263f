import { type FormEvent, useEffect, useRef, useState } from "react";
import { fieldErrorsOf, isSessionExpired, toApiError } from "../../api/client";
import { focusFirstProblem, TextField } from "../../components/Field";
import { formatNumber, loc, t } from "../../i18n";
import { navigate, surveyHref } from "../../router";
import { createSurvey, fetchTemplates, type SurveyTemplateSummary } from "./api";

type CreateField = "templateId" | "title.vi" | "title.en";
const CREATE_FIELDS: readonly CreateField[] = ["templateId", "title.vi", "title.en"];

interface Props {
  unit: { id: string; name: string };
  onCancel: () => void;
  onUnauthorized: () => void;
}

/** Pick a template (and optionally a title); the new survey opens as a draft. */
export function CreateSurveyForm({ unit, onCancel, onUnauthorized }: Props) {
  const [templates, setTemplates] = useState<SurveyTemplateSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [templateId, setTemplateId] = useState("");
  const [titleVi, setTitleVi] = useState("");
  const [titleEn, setTitleEn] = useState("");
  const [errors, setErrors] = useState<Partial<Record<CreateField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
    let cancelled = false;
    fetchTemplates().then(
      (data) => {
        if (cancelled) return;
        setTemplates(data.items);
        setTemplateId((current) => current || data.items[0]?.id || "");
      },
      (error) => {
        if (cancelled) return;
        if (isSessionExpired(error)) return onUnauthorized();
        setLoadError(toApiError(error).detail);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [onUnauthorized]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const local: Partial<Record<CreateField, string>> = {};
    if (!templateId) local.templateId = t("errTemplateRequired");
    if (!titleVi.trim() && titleEn.trim()) local["title.vi"] = t("errTitleViRequired");
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) {
      focusFirstProblem(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const vi = titleVi.trim();
      // The English title falls back to the Vietnamese one; both can be changed later.
      const title = vi ? { vi, en: titleEn.trim() || vi } : undefined;
      const created = await createSurvey(unit.id, title ? { templateId, title } : { templateId });
      navigate(surveyHref(created.id));
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      const apiError = toApiError(error);
      const mapped = fieldErrorsOf(apiError, CREATE_FIELDS);
      setErrors(mapped);
      setFormError(Object.keys(mapped).length > 0 ? null : apiError.detail);
      focusFirstProblem(formRef.current);
      setBusy(false);
    }
  };

  return (
    <section id="create-survey" className="panel" aria-labelledby="create-survey-title">
      <h2 id="create-survey-title" ref={headingRef} tabIndex={-1}>
        {t("createSurveyTitle", { unit: unit.name })}
      </h2>
      {loadError && (
        <p className="form-error" role="alert">
          {loadError}
        </p>
      )}
      {templates === null && !loadError && <p>{t("loading")}</p>}
      {templates !== null && (
        <form ref={formRef} noValidate onSubmit={onSubmit} aria-busy={busy || undefined}>
          {formError && (
            <p className="form-error" role="alert" tabIndex={-1}>
              {formError}
            </p>
          )}
          <fieldset
            className="template-choice"
            aria-describedby={errors.templateId ? "template-error" : undefined}
          >
            <legend>{t("chooseTemplate")}</legend>
            {templates.map((template) => (
              <div key={template.id} className="template-option">
                <input
                  type="radio"
                  name="template"
                  id={`template-${template.id}`}
                  value={template.id}
                  checked={templateId === template.id}
                  onChange={() => setTemplateId(template.id)}
                  aria-describedby={`template-${template.id}-description`}
                  aria-invalid={errors.templateId ? true : undefined}
                />
                <div>
                  <label htmlFor={`template-${template.id}`} className="template-label">
                    {loc(template.title)}
                  </label>
                  <p id={`template-${template.id}-description`} className="hint">
                    {loc(template.description)}{" "}
                    {t("templateSize", {
                      sections: formatNumber(template.sections),
                      questions: formatNumber(template.questions),
                    })}
                  </p>
                </div>
              </div>
            ))}
            {errors.templateId && (
              <p id="template-error" className="field-error">
                {errors.templateId}
              </p>
            )}
          </fieldset>
          <div className="grid-form">
            <TextField
              id="new-survey-title-vi"
              label={t("surveyTitleVi")}
              hint={t("surveyTitleOptional")}
              value={titleVi}
              onValueChange={setTitleVi}
              error={errors["title.vi"]}
              autoComplete="off"
              lang="vi"
            />
            <TextField
              id="new-survey-title-en"
              label={t("surveyTitleEn")}
              hint={t("surveyTitleEnOptional")}
              value={titleEn}
              onValueChange={setTitleEn}
              error={errors["title.en"]}
              autoComplete="off"
              lang="en"
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="button primary" aria-disabled={busy || undefined}>
              {busy ? t("creating") : t("createSurveySubmit")}
            </button>
            <button type="button" className="button" onClick={onCancel}>
              {t("cancel")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
