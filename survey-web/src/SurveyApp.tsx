import { type FormEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { getLang, loc, type MessageKey, t, useLang } from "./i18n";
import { QuestionField } from "./QuestionField";
import {
  loadState,
  loadSurvey,
  markSubmitted,
  newSubmissionId,
  type StoredState,
  Submitter,
  type SubmitterEvent,
  saveState,
} from "./submission";
import {
  buildPayload,
  checkSection,
  type FieldErrorCode,
  sectionIndexOfQuestion,
  visibleQuestionIds,
  visibleSectionIndexes,
} from "./survey";
import type { Answers, AnswerValue, FieldProblem, SurveyDefinition } from "./types";

type Phase =
  | { kind: "loading" }
  | { kind: "unavailable" }
  | { kind: "notFound" }
  | { kind: "closed" }
  | { kind: "form" }
  | { kind: "pending"; sending: boolean; retryAt: number | null }
  | { kind: "thanks"; already: boolean };

/** Client-side errors are kept as keys so they follow language changes. */
type FieldError = { code: FieldErrorCode } | { text: string };
type FocusRequest = { target: "heading" | "error"; tick: number } | null;

const ERROR_KEYS: Record<FieldErrorCode, MessageKey> = { required: "errRequired", tooLong: "errTooLong" };

function omit<T>(record: Record<string, T>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

function initialPhase(state: StoredState): Phase {
  if (state.status === "submitted" && state.receipt) return { kind: "thanks", already: true };
  if (state.status === "pending") return { kind: "pending", sending: true, retryAt: null };
  return { kind: "loading" };
}

function formatDate(iso: string, lang: string): string {
  try {
    return new Intl.DateTimeFormat(lang === "vi" ? "vi-VN" : "en-GB", {
      dateStyle: "long",
      timeZone: "Asia/Ho_Chi_Minh",
    }).format(new Date(iso));
  } catch {
    return iso.slice(0, 10);
  }
}

export function SurveyApp({ code }: { code: string }) {
  const lang = useLang();
  const [state, setState] = useState<StoredState>(() => loadState(code));
  const stateRef = useRef(state);
  const [phase, setPhase] = useState<Phase>(() => initialPhase(state));
  const [survey, setSurvey] = useState<SurveyDefinition | null>(null);
  const surveyRef = useRef<SurveyDefinition | null>(null);
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [focus, setFocus] = useState<FocusRequest>(null);
  const submitterRef = useRef<Submitter | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const update = useCallback(
    (next: StoredState) => {
      stateRef.current = next;
      saveState(code, next);
      setState(next);
    },
    [code],
  );

  const requestFocus = useCallback(
    (target: "heading" | "error") => setFocus((prev) => ({ target, tick: (prev?.tick ?? 0) + 1 })),
    [],
  );

  // ---------- loading ----------
  const load = useCallback(async () => {
    const result = await loadSurvey(code, getLang());
    if (result.kind === "ok") {
      surveyRef.current = result.survey;
      setSurvey(result.survey);
      const current = stateRef.current;
      if (current.status !== "submitted") {
        update({ ...current, surveyTitle: result.survey.survey.title, unitName: result.survey.unit.name });
      }
      setPhase((p) => (p.kind === "loading" || p.kind === "unavailable" ? { kind: "form" } : p));
      return;
    }
    const next: Phase = { kind: result.kind };
    setPhase((p) => (p.kind === "loading" || p.kind === "unavailable" ? next : p));
  }, [code, update]);

  useEffect(() => {
    if (stateRef.current.status !== "submitted") void load();
  }, [load]);

  useEffect(() => {
    if (phase.kind !== "unavailable") return;
    const onOnline = () => void load();
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [phase.kind, load]);

  // ---------- submission ----------
  const applyServerErrors = useCallback(
    (detail: string | null, problems: FieldProblem[]) => {
      const def = surveyRef.current;
      const fieldErrors: Record<string, FieldError> = {};
      const general: string[] = [];
      let regenerateId = false;
      for (const problem of problems) {
        const match = /^answers\.(.+)$/.exec(problem.field);
        const raw = match?.[1];
        const id =
          raw && def
            ? [raw, raw.split(".")[0] ?? raw].find((c) => sectionIndexOfQuestion(def, c) >= 0)
            : undefined;
        if (id) {
          if (!fieldErrors[id]) fieldErrors[id] = { text: problem.message };
        } else {
          if (problem.field === "submissionId") regenerateId = true;
          general.push(problem.message);
        }
      }
      const current = stateRef.current;
      const next: StoredState = { ...current, status: "draft", pendingAnswers: undefined };
      if (regenerateId) next.submissionId = newSubmissionId();
      const firstId = def
        ? def.sections.flatMap((s) => s.questions.map((q) => q.id)).find((id) => fieldErrors[id])
        : undefined;
      if (def && firstId) next.sectionIndex = sectionIndexOfQuestion(def, firstId);
      update(next);
      setErrors(fieldErrors);
      setFormMessage(general.length ? general.join(" ") : (detail ?? (firstId ? t("errSummary") : null)));
      setPhase(def ? { kind: "form" } : { kind: "loading" });
      if (!def) void load();
      requestFocus(firstId ? "error" : "heading");
    },
    [update, load, requestFocus],
  );

  const onSubmitterEvent = useCallback(
    (event: SubmitterEvent) => {
      const backToDraft = () => {
        update({ ...stateRef.current, status: "draft", pendingAnswers: undefined });
      };
      switch (event.kind) {
        case "sending":
          setPhase((p) => ({
            kind: "pending",
            sending: true,
            retryAt: p.kind === "pending" ? p.retryAt : null,
          }));
          break;
        case "waiting":
          setPhase({ kind: "pending", sending: false, retryAt: event.retryAt });
          break;
        case "ok":
          setPhase({ kind: "thanks", already: false });
          update(markSubmitted(code, stateRef.current, event.receipt));
          break;
        case "invalid":
          applyServerErrors(event.detail, event.errors);
          break;
        case "closed":
        case "notFound":
          backToDraft();
          setPhase({ kind: event.kind });
          break;
        case "rejected":
          backToDraft();
          setFormMessage(event.detail ?? t("errGeneric"));
          setPhase(surveyRef.current ? { kind: "form" } : { kind: "loading" });
          if (!surveyRef.current) void load();
          requestFocus("heading");
          break;
      }
    },
    [code, update, applyServerErrors, load, requestFocus],
  );

  const startSubmitter = useCallback(
    (answers: Answers) => {
      submitterRef.current?.stop();
      const submitter = new Submitter(
        code,
        stateRef.current.submissionId,
        answers,
        getLang,
        onSubmitterEvent,
      );
      submitterRef.current = submitter;
      submitter.start();
    },
    [code, onSubmitterEvent],
  );

  // Resume a submission interrupted by a reload or a crash.
  useEffect(() => {
    const current = stateRef.current;
    if (current.status === "pending") startSubmitter(current.pendingAnswers ?? {});
    return () => submitterRef.current?.stop();
  }, [startSubmitter]);

  // ---------- focus management ----------
  useEffect(() => {
    if (!focus) return;
    if (focus.target === "error") {
      const el = document.querySelector<HTMLElement>("[aria-invalid='true']");
      if (el) {
        el.focus();
        return;
      }
    }
    window.scrollTo(0, 0);
    headingRef.current?.focus();
  }, [focus]);

  const pageTitle = survey ? `${loc(survey.survey.title)} – ${t("appName")}` : t("appName");
  useEffect(() => {
    document.title = pageTitle;
  }, [pageTitle]);

  // ---------- derived form state ----------
  const visible = useMemo(
    () => (survey ? visibleQuestionIds(survey, state.answers) : new Set<string>()),
    [survey, state.answers],
  );
  const sectionIndexes = useMemo(
    () => (survey ? visibleSectionIndexes(survey, visible) : []),
    [survey, visible],
  );
  let position = sectionIndexes.indexOf(state.sectionIndex);
  if (position < 0) {
    const after = sectionIndexes.findIndex((i) => i > state.sectionIndex);
    position = after >= 0 ? after : sectionIndexes.length - 1;
  }
  const sectionIndex = sectionIndexes[position];
  const section = survey && sectionIndex !== undefined ? survey.sections[sectionIndex] : undefined;
  const isLast = position >= sectionIndexes.length - 1;

  const setAnswer = (questionId: string, value: AnswerValue | undefined) => {
    const current = stateRef.current;
    const answers =
      value === undefined ? omit(current.answers, questionId) : { ...current.answers, [questionId]: value };
    update({ ...current, answers });
    if (errors[questionId]) {
      const rest = omit(errors, questionId);
      setErrors(rest);
      if (Object.keys(rest).length === 0) setFormMessage(null);
    }
  };

  const goTo = (index: number) => {
    update({ ...stateRef.current, sectionIndex: index });
    setFormMessage(null);
    requestFocus("heading");
  };

  const onNext = (event: FormEvent) => {
    event.preventDefault();
    if (!survey || phase.kind !== "form") return;
    const answers = stateRef.current.answers;
    if (!isLast) {
      const found = section ? checkSection(section, answers, visible) : {};
      if (Object.keys(found).length) {
        setErrors((prev) => ({ ...prev, ...mapCodes(found) }));
        setFormMessage(t("errSummary"));
        requestFocus("error");
        return;
      }
      const next = sectionIndexes[position + 1];
      if (next !== undefined) goTo(next);
      return;
    }
    for (const index of sectionIndexes) {
      const target = survey.sections[index];
      const found = target ? checkSection(target, answers, visible) : {};
      if (Object.keys(found).length) {
        setErrors((prev) => ({ ...prev, ...mapCodes(found) }));
        update({ ...stateRef.current, sectionIndex: index });
        setFormMessage(t("errSummary"));
        requestFocus("error");
        return;
      }
    }
    const payload = buildPayload(survey, answers);
    update({ ...stateRef.current, status: "pending", pendingAnswers: payload });
    setFormMessage(null);
    setPhase({ kind: "pending", sending: true, retryAt: null });
    startSubmitter(payload);
  };

  // ---------- rendering ----------
  switch (phase.kind) {
    case "loading":
      return <StatusPage title={t("loading")} busy />;
    case "unavailable":
      return (
        <StatusPage title={t("loadErrorTitle")} text={t("loadErrorText")}>
          <button type="button" className="button primary" onClick={() => void load()}>
            {t("retry")}
          </button>
        </StatusPage>
      );
    case "notFound":
      return <StatusPage title={t("notFoundTitle")} text={t("notFoundText")} />;
    case "closed":
      return <StatusPage title={t("closedTitle")} text={t("closedText")} />;
    case "pending":
      return <PendingPage phase={phase} onRetry={() => submitterRef.current?.retryNow()} />;
    case "thanks":
      return <ThanksPage state={state} already={phase.already} />;
  }

  if (!survey) return null;
  const closesAt = survey.survey.closesAt;
  const errorText = (id: string): string | null => {
    const error = errors[id];
    if (!error) return null;
    if ("text" in error) return error.text;
    const question = survey.sections.flatMap((s) => s.questions).find((q) => q.id === id);
    return t(ERROR_KEYS[error.code], { max: question?.maxLength ?? 0 });
  };

  return (
    <>
      <header className="survey-header">
        <p className="unit">{survey.unit.name}</p>
        <h1>{loc(survey.survey.title)}</h1>
        {closesAt && <p className="muted">{t("closesAt", { date: formatDate(closesAt, lang) })}</p>}
      </header>
      {position <= 0 && (
        <div className="intro">
          {loc(survey.survey.intro) && <p className="intro-text">{loc(survey.survey.intro)}</p>}
          <section className="privacy" aria-labelledby="privacy-title">
            <h2 id="privacy-title">{t("privacyTitle")}</h2>
            <p>{t("privacyText")}</p>
          </section>
        </div>
      )}
      <form className="section-form" noValidate onSubmit={onNext}>
        {sectionIndexes.length > 0 && (
          <div className="progress">
            <p id="progress-text">{t("progress", { current: position + 1, total: sectionIndexes.length })}</p>
            <div
              className="progress-bar"
              role="progressbar"
              aria-label={t("progressLabel")}
              aria-valuemin={0}
              aria-valuemax={sectionIndexes.length}
              aria-valuenow={position + 1}
              aria-valuetext={t("progress", { current: position + 1, total: sectionIndexes.length })}
            >
              <div style={{ width: `${((position + 1) / sectionIndexes.length) * 100}%` }} />
            </div>
          </div>
        )}
        {section && (
          <section aria-labelledby="section-title">
            <h2 id="section-title" ref={headingRef} tabIndex={-1}>
              {loc(section.title)}
            </h2>
            {section.description && <p className="section-desc">{loc(section.description)}</p>}
            <p className="muted small">{t("requiredHint")}</p>
            {formMessage && (
              <p className="form-message" role="alert">
                {formMessage}
              </p>
            )}
            {section.questions
              .filter((q) => visible.has(q.id))
              .map((question) => (
                <QuestionField
                  key={question.id}
                  question={question}
                  value={state.answers[question.id]}
                  error={errorText(question.id)}
                  onChange={(value) => setAnswer(question.id, value)}
                />
              ))}
          </section>
        )}
        {!section && formMessage && (
          <p className="form-message" role="alert">
            {formMessage}
          </p>
        )}
        <div className="nav">
          {position > 0 && (
            <button
              type="button"
              className="button"
              onClick={() => {
                const prev = sectionIndexes[position - 1];
                if (prev !== undefined) goTo(prev);
              }}
            >
              {t("back")}
            </button>
          )}
          <button type="submit" className="button primary">
            {isLast ? t("submit") : t("next")}
          </button>
        </div>
        <p className="muted small">{t("autosave")}</p>
      </form>
    </>
  );
}

function mapCodes(found: Record<string, FieldErrorCode>): Record<string, FieldError> {
  return Object.fromEntries(Object.entries(found).map(([id, code]) => [id, { code }]));
}

function StatusPage({
  title,
  text,
  busy,
  children,
}: {
  title: string;
  text?: string;
  busy?: boolean;
  children?: ReactNode;
}) {
  return (
    <section className="panel" aria-busy={busy || undefined}>
      <h1>{title}</h1>
      {text && <p>{text}</p>}
      {children}
    </section>
  );
}

function PendingPage({
  phase,
  onRetry,
}: {
  phase: Extract<Phase, { kind: "pending" }>;
  onRetry: () => void;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (phase.retryAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [phase.retryAt]);
  const waiting = !phase.sending && phase.retryAt !== null;
  const seconds = phase.retryAt === null ? 0 : Math.max(0, Math.ceil((phase.retryAt - now) / 1000));
  return (
    <section className="panel" aria-labelledby="pending-title">
      <h1 id="pending-title">{t("pendingTitle")}</h1>
      <div role="status">
        <p>{phase.retryAt !== null ? t("pendingText") : t("sending")}</p>
      </div>
      {waiting && <p className="muted">{t("pendingRetryIn", { seconds })}</p>}
      {phase.sending && phase.retryAt !== null && <p className="muted">{t("pendingTrying")}</p>}
      {waiting && (
        <button type="button" className="button primary" onClick={onRetry}>
          {t("retryNow")}
        </button>
      )}
    </section>
  );
}

function ThanksPage({ state, already }: { state: StoredState; already: boolean }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    window.scrollTo(0, 0);
    headingRef.current?.focus();
  }, []);
  return (
    <section className="panel thanks" aria-labelledby="thanks-title">
      {state.unitName && <p className="unit">{state.unitName}</p>}
      <h1 id="thanks-title" ref={headingRef} tabIndex={-1}>
        {t("thanksTitle")}
      </h1>
      {state.surveyTitle && <p className="muted">{loc(state.surveyTitle)}</p>}
      <p>{already ? t("alreadySubmitted") : t("thanksText")}</p>
      <p className="receipt-line">
        {t("receiptLabel")}:{" "}
        <strong className="receipt" data-testid="receipt">
          {state.receipt}
        </strong>
      </p>
      <p className="muted small">{t("receiptHint")}</p>
    </section>
  );
}
