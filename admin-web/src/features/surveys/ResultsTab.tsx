import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { isSessionExpired, toApiError } from "../../api/client";
import { focusFirstProblem, SelectField, TextField } from "../../components/Field";
import { ScrollRegion } from "../../components/ScrollRegion";
import { useAutoRefresh } from "../../components/useAutoRefresh";
import {
  formatDay,
  formatDecimal,
  formatNumber,
  formatPercent,
  formatTime,
  loc,
  type MessageKey,
  t,
} from "../../i18n";
import {
  exportHref,
  fetchResults,
  type QuestionResult,
  type RejectionReason,
  type ResultFilters,
  type SurveyDetail,
  type SurveyResults,
} from "./api";
import { CommentsSection } from "./CommentsSection";
import type { Element } from "./definition";
import { HeldSection } from "./HeldSection";
import { ELEMENT_KEYS, LIKERT_KEYS, REJECTION_KEYS } from "./labels";

const REFRESH_INTERVAL_MS = 30_000;
const NO_FILTERS: ResultFilters = { linkId: "", from: "", to: "" };

type FilterField = "linkId" | "from" | "to";

interface Props {
  survey: SurveyDetail;
  /** Whether the person may download the raw responses and read open comments (principals, vice-principals). */
  canExport: boolean;
  /** Whether the person manages the survey: reviews the answers held as a burst. */
  canManage: boolean;
  /** How many answers are held for review, after each look at them. */
  onHeldCount: (count: number) => void;
  /** Answers held for review were counted: the survey's totals changed. */
  onCountsChanged: () => void;
  onUnauthorized: () => void;
}

/** Counts per link and per day, refusals, and per question the distribution, top-two-box and mean. */
export function ResultsTab({
  survey,
  canExport,
  canManage,
  onHeldCount,
  onCountsChanged,
  onUnauthorized,
}: Props) {
  const [draft, setDraft] = useState<ResultFilters>(NO_FILTERS);
  const [applied, setApplied] = useState<ResultFilters>(NO_FILTERS);
  const [results, setResults] = useState<SurveyResults | null>(null);
  const [errors, setErrors] = useState<Partial<Record<FilterField, string>>>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // Only the latest request's answer is shown (a timed refresh may overlap new filters).
  const latestRequest = useRef(0);
  const surveyId = survey.id;

  const load = useCallback(
    async (filters: ResultFilters) => {
      const request = ++latestRequest.current;
      setBusy(true);
      try {
        const data = await fetchResults(surveyId, filters);
        if (request !== latestRequest.current) return;
        setResults(data);
        setLoadError(null);
        setUpdatedAt(new Date());
      } catch (error) {
        if (request !== latestRequest.current) return;
        if (isSessionExpired(error)) return onUnauthorized();
        const apiError = toApiError(error);
        const mapped: Partial<Record<FilterField, string>> = {};
        for (const item of apiError.errors) {
          if (item.field === "linkId" || item.field === "from" || item.field === "to") {
            mapped[item.field] ??= item.message;
          }
        }
        setErrors(mapped);
        setLoadError(Object.keys(mapped).length > 0 ? null : apiError.detail);
      } finally {
        if (request === latestRequest.current) setBusy(false);
      }
    },
    [surveyId, onUnauthorized],
  );

  useEffect(() => {
    void load(applied);
  }, [load, applied]);

  // Live counts: refresh while the tab is visible.
  useAutoRefresh(() => void load(applied), REFRESH_INTERVAL_MS);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const local: Partial<Record<FilterField, string>> = {};
    if (draft.from && draft.to && draft.from > draft.to) local.to = t("errDateRange");
    setErrors(local);
    if (Object.keys(local).length > 0) {
      focusFirstProblem(formRef.current);
      return;
    }
    setApplied({ ...draft });
  };

  const onClear = () => {
    setDraft(NO_FILTERS);
    setErrors({});
    setApplied(NO_FILTERS);
  };

  const filtered = applied.linkId !== "" || applied.from !== "" || applied.to !== "";

  return (
    <section aria-labelledby="results-title">
      <div className="page-head">
        <h2 id="results-title" tabIndex={-1} data-nav-focus>
          {t("tabResults")}
        </h2>
        <div className="toolbar">
          <button
            type="button"
            className="button"
            onClick={() => void load(applied)}
            aria-busy={busy || undefined}
          >
            {t("refresh")}
          </button>
          <p className="muted" aria-live="polite">
            {busy ? t("refreshing") : updatedAt ? t("lastUpdated", { time: formatTime(updatedAt) }) : ""}
          </p>
        </div>
      </div>

      <form ref={formRef} noValidate onSubmit={onSubmit} className="filters" aria-label={t("resultsFilters")}>
        <SelectField
          id="results-link"
          label={t("filterLink")}
          value={draft.linkId}
          onValueChange={(linkId) => setDraft((d) => ({ ...d, linkId }))}
          error={errors.linkId}
        >
          <option value="">{t("allLinks")}</option>
          {survey.links.map((link) => (
            <option key={link.id} value={link.id}>
              {link.archivedAt ? t("archivedChannel", { channel: link.channel }) : link.channel}
            </option>
          ))}
        </SelectField>
        <TextField
          id="results-from"
          type="date"
          label={t("auditFrom")}
          value={draft.from}
          onValueChange={(from) => setDraft((d) => ({ ...d, from }))}
          error={errors.from}
        />
        <TextField
          id="results-to"
          type="date"
          label={t("auditTo")}
          value={draft.to}
          onValueChange={(to) => setDraft((d) => ({ ...d, to }))}
          error={errors.to}
        />
        <div className="form-actions">
          <button type="submit" className="button primary">
            {t("applyFilters")}
          </button>
          <button type="button" className="button" onClick={onClear}>
            {t("clearFilters")}
          </button>
        </div>
      </form>
      <p className="hint">{t("resultsDatesHint")}</p>

      {canExport ? (
        <div className="form-actions exports">
          <a className="button" href={exportHref(survey.id, "csv", applied)} download>
            {t("downloadResponsesCsv")}
          </a>
          <a className="button" href={exportHref(survey.id, "xlsx", applied)} download>
            {t("downloadResponsesXlsx")}
          </a>
          <p className="hint">{filtered ? t("exportFiltered") : t("exportAll")}</p>
        </div>
      ) : (
        <p className="notice">{t("exportNotAllowed")}</p>
      )}

      {loadError && (
        <div className="form-error" role="alert">
          <p>{loadError}</p>
          <button type="button" className="button small" onClick={() => void load(applied)}>
            {t("retry")}
          </button>
        </div>
      )}
      {canManage && (
        <HeldSection
          survey={survey}
          onUnauthorized={onUnauthorized}
          onHeldCount={onHeldCount}
          onIncluded={() => {
            void load(applied);
            onCountsChanged();
          }}
        />
      )}
      {results === null && !loadError && <p>{t("loading")}</p>}
      {results !== null && <ResultsView results={results} />}
      {canExport && <CommentsSection surveyId={survey.id} onUnauthorized={onUnauthorized} />}
    </section>
  );
}

function Bar({ share }: { share: number }) {
  const width = Math.max(0, Math.min(1, share)) * 100;
  return (
    <span className="bar-track" aria-hidden="true">
      <span className="bar" style={{ width: `${width}%` }} />
    </span>
  );
}

function ResultsView({ results }: { results: SurveyResults }) {
  const linkTotal = results.byLink.reduce((sum, row) => sum + row.count, 0);
  const dayMax = results.byDay.reduce((max, row) => Math.max(max, row.count), 0);
  const rejected = results.rejected.filter((row) => row.count > 0);
  const sectionIds = new Set(results.sections.map((s) => s.id));
  const orphanQuestions = results.questions.filter((q) => !sectionIds.has(q.sectionId));
  let questionNumber = 0;
  const numbered = new Map(results.questions.map((q) => [q.id, ++questionNumber]));

  return (
    <div className="results">
      <p className="big-number">
        {t("resultsTotalLabel")}{" "}
        <strong data-testid="results-total">{formatNumber(results.responseCount)}</strong>
      </p>

      <div className="results-grid">
        <ScrollRegion labelledBy="by-link-caption">
          <table className="data-table">
            <caption id="by-link-caption">{t("byLinkCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("channel")}</th>
                <th scope="col" className="num">
                  {t("colResponses")}
                </th>
                <th scope="col">{t("colShare")}</th>
              </tr>
            </thead>
            <tbody>
              {results.byLink.length === 0 && (
                <tr>
                  <td colSpan={3}>{t("noResponsesYet")}</td>
                </tr>
              )}
              {results.byLink.map((row) => {
                const share = linkTotal > 0 ? row.count / linkTotal : 0;
                return (
                  <tr key={row.linkId}>
                    <th scope="row">{row.channel}</th>
                    <td className="num">{formatNumber(row.count)}</td>
                    <td className="bar-cell">
                      <Bar share={share} />
                      <span className="bar-value">{formatPercent(share)}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>

        <ScrollRegion labelledBy="rejected-caption">
          <table className="data-table">
            <caption id="rejected-caption">{t("rejectedCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("colReason")}</th>
                <th scope="col" className="num">
                  {t("colCount")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rejected.length === 0 && (
                <tr>
                  <td colSpan={2}>{t("noRejected")}</td>
                </tr>
              )}
              {rejected.map((row) => (
                <tr key={row.reason}>
                  <th scope="row">{t(REJECTION_KEYS[row.reason as RejectionReason] ?? "rejectedInvalid")}</th>
                  <td className="num">{formatNumber(row.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </div>

      <ScrollRegion labelledBy="by-day-caption">
        <table className="data-table">
          <caption id="by-day-caption">{t("byDayCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("colDay")}</th>
              <th scope="col" className="num">
                {t("colResponses")}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t("colChart")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {results.byDay.length === 0 && (
              <tr>
                <td colSpan={3}>{t("noResponsesYet")}</td>
              </tr>
            )}
            {results.byDay.map((row) => (
              <tr key={row.date}>
                <th scope="row" className="nowrap">
                  <time dateTime={row.date}>{formatDay(row.date)}</time>
                </th>
                <td className="num">{formatNumber(row.count)}</td>
                <td className="bar-cell">
                  <Bar share={dayMax > 0 ? row.count / dayMax : 0} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>

      <h3>{t("questionResults")}</h3>
      {results.sections.map((section) => {
        const questions = results.questions.filter((q) => q.sectionId === section.id);
        if (questions.length === 0) return null;
        const elementKey = section.element ? ELEMENT_KEYS[section.element as Element] : undefined;
        // The element is worth a badge only when the section's own title does not already say it.
        const element = elementKey && t(elementKey) !== loc(section.title) ? elementKey : undefined;
        return (
          <section
            key={section.id}
            className="results-section"
            aria-labelledby={`results-section-${section.id}`}
          >
            <h4 id={`results-section-${section.id}`}>
              {loc(section.title)} {element && <span className="badge">{t(element)}</span>}
            </h4>
            {questions.map((question) => (
              <QuestionResultView
                key={question.id}
                question={question}
                number={numbered.get(question.id) ?? 0}
              />
            ))}
          </section>
        );
      })}
      {orphanQuestions.map((question) => (
        <QuestionResultView key={question.id} question={question} number={numbered.get(question.id) ?? 0} />
      ))}
    </div>
  );
}

function topTwoBoxKey(question: QuestionResult): MessageKey {
  return question.distribution.length === 11 ? "topTwoBox910" : "topTwoBox45";
}

function distributionLabel(question: QuestionResult, row: QuestionResult["distribution"][number]): string {
  if (question.type === "likert5" && typeof row.value === "number") {
    const key = LIKERT_KEYS[row.value];
    return `${row.value} – ${key ? t(key) : loc(row.label)}`;
  }
  return loc(row.label) || String(row.value);
}

function QuestionResultView({ question, number }: { question: QuestionResult; number: number }) {
  const text = loc(question.text);
  const captionId = `result-${question.id}`;
  return (
    <article className="question-result" aria-labelledby={captionId} data-question-id={question.id}>
      <h5 id={captionId}>
        {t("questionN", { n: number })}: {text}
      </h5>
      <p>{t("answeredCount", { count: formatNumber(question.answered) })}</p>
      {question.type === "text" ? (
        <p className="muted">
          {t("textAnswers", { count: formatNumber(question.textCount ?? question.answered) })}
        </p>
      ) : (
        <>
          {(question.topTwoBox !== null || question.mean !== null) && (
            <dl className="scores">
              {question.topTwoBox !== null && (
                <div>
                  <dt>{t(topTwoBoxKey(question))}</dt>
                  <dd data-testid="top-two-box">{formatPercent(question.topTwoBox)}</dd>
                </div>
              )}
              {question.mean !== null && (
                <div>
                  <dt>{t("meanScore")}</dt>
                  <dd>{formatDecimal(question.mean)}</dd>
                </div>
              )}
            </dl>
          )}
          <ScrollRegion labelledBy={`${captionId}-table`}>
            <table className="data-table distribution">
              <caption id={`${captionId}-table`} className="visually-hidden">
                {t("distributionCaption", { n: number, text })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("colAnswer")}</th>
                  <th scope="col" className="num">
                    {t("colCount")}
                  </th>
                  <th scope="col">{t("colShare")}</th>
                </tr>
              </thead>
              <tbody>
                {question.distribution.map((row) => {
                  const share = question.answered > 0 ? row.count / question.answered : 0;
                  return (
                    <tr key={String(row.value)}>
                      <th scope="row">{distributionLabel(question, row)}</th>
                      <td className="num">{formatNumber(row.count)}</td>
                      <td className="bar-cell">
                        <Bar share={share} />
                        <span className="bar-value">
                          {question.answered > 0 ? formatPercent(share) : "—"}
                        </span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
    </article>
  );
}
