import { useCallback, useEffect, useRef, useState } from "react";
import { isSessionExpired, toApiError } from "../../api/client";
import { Link } from "../../components/Link";
import { useAutoRefresh } from "../../components/useAutoRefresh";
import { formatNumber, loc, type MessageKey, t } from "../../i18n";
import { hrefFor, SURVEY_TABS, type SurveyTab, surveyHref } from "../../router";
import { fetchHeld, fetchSurvey, type SurveyDetail } from "./api";
import { CampaignTab } from "./CampaignTab";
import { type ChangeOptions, EditorTab } from "./EditorTab";
import { LinksTab } from "./LinksTab";
import { ResultsTab } from "./ResultsTab";
import { StatusBadge } from "./StatusBadge";

const REFRESH_INTERVAL_MS = 30_000;

const TAB_KEYS: Record<SurveyTab, MessageKey> = {
  overview: "tabOverview",
  links: "tabLinks",
  questions: "tabQuestions",
  results: "tabResults",
};

interface Props {
  surveyId: string;
  tab: SurveyTab;
  /** Whether the person may edit surveys of this unit (principal, vice-principal). */
  canManage: (unitId: string) => boolean;
  /** Whether the person may download raw responses of this unit's surveys. */
  canExport: (unitId: string) => boolean;
  onUnauthorized: () => void;
}

/** One survey: campaign settings, links and QR codes, the questions editor and the results. */
export function SurveyPage({ surveyId, tab, canManage, canExport, onUnauthorized }: Props) {
  const [survey, setSurvey] = useState<SurveyDetail | null>(null);
  const [loadError, setLoadError] = useState<{ status: number; detail: string } | null>(null);
  // Bumped when the draft changes outside the editor (publish, discard, new draft): it starts afresh.
  const [editorGeneration, setEditorGeneration] = useState(0);
  const [editorNotice, setEditorNotice] = useState("");
  // The editor stays mounted (hidden) once opened, so switching tabs keeps unsaved edits.
  const [editorOpened, setEditorOpened] = useState(tab === "questions");
  if (tab === "questions" && !editorOpened) setEditorOpened(true);
  // Only the latest request's answer is shown (a refresh may overlap a reload after an edit).
  const latestRequest = useRef(0);
  // Answers held for review (for those who manage the survey): a count on the results tab.
  const [heldCount, setHeldCount] = useState(0);
  const managesSurvey = survey ? canManage(survey.unit.id) : false;

  const loadHeld = useCallback(async () => {
    try {
      setHeldCount((await fetchHeld(surveyId)).held);
    } catch {
      // The results tab shows the error when opened; the count just stays as it was.
    }
  }, [surveyId]);

  useEffect(() => {
    setHeldCount(0);
    if (managesSurvey) void loadHeld();
  }, [managesSurvey, loadHeld]);

  const load = useCallback(async () => {
    const request = ++latestRequest.current;
    try {
      const data = await fetchSurvey(surveyId);
      if (request !== latestRequest.current) return;
      setSurvey(data);
      setLoadError(null);
    } catch (error) {
      if (request !== latestRequest.current) return;
      if (isSessionExpired(error)) return onUnauthorized();
      const apiError = toApiError(error);
      setLoadError({ status: apiError.status, detail: apiError.detail });
    }
  }, [surveyId, onUnauthorized]);

  useEffect(() => {
    setSurvey(null);
    setLoadError(null);
    void load();
  }, [load]);

  // Live counts and campaign state.
  useAutoRefresh(() => {
    void load();
    if (managesSurvey && tab !== "results") void loadHeld();
  }, REFRESH_INTERVAL_MS);

  const reload = useCallback(
    async (options: ChangeOptions = {}) => {
      await load();
      if (options.resetEditor) {
        setEditorNotice(options.notice ?? "");
        setEditorGeneration((n) => n + 1);
        requestAnimationFrame(() => document.getElementById("questions-title")?.focus());
      }
    },
    [load],
  );

  if (!survey) {
    return (
      <main id="main" className="content" tabIndex={-1}>
        <p>
          <Link href={hrefFor("surveys")}>{t("backToSurveys")}</Link>
        </p>
        {loadError ? (
          loadError.status === 404 ? (
            <>
              <h1>{t("surveyNotFoundTitle")}</h1>
              <p>{t("surveyNotFoundText")}</p>
            </>
          ) : (
            <div className="form-error" role="alert">
              <p>{loadError.detail}</p>
              <button type="button" className="button small" onClick={() => void load()}>
                {t("retry")}
              </button>
            </div>
          )
        ) : (
          <p>{t("loading")}</p>
        )}
      </main>
    );
  }

  const manage = canManage(survey.unit.id);
  const title = loc(survey.title);

  return (
    <main id="main" className="content" tabIndex={-1}>
      <p className="breadcrumb">
        <Link href={hrefFor("surveys")}>{t("backToSurveys")}</Link>
      </p>
      <div className="page-head survey-head">
        <div>
          <h1>{title}</h1>
          <p className="muted">
            {survey.unit.name} · <StatusBadge status={survey.status} /> ·{" "}
            <span data-testid="survey-response-count">
              {t("responsesTotal", { count: formatNumber(survey.responseCount) })}
            </span>
          </p>
        </div>
      </div>
      {loadError && (
        <p className="form-error" role="alert">
          {loadError.detail}
        </p>
      )}
      <nav className="tabs" aria-label={t("surveySections")}>
        <ul>
          {SURVEY_TABS.map((name) => (
            <li key={name}>
              <Link href={surveyHref(survey.id, name)} aria-current={name === tab ? "page" : undefined}>
                {t(TAB_KEYS[name])}
                {name === "results" && manage && heldCount > 0 && (
                  <span className="badge" data-testid="held-tab-badge">
                    <span aria-hidden="true">{formatNumber(heldCount)}</span>
                    <span className="visually-hidden">
                      {" "}
                      ({t("heldTabLabel", { count: formatNumber(heldCount) })})
                    </span>
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {tab === "overview" && (
        <CampaignTab survey={survey} canManage={manage} onSaved={setSurvey} onUnauthorized={onUnauthorized} />
      )}
      {tab === "links" && (
        <LinksTab survey={survey} canManage={manage} onChanged={reload} onUnauthorized={onUnauthorized} />
      )}
      {editorOpened && (
        <div hidden={tab !== "questions"}>
          <EditorTab
            key={`${survey.id}-${editorGeneration}`}
            survey={survey}
            canManage={manage}
            notice={editorNotice}
            onChanged={reload}
            onUnauthorized={onUnauthorized}
          />
        </div>
      )}
      {tab === "results" && (
        <ResultsTab
          survey={survey}
          canExport={canExport(survey.unit.id)}
          canManage={manage}
          onHeldCount={setHeldCount}
          onCountsChanged={() => void load()}
          onUnauthorized={onUnauthorized}
        />
      )}
    </main>
  );
}
