import { useRef, useState } from "react";
import { isSessionExpired, type PersonalDataFinding, toApiError } from "../../api/client";
import { useConfirm } from "../../components/ConfirmDialog";
import { CheckboxField, focusFirstProblem, TextAreaField } from "../../components/Field";
import { type LocalizedText, loc, t } from "../../i18n";
import { formatCaseDate, formatCaseTime } from "../petitions/format";
import { maskFindings, PersonalDataReview } from "../petitions/PersonalDataReview";
import { type MonthDetail, publishMonth, refreshDraft, type SummaryRow } from "./api";
import { FiguresView } from "./FiguresView";
import { monthText } from "./parts";

/** The API's limits on the reviewer's text. */
const MAX_EXCERPTS = 20;
const MAX_EXCERPT_LENGTH = 500;
const MAX_COMMENTARY = 4000;
const MAX_CHANGES = 2000;
/** Nine digits or more, with spaces, dots or dashes between: looks like a phone number. */
const PHONE_LIKE = /(?:\d[\s.-]?){9,}/;

type FieldName = "commentary" | "excerpt" | "changes";

interface Props {
  unitId: string;
  month: string;
  detail: MonthDetail;
  canPublish: boolean;
  /** Texts of every question seen so far, to name questions kept out (they are not in the figures). */
  questionTexts: ReadonlyMap<string, LocalizedText>;
  onDone: (message: string, focus: "review" | "published") => Promise<void>;
  onUnauthorized: () => void;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, i) => item === b[i]);
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item) => b.includes(item));

/**
 * The month's draft as the public will see it, with the reviewer's choices: commentary, questions
 * kept out, redacted excerpts; "refresh" saves them and recounts, "publish" publishes the draft as
 * reviewed (a correction says what changed).
 */
export function DraftReview({
  unitId,
  month,
  detail,
  canPublish,
  questionTexts,
  onDone,
  onUnauthorized,
}: Props) {
  const { draft, revisions } = detail;
  const latest: SummaryRow | null = revisions.at(-1) ?? null;
  const base = draft ?? latest;
  const savedHidden = base?.options.hiddenQuestions ?? [];
  const savedExcerpts = base?.options.excerpts ?? [];
  const [commentary, setCommentary] = useState(base?.commentary ?? "");
  const [hidden, setHidden] = useState<string[]>(savedHidden);
  // Each excerpt once (it is its own key in the list).
  const [excerpts, setExcerpts] = useState<string[]>(() => [...new Set(savedExcerpts)]);
  const [newExcerpt, setNewExcerpt] = useState("");
  const [changes, setChanges] = useState("");
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"refresh" | "publish" | null>(null);
  // Personal data the API found in the commentary or excerpts (they become public).
  const [findings, setFindings] = useState<PersonalDataFinding[]>([]);
  const { dialog, confirm } = useConfirm();
  const formRef = useRef<HTMLFormElement>(null);
  const excerptRef = useRef<HTMLInputElement>(null);

  const editing = canPublish && draft !== null;
  const correction = draft !== null && revisions.length > 0;
  const dirty =
    editing &&
    (commentary !== draft.commentary || !sameSet(hidden, savedHidden) || !sameList(excerpts, savedExcerpts));
  const monthName = monthText(month);

  // Every question of the figures, and those kept out (named from what was seen before).
  const questions: { id: string; text: string }[] = [];
  for (const survey of base?.figures.surveys ?? [])
    for (const q of survey.questions)
      if (!questions.some((known) => known.id === q.id)) questions.push({ id: q.id, text: loc(q.text) });
  for (const id of hidden)
    if (!questions.some((known) => known.id === id)) {
      const text = questionTexts.get(id);
      questions.push({ id, text: text ? loc(text) : t("repQuestionById", { id }) });
    }

  const fail = (error: unknown) => {
    if (isSessionExpired(error)) {
      onUnauthorized();
      return;
    }
    const apiError = toApiError(error);
    if (apiError.code === "personal_data_found" && apiError.findings.length > 0) {
      setFindings(apiError.findings);
      return;
    }
    const mapped: Partial<Record<FieldName, string>> = {};
    for (const item of apiError.errors) {
      if (item.field === "commentary" || item.field === "changes") mapped[item.field] ??= item.message;
      else if (item.field.startsWith("excerpts")) mapped.excerpt ??= item.message;
    }
    setErrors(mapped);
    setFormError(Object.keys(mapped).length === 0 ? apiError.detail : null);
    focusFirstProblem(formRef.current);
  };

  const onRefresh = async (confirmPersonalData = false) => {
    if (busy) return;
    setBusy("refresh");
    setErrors({});
    setFormError(null);
    setFindings([]);
    try {
      await refreshDraft(
        unitId,
        month,
        editing
          ? {
              commentary,
              hiddenQuestions: hidden,
              excerpts,
              ...(confirmPersonalData && { confirmPersonalData }),
            }
          : {},
      );
      await onDone(t("repRefreshed", { month: monthName }), "review");
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const onPublish = async () => {
    if (busy || !draft) return;
    setErrors({});
    setFormError(null);
    if (dirty) {
      setFormError(t("repUnsaved"));
      focusFirstProblem(formRef.current);
      return;
    }
    if (correction && changes.trim().length === 0) {
      setErrors({ changes: t("repErrChanges") });
      focusFirstProblem(formRef.current);
      return;
    }
    const revision = (latest?.revision ?? 0) + 1;
    const ok = await confirm({
      title: t("repPublishTitle", { month: monthName }),
      message: correction ? t("repPublishCorrectionConfirm", { revision }) : t("repPublishConfirm"),
      confirmLabel: t("repPublish"),
      tone: "primary",
    });
    if (!ok) return;
    setBusy("publish");
    try {
      const published = await publishMonth(unitId, month, correction ? changes.trim() : undefined);
      await onDone(
        t("repPublishedStatus", { month: monthName, revision: published.revision ?? revision }),
        "published",
      );
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const onAddExcerpt = (event?: { preventDefault(): void }) => {
    event?.preventDefault();
    const text = newExcerpt.trim().normalize("NFC");
    let problem: string | null = null;
    if (text.length === 0) problem = t("repErrExcerptEmpty");
    else if (text.length > MAX_EXCERPT_LENGTH) problem = t("repErrExcerptLong", { max: MAX_EXCERPT_LENGTH });
    else if (PHONE_LIKE.test(text)) problem = t("repErrExcerptPhone");
    else if (excerpts.length >= MAX_EXCERPTS) problem = t("repErrExcerptMany", { max: MAX_EXCERPTS });
    else if (excerpts.includes(text)) problem = t("repErrExcerptTwice");
    if (problem) {
      setErrors((current) => ({ ...current, excerpt: problem }));
      excerptRef.current?.focus();
      return;
    }
    setExcerpts((current) => [...current, text]);
    setNewExcerpt("");
    setErrors((current) => ({ ...current, excerpt: undefined }));
    excerptRef.current?.focus();
  };

  const onMaskFindings = () => {
    setCommentary(maskFindings(commentary.trim().normalize("NFC"), "commentary", findings));
    setExcerpts((current) => current.map((text, i) => maskFindings(text, `excerpts.${i}`, findings)));
    setFindings([]);
  };

  const onRemoveExcerpt = (index: number) => {
    setExcerpts((current) => current.filter((_, i) => i !== index));
    excerptRef.current?.focus();
  };

  let state: string;
  if (draft && latest)
    state = t("repStateCorrection", {
      time: formatCaseTime(draft.createdAt),
      revision: latest.revision ?? 1,
    });
  else if (draft) state = t("repStateDraft", { time: formatCaseTime(draft.createdAt) });
  else if (latest)
    state = t("repStatePublished", {
      revision: latest.revision ?? 1,
      date: formatCaseDate(latest.publishedAt ?? latest.createdAt),
    });
  else state = t("repStateNone");

  return (
    <section className="panel" aria-labelledby="review-title">
      <h2 id="review-title" tabIndex={-1}>
        {t("repReviewTitle", { month: monthName })}
      </h2>
      <p>{state}</p>
      {canPublish && !draft && (
        <p className="muted">{latest ? t("repStartCorrection") : t("repStartDraft")}</p>
      )}
      {canPublish && !draft && (
        <>
          {formError && (
            <p className="form-error" role="alert" tabIndex={-1}>
              {formError}
            </p>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="button primary"
              aria-busy={busy === "refresh" || undefined}
              onClick={() => void onRefresh()}
            >
              {busy === "refresh" ? t("repRefreshing") : t("repRefresh")}
            </button>
          </div>
        </>
      )}

      {base && (
        <>
          <p className="notice">{draft ? t("repAsPublicDraft") : t("repAsPublicPublished")}</p>
          {!editing && (
            <>
              <h3>{t("repCommentaryTitle")}</h3>
              {base.commentary.trim() ? (
                <p className="report-commentary">{base.commentary}</p>
              ) : (
                <p className="muted">{t("repNoCommentary")}</p>
              )}
            </>
          )}
          <FiguresView figures={base.figures} idPrefix="review" />
          {!editing && savedHidden.length > 0 && (
            <>
              <h3>{t("repHiddenTitle")}</h3>
              <ul>
                {questions
                  .filter((q) => savedHidden.includes(q.id))
                  .map((q) => (
                    <li key={q.id}>{q.text}</li>
                  ))}
              </ul>
            </>
          )}
        </>
      )}

      {editing && (
        <form
          ref={formRef}
          noValidate
          className="report-editor"
          aria-labelledby="editor-title"
          onSubmit={(event) => {
            event.preventDefault();
            void onPublish();
          }}
        >
          <h3 id="editor-title">{t("repEditorTitle")}</h3>
          {formError && (
            <p className="form-error" role="alert" tabIndex={-1}>
              {formError}
            </p>
          )}
          <PersonalDataReview
            findings={findings}
            fieldLabels={{
              commentary: t("repCommentaryLabel"),
              ...Object.fromEntries(excerpts.map((_, i) => [`excerpts.${i}`, t("repExcerptsTitle")])),
            }}
            busy={busy !== null}
            onMask={onMaskFindings}
            onConfirm={() => void onRefresh(true)}
          />
          <TextAreaField
            id="rep-commentary"
            label={t("repCommentaryLabel")}
            hint={t("repCommentaryHint")}
            value={commentary}
            onValueChange={setCommentary}
            error={errors.commentary}
            maxLength={MAX_COMMENTARY}
            rows={5}
          />

          {questions.length > 0 && (
            <fieldset className="report-hidden">
              <legend>{t("repHiddenTitle")}</legend>
              <p className="hint">{t("repHiddenHint")}</p>
              {questions.map((q, i) => (
                <CheckboxField
                  key={q.id}
                  id={`rep-hide-${i}`}
                  label={q.text}
                  checked={hidden.includes(q.id)}
                  onCheckedChange={(checked) =>
                    setHidden((current) =>
                      checked ? [...current, q.id] : current.filter((id) => id !== q.id),
                    )
                  }
                />
              ))}
            </fieldset>
          )}

          <fieldset className="report-excerpts-editor">
            <legend>{t("repExcerptsTitle")}</legend>
            <p className="warning" id="rep-excerpt-warning">
              <strong>{t("repExcerptWarning")}</strong>
            </p>
            {excerpts.length === 0 ? (
              <p className="muted">{t("repNoExcerpts")}</p>
            ) : (
              <ol className="excerpt-list">
                {excerpts.map((excerpt, i) => (
                  <li key={excerpt}>
                    <q>{excerpt}</q>{" "}
                    <button
                      type="button"
                      className="button small"
                      aria-label={t("repRemoveExcerptLabel", { n: i + 1 })}
                      onClick={() => onRemoveExcerpt(i)}
                    >
                      {t("repRemoveExcerpt")}
                    </button>
                  </li>
                ))}
              </ol>
            )}
            <div className="field">
              <label htmlFor="rep-excerpt">{t("repExcerptLabel")}</label>
              <p id="rep-excerpt-hint" className="hint">
                {t("repExcerptHint", { max: MAX_EXCERPT_LENGTH })}
              </p>
              <div className="excerpt-add">
                <input
                  ref={excerptRef}
                  id="rep-excerpt"
                  value={newExcerpt}
                  maxLength={MAX_EXCERPT_LENGTH}
                  onChange={(event) => setNewExcerpt(event.target.value)}
                  onKeyDown={(event) => {
                    if (event.key === "Enter") onAddExcerpt(event);
                  }}
                  aria-invalid={errors.excerpt ? true : undefined}
                  aria-describedby={[
                    "rep-excerpt-warning",
                    "rep-excerpt-hint",
                    errors.excerpt ? "rep-excerpt-error" : "",
                  ]
                    .filter(Boolean)
                    .join(" ")}
                />
                <button type="button" className="button" onClick={() => onAddExcerpt()}>
                  {t("repAddExcerpt")}
                </button>
              </div>
              {errors.excerpt && (
                <p id="rep-excerpt-error" className="field-error">
                  {errors.excerpt}
                </p>
              )}
            </div>
          </fieldset>

          {correction && (
            <TextAreaField
              id="rep-changes"
              label={t("repChangesLabel")}
              hint={t("repChangesHint")}
              value={changes}
              onValueChange={setChanges}
              error={errors.changes}
              maxLength={MAX_CHANGES}
              required
            />
          )}

          <p className="hint">{t("repActionsHint")}</p>
          {dirty && (
            <p className="notice" role="status">
              {t("repDirty")}
            </p>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="button"
              aria-busy={busy === "refresh" || undefined}
              onClick={() => void onRefresh()}
            >
              {busy === "refresh" ? t("repRefreshing") : t("repRefresh")}
            </button>
            <button type="submit" className="button primary" aria-busy={busy === "publish" || undefined}>
              {busy === "publish" ? t("repPublishing") : t("repPublish")}
            </button>
          </div>
        </form>
      )}
      {dialog}
    </section>
  );
}
