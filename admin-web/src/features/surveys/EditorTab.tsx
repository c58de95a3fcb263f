import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { ApiError, isSessionExpired, toApiError } from "../../api/client";
import { useConfirm } from "../../components/ConfirmDialog";
import { SelectField } from "../../components/Field";
import { useStableCallback } from "../../components/useStableCallback";
import { formatDateTime, formatTime, type MessageKey, t, useLang } from "../../i18n";
import { addLeaveGuard, surveyHref } from "../../router";
import { discardDraft, publishDraft, type SurveyDetail, saveDraft } from "./api";
import { DefinitionOutline } from "./DefinitionOutline";
import {
  type EditorDefinition,
  type EditorQuestion,
  type EditorSection,
  ELEMENTS,
  fieldId,
  fromEditor,
  moveItem,
  newQuestion,
  newSection,
  type SurveyDefinition,
  showIfValues,
  toEditor,
} from "./definition";
import { ELEMENT_KEYS } from "./labels";
import { type EarlierQuestion, LocalizedFields, type PathErrors, QuestionEditor } from "./QuestionEditor";

export interface ChangeOptions {
  /** Start the editor afresh from the server's draft (after publish, discard or a new draft). */
  resetEditor?: boolean;
  /** A message for the editor to show once it has started afresh. */
  notice?: string;
}

interface Props {
  survey: SurveyDetail;
  canManage: boolean;
  notice: string;
  onChanged: (options?: ChangeOptions) => Promise<void>;
  onUnauthorized: () => void;
}

function focusById(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

/** The questions of the survey: the draft editor for managers, the current version for everyone else. */
export function EditorTab({ survey, canManage, notice, onChanged, onUnauthorized }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const startDraft = async (definition: SurveyDefinition, message: string) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await saveDraft(survey.id, definition);
      await onChanged({ resetEditor: true, notice: message });
    } catch (err) {
      if (isSessionExpired(err)) return onUnauthorized();
      setError(toApiError(err).detail);
      setBusy(false);
    }
  };

  const heading = (
    <h2 id="questions-title" tabIndex={-1} data-nav-focus>
      {t("tabQuestions")}
    </h2>
  );

  if (!canManage) {
    const shown = survey.published?.definition ?? survey.draft?.definition;
    return (
      <section aria-labelledby="questions-title">
        {heading}
        <p className="notice">{t("surveyReadOnly")}</p>
        {shown ? (
          <DefinitionOutline definition={shown} label={t("currentVersionLabel")} />
        ) : (
          <p>{t("noQuestionsYet")}</p>
        )}
      </section>
    );
  }

  if (survey.draft) {
    return (
      <section aria-labelledby="questions-title">
        {heading}
        <DraftEditor survey={survey} notice={notice} onChanged={onChanged} onUnauthorized={onUnauthorized} />
      </section>
    );
  }

  const published = survey.published;
  return (
    <section aria-labelledby="questions-title">
      {heading}
      <p className="status-line" aria-live="polite">
        {notice}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {published ? (
        <>
          <p>
            {t("noDraftIntro", {
              version: published.version,
              time: formatDateTime(published.publishedAt),
            })}
          </p>
          <p>
            <button
              type="button"
              className="button primary"
              aria-disabled={busy || undefined}
              onClick={() =>
                void startDraft(published.definition, t("draftCreated", { version: published.version }))
              }
            >
              {t("createDraftFromPublished")}
            </button>
          </p>
          <DefinitionOutline definition={published.definition} label={t("currentVersionLabel")} />
        </>
      ) : (
        <>
          <p>{t("noQuestionsYet")}</p>
          <button
            type="button"
            className="button primary"
            aria-disabled={busy || undefined}
            onClick={() => void startDraft(blankDefinition(), t("draftCreatedBlank"))}
          >
            {t("createBlankDraft")}
          </button>
        </>
      )}
    </section>
  );
}

/** A minimal valid definition to start from when a survey has nothing at all. */
function blankDefinition(): SurveyDefinition {
  return {
    title: { vi: "Khảo sát mới", en: "New survey" },
    intro: { vi: "Xin cảm ơn quý vị đã tham gia khảo sát.", en: "Thank you for taking part in this survey." },
    sections: [
      {
        id: "section_1",
        title: { vi: "Đánh giá chung", en: "Overall" },
        questions: [
          {
            id: "q1",
            type: "likert5",
            required: true,
            text: {
              vi: "Mức độ hài lòng chung của quý vị",
              en: "Your overall satisfaction",
            },
          },
        ],
      },
    ],
  };
}

const SEGMENT_KEYS: Record<string, MessageKey> = {
  title: "pathTitle",
  intro: "surveyIntro",
  description: "pathDescription",
  text: "questionText",
  help: "questionHelp",
  id: "questionId",
  type: "questionType",
  required: "questionRequired",
  options: "optionsLegend",
  value: "optionValue",
  label: "optionLabel",
  scale: "ratingScale",
  maxLength: "maxLength",
  showIf: "showIfQuestion",
  element: "sectionElement",
  vi: "langVi",
  en: "langEn",
};

/** "sections.0.questions.1.text.vi" → "Phần 1 › Câu 2 › Nội dung câu hỏi › tiếng Việt". */
function describePath(path: string, definition: EditorDefinition): string {
  const parts: string[] = [];
  const segments = path.split(".");
  let section: EditorSection | undefined;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const next = segments[i + 1];
    if (segment === "sections" && next !== undefined && /^\d+$/.test(next)) {
      section = definition.sections[Number(next)];
      parts.push(t("sectionN", { n: Number(next) + 1 }));
      i++;
    } else if (segment === "questions" && next !== undefined && /^\d+$/.test(next) && section) {
      const index = Number(next);
      const before = definition.sections
        .slice(0, definition.sections.indexOf(section))
        .reduce((n, s) => n + s.questions.length, 0);
      parts.push(t("questionN", { n: before + index + 1 }));
      i++;
    } else if (segment === "options" && next !== undefined && /^\d+$/.test(next)) {
      parts.push(t("optionN", { n: Number(next) + 1 }));
      i++;
    } else if (segment === "questionId" || segment === "equals" || segment === "in") {
      // Part of the show-if, already named.
    } else if (segment === "id" && section && !path.includes(".questions.")) {
      parts.push(t("sectionId"));
    } else {
      const key = SEGMENT_KEYS[segment];
      parts.push(key ? t(key) : segment);
    }
  }
  return parts.join(" › ") || t("pathSurvey");
}

/** Focuses the control for a path, or the nearest enclosing group that exists. */
function focusPath(path: string): void {
  const segments = path.split(".");
  for (let n = segments.length; n > 0; n--) {
    const element = document.getElementById(fieldId(segments.slice(0, n).join(".")));
    if (element) {
      element.focus();
      element.scrollIntoView({ block: "center" });
      return;
    }
  }
  document.getElementById(fieldId("title.vi"))?.focus();
}

/** Problems the editor can spot before asking the server. */
function localErrors(definition: EditorDefinition): PathErrors {
  const errors: PathErrors = {};
  definition.sections.forEach((section, si) => {
    section.questions.forEach((question, qi) => {
      if (question.showIf && showIfValues(question.showIf).length === 0) {
        errors[`sections.${si}.questions.${qi}.showIf.in`] = t("errShowIfValues");
      }
    });
  });
  return errors;
}

interface DraftProps {
  survey: SurveyDetail;
  notice: string;
  onChanged: (options?: ChangeOptions) => Promise<void>;
  onUnauthorized: () => void;
}

function DraftEditor({ survey, notice, onChanged, onUnauthorized }: DraftProps) {
  const draft = survey.draft!;
  const lang = useLang();
  const [definition, setDefinition] = useState<EditorDefinition>(() => toEditor(draft.definition));
  const [version, setVersion] = useState(draft.version);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<PathErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"save" | "publish" | "discard" | null>(null);
  const [status, setStatus] = useState(notice);
  const summaryRef = useRef<HTMLDivElement>(null);
  const { dialog, confirm } = useConfirm();
  // The definition on screen, to tell whether edits were made while a save was on its way.
  const current = useRef(definition);
  useLayoutEffect(() => {
    current.current = definition;
  });

  // Leaving the page (reload, close) with unsaved edits asks first.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    // Within the console: switching this survey's tabs keeps the edits; leaving the survey asks.
    const surveyBase = surveyHref(survey.id);
    const removeGuard = addLeaveGuard(
      (href) => href === surveyBase || href.startsWith(`${surveyBase}/`) || window.confirm(t("leaveUnsaved")),
    );
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      removeGuard();
    };
  }, [dirty, survey.id]);

  /** Any edit. Structural ones (add, move, remove) also drop messages whose paths no longer fit. */
  const edit = (next: EditorDefinition, structural = false) => {
    setDefinition(next);
    setDirty(true);
    setStatus("");
    if (structural) setErrors({});
  };

  const updateSection = (si: number, section: EditorSection, structural = false) =>
    edit(
      { ...definition, sections: definition.sections.map((s, i) => (i === si ? section : s)) },
      structural,
    );

  // Question editors are memoized: what they call must stay the same function yet see the latest state.
  const updateQuestion = useStableCallback((si: number, qi: number, question: EditorQuestion) => {
    const section = definition.sections[si]!;
    updateSection(si, { ...section, questions: section.questions.map((q, i) => (i === qi ? question : q)) });
  });

  const showProblems = (found: PathErrors, general: string | null) => {
    setErrors(found);
    setFormError(general);
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const save = async (): Promise<boolean> => {
    const local = localErrors(definition);
    if (Object.keys(local).length > 0) {
      showProblems(local, null);
      return false;
    }
    const sent = definition;
    try {
      const saved = await saveDraft(survey.id, fromEditor(sent));
      setVersion(saved.version);
      if (current.current === sent) setDirty(false);
      setErrors({});
      setFormError(null);
      setStatus(t("draftSaved", { version: saved.version, time: formatTime(new Date()) }));
      void onChanged();
      return true;
    } catch (error) {
      if (isSessionExpired(error)) {
        onUnauthorized();
        return false;
      }
      const apiError = toApiError(error);
      const found: PathErrors = {};
      for (const item of apiError.errors) {
        if (item.field.startsWith("definition."))
          found[item.field.slice("definition.".length)] ??= item.message;
      }
      showProblems(found, Object.keys(found).length > 0 ? null : apiError.detail);
      return false;
    }
  };

  const onSave = async () => {
    if (busy) return;
    setBusy("save");
    setStatus("");
    await save();
    setBusy(null);
  };

  const onPublish = async () => {
    if (busy) return;
    const ok = await confirm({
      title: t("publishTitle"),
      message: t("publishConfirm", { version }),
      confirmLabel: t("publish"),
      tone: "primary",
    });
    if (!ok) return;
    setBusy("publish");
    setStatus("");
    if (dirty && !(await save())) {
      setBusy(null);
      return;
    }
    try {
      const published = await publishDraft(survey.id);
      setDirty(false);
      await onChanged({ resetEditor: true, notice: t("published", { version: published.version }) });
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      showProblems({}, toApiError(error).detail);
      setBusy(null);
    }
  };

  const onDiscard = async () => {
    if (busy) return;
    const ok = await confirm({
      title: t("discardTitle"),
      message: t("discardConfirm"),
      confirmLabel: t("discardDraft"),
    });
    if (!ok) return;
    setBusy("discard");
    try {
      await discardDraft(survey.id);
      setDirty(false);
      await onChanged({ resetEditor: true, notice: t("draftDiscarded") });
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      // The draft may already be gone (another tab): start afresh from what the server has.
      if (error instanceof ApiError && error.code === "no_draft") {
        await onChanged({ resetEditor: true });
        return;
      }
      showProblems({}, toApiError(error).detail);
      setBusy(null);
    }
  };

  // Question numbers run through the whole survey; show-if may only test an earlier question.
  let counter = 0;
  const earlierBy = new Map<string, EarlierQuestion[]>();
  const numbers = new Map<string, number>();
  {
    const seen: EarlierQuestion[] = [];
    for (const section of definition.sections) {
      for (const question of section.questions) {
        counter++;
        numbers.set(question.key, counter);
        earlierBy.set(question.key, [...seen]);
        seen.push({ question, number: counter });
      }
    }
  }

  const moveQuestion = useStableCallback((si: number, qi: number, delta: -1 | 1) => {
    const section = definition.sections[si]!;
    const question = section.questions[qi]!;
    updateSection(si, { ...section, questions: moveItem(section.questions, qi, qi + delta) }, true);
    const target = qi + delta;
    const atEdge = delta === -1 ? target === 0 : target === section.questions.length - 1;
    const direction = delta === -1 ? (atEdge ? "down" : "up") : atEdge ? "up" : "down";
    focusById(`q-${question.key}-${direction}`);
    setStatus(t("questionMoved", { n: (numbers.get(question.key) ?? 0) + delta }));
  });

  const removeQuestion = useStableCallback((si: number, qi: number) => {
    const section = definition.sections[si]!;
    const question = section.questions[qi]!;
    const n = numbers.get(question.key) ?? 0;
    updateSection(si, { ...section, questions: section.questions.filter((_, i) => i !== qi) }, true);
    const next = section.questions[qi + 1] ?? section.questions[qi - 1];
    if (next) focusById(fieldId(`sections.${si}.questions.${section.questions[qi + 1] ? qi : qi - 1}`));
    else focusById(`section-${section.key}-add`);
    setStatus(t("questionRemoved", { n }));
  });

  const addQuestion = (si: number) => {
    const section = definition.sections[si]!;
    updateSection(si, { ...section, questions: [...section.questions, newQuestion(definition)] }, true);
    focusById(fieldId(`sections.${si}.questions.${section.questions.length}.text.vi`));
  };

  const moveSection = (si: number, delta: -1 | 1) => {
    const section = definition.sections[si]!;
    edit({ ...definition, sections: moveItem(definition.sections, si, si + delta) }, true);
    const target = si + delta;
    const atEdge = delta === -1 ? target === 0 : target === definition.sections.length - 1;
    const direction = delta === -1 ? (atEdge ? "down" : "up") : atEdge ? "up" : "down";
    focusById(`section-${section.key}-${direction}`);
    setStatus(t("sectionMoved", { n: target + 1 }));
  };

  const removeSection = async (si: number) => {
    const section = definition.sections[si]!;
    const ok = await confirm({
      title: t("removeSectionTitle"),
      message: t("removeSectionConfirm", { n: si + 1, count: section.questions.length }),
      confirmLabel: t("removeSection"),
    });
    if (!ok) return;
    edit({ ...definition, sections: definition.sections.filter((_, i) => i !== si) }, true);
    focusById("add-section");
    setStatus(t("sectionRemoved", { n: si + 1 }));
  };

  const addSection = () => {
    edit({ ...definition, sections: [...definition.sections, newSection(definition)] }, true);
    focusById(fieldId(`sections.${definition.sections.length}.title.vi`));
  };

  const problemPaths = Object.keys(errors);

  return (
    <div className="editor">
      <p className="muted">
        {t("draftIntro", { version })}{" "}
        {survey.published ? t("draftIntroPublished", { version: survey.published.version }) : ""}
      </p>
      <p className="status-line" aria-live="polite">
        {status}
      </p>

      {(problemPaths.length > 0 || formError) && (
        <div className="error-summary form-error" ref={summaryRef} tabIndex={-1} role="alert">
          <h3>{t("draftNotSaved")}</h3>
          {formError && <p>{formError}</p>}
          {problemPaths.length > 0 && (
            <ul>
              {problemPaths.map((path) => (
                <li key={path}>
                  <a
                    href={`#${fieldId(path)}`}
                    onClick={(event) => {
                      event.preventDefault();
                      focusPath(path);
                    }}
                  >
                    {describePath(path, definition)}: {errors[path]}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void onSave();
        }}
        aria-busy={busy !== null || undefined}
        aria-label={t("editorFormLabel")}
      >
        <fieldset className="panel" id={fieldId("title")} tabIndex={-1}>
          <legend>{t("surveyTexts")}</legend>
          <LocalizedFields
            path="title"
            label={t("pathTitle")}
            hint={t("formTitleHint")}
            value={definition.title}
            onChange={(title) => edit({ ...definition, title })}
            errors={errors}
          />
          <LocalizedFields
            path="intro"
            label={t("surveyIntro")}
            value={definition.intro}
            onChange={(intro) => edit({ ...definition, intro })}
            errors={errors}
            multiline
          />
        </fieldset>

        {definition.sections.map((section, si) => {
          const sectionPath = `sections.${si}`;
          const sectionName = t("sectionN", { n: si + 1 });
          return (
            <fieldset key={section.key} className="section-card" id={fieldId(sectionPath)} tabIndex={-1}>
              <legend>{sectionName}</legend>
              <LocalizedFields
                path={`${sectionPath}.title`}
                label={t("sectionTitle")}
                value={section.title}
                onChange={(title) => updateSection(si, { ...section, title })}
                errors={errors}
              />
              <LocalizedFields
                path={`${sectionPath}.description`}
                label={t("pathDescription")}
                hint={t("optionalHint")}
                value={section.description}
                onChange={(description) => updateSection(si, { ...section, description })}
                errors={errors}
                multiline
              />
              <SelectField
                id={fieldId(`${sectionPath}.element`)}
                label={t("sectionElement")}
                hint={t("sectionElementHint")}
                value={section.element ?? ""}
                onValueChange={(element) => updateSection(si, { ...section, element: element || undefined })}
                error={errors[`${sectionPath}.element`]}
                className="short-select"
              >
                <option value="">{t("elementNone")}</option>
                {ELEMENTS.map((element) => (
                  <option key={element} value={element}>
                    {t(ELEMENT_KEYS[element])}
                  </option>
                ))}
              </SelectField>
              {errors[`${sectionPath}.questions`] && (
                <p className="field-error">{errors[`${sectionPath}.questions`]}</p>
              )}
              <div className="question-list">
                {section.questions.map((question, qi) => (
                  <QuestionEditor
                    key={question.key}
                    lang={lang}
                    question={question}
                    path={`${sectionPath}.questions.${qi}`}
                    number={numbers.get(question.key) ?? 0}
                    earlier={earlierBy.get(question.key) ?? []}
                    errors={errors}
                    isFirst={qi === 0}
                    isLast={qi === section.questions.length - 1}
                    canRemove={section.questions.length > 1}
                    onChange={(next) => updateQuestion(si, qi, next)}
                    onMove={(delta) => moveQuestion(si, qi, delta)}
                    onRemove={() => removeQuestion(si, qi)}
                  />
                ))}
              </div>
              <div className="row-actions section-actions">
                <button
                  type="button"
                  id={`section-${section.key}-add`}
                  className="button small"
                  onClick={() => addQuestion(si)}
                >
                  {t("addQuestionTo", { section: sectionName })}
                </button>
                <button
                  type="button"
                  id={`section-${section.key}-up`}
                  className="button small"
                  aria-label={t("moveUpLabel", { item: sectionName })}
                  disabled={si === 0}
                  onClick={() => moveSection(si, -1)}
                >
                  {t("moveUp")}
                </button>
                <button
                  type="button"
                  id={`section-${section.key}-down`}
                  className="button small"
                  aria-label={t("moveDownLabel", { item: sectionName })}
                  disabled={si === definition.sections.length - 1}
                  onClick={() => moveSection(si, 1)}
                >
                  {t("moveDown")}
                </button>
                {definition.sections.length > 1 && (
                  <button
                    type="button"
                    className="button small danger"
                    aria-label={t("removeItemLabel", { item: sectionName })}
                    onClick={() => void removeSection(si)}
                  >
                    {t("remove")}
                  </button>
                )}
              </div>
            </fieldset>
          );
        })}
        <p>
          <button type="button" id="add-section" className="button" onClick={addSection}>
            {t("addSection")}
          </button>
        </p>

        <div className="editor-actions">
          <p className="muted" aria-live="polite">
            {dirty ? t("unsavedChanges") : t("noUnsavedChanges")}
          </p>
          <div className="row-actions">
            <button type="submit" className="button primary" aria-disabled={busy !== null || undefined}>
              {busy === "save" ? t("saving") : t("saveDraft")}
            </button>
            <button
              type="button"
              className="button"
              aria-disabled={busy !== null || undefined}
              onClick={() => void onPublish()}
            >
              {busy === "publish" ? t("publishing") : t("publish")}
            </button>
            {survey.published && (
              <button
                type="button"
                className="button danger"
                aria-disabled={busy !== null || undefined}
                onClick={() => void onDiscard()}
              >
                {t("discardDraft")}
              </button>
            )}
          </div>
        </div>
      </form>
      {dialog}
    </div>
  );
}
