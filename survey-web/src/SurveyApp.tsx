import { type FormEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { getLang, loc, type MessageKey, t, useLang } from "./i18n";
import { QuestionField } from "./QuestionField";
import {
  AdvanceProof,
  fetchMine,
  freshState,
  loadState,
  loadSurvey,
  markSubmitted,
  newSubmissionId,
  PROOF_RENEW_MS,
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

/** Which thank-you text to show: just sent, just edited, coming back later, or refused as a repeat. */
type DoneVariant = "new" | "updated" | "returning" | "already";

type Phase =
  | { kind: "loading" }
  | { kind: "unavailable" }
  | { kind: "notFound" }
  | { kind: "closed"; detail: string | null }
  | { kind: "form" }
  | { kind: "pending"; sending: boolean; verifying: boolean; retryAt: number | null }
  | { kind: "done"; variant: DoneVariant };

/** Client-side errors are kept as keys so they follow language changes. */
type FieldError = { code: FieldErrorCode } | { text: string };
type FocusRequest = { target: "heading" | "error"; tick: number } | null;

const ERROR_KEYS: Record<FieldErrorCode, MessageKey> = { required: "errRequired", tooLong: "errTooLong" };

function omit<T>(record: Record<string, T>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

function initialPhase(state: StoredState): Phase {
  if (state.status === "submitted" && state.receipt) return { kind: "done", variant: "returning" };
  if (state.status === "pending") return { kind: "pending", sending: true, verifying: false, retryAt: null };
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
  // Honeypot: bots that fill every field fill it; shown to people only when the server objected.
  const [website, setWebsite] = useState(() => state.pendingWebsite ?? "");
  const [showHoneypot, setShowHoneypot] = useState(false);
  const [editBusy, setEditBusy] = useState(false);
  const [doneMessage, setDoneMessage] = useState<string | null>(null);
  const submitterRef = useRef<Submitter | null>(null);
  // The proof of work for a new answer, solved while the parent fills in the form.
  const proofRef = useRef<AdvanceProof | null>(null);
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
    const next: Phase = result.kind === "closed" ? { kind: "closed", detail: result.detail } : result;
    setPhase((p) => (p.kind === "loading" || p.kind === "unavailable" ? next : p));
  }, [code, update]);

  // Also after submitting: an open survey lets this device edit its answers.
  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (phase.kind !== "unavailable") return;
    const onOnline = () => void load();
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [phase.kind, load]);

  // ---------- submission ----------
  const showForm = useCallback(
    (message: string | null, target: "heading" | "error") => {
      setFormMessage(message);
      setPhase(surveyRef.current ? { kind: "form" } : { kind: "loading" });
      if (!surveyRef.current) void load();
      requestFocus(target);
    },
    [load, requestFocus],
  );

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
      showForm(
        general.length ? general.join(" ") : (detail ?? (firstId ? t("errSummary") : null)),
        firstId ? "error" : "heading",
      );
    },
    [update, showForm],
  );

  const startSubmitterRef = useRef<(answers: Answers, website: string | undefined) => void>(() => {});

  const onSubmitterEvent = useCallback(
    (event: SubmitterEvent) => {
      const backToDraft = () => {
        update({ ...stateRef.current, status: "draft", pendingAnswers: undefined });
      };
      switch (event.kind) {
        case "sending":
        case "verifying":
          setPhase((p) => ({
            kind: "pending",
            sending: true,
            // Once a check was needed, it stays on screen until the verified answer is confirmed,
            // so a check solved in a few milliseconds still tells the parent what happened.
            verifying: event.kind === "verifying" || (p.kind === "pending" && p.verifying),
            retryAt: p.kind === "pending" ? p.retryAt : null,
          }));
          break;
        case "waiting":
          setPhase({ kind: "pending", sending: false, verifying: false, retryAt: event.retryAt });
          break;
        case "ok": {
          const edited = stateRef.current.mode === "edit";
          update(markSubmitted(code, stateRef.current, event.receipt));
          setPhase({ kind: "done", variant: edited ? "updated" : "new" });
          break;
        }
        case "already": {
          // This device answered before (e.g. through another QR code of the same survey).
          const current = stateRef.current;
          update(markSubmitted(code, current, event.receipt ?? current.receipt ?? "", event.editable));
          setPhase({ kind: "done", variant: "already" });
          break;
        }
        case "invalid":
          applyServerErrors(event.detail, event.errors);
          break;
        case "spam":
          backToDraft();
          setShowHoneypot(true);
          showForm(event.detail ?? t("errGeneric"), "heading");
          break;
        case "notFound": {
          const current = stateRef.current;
          if (current.mode === "edit" && event.code === "response_not_found") {
            // The earlier answer is gone: send these answers as a new response instead.
            update({ ...current, mode: undefined });
            startSubmitterRef.current(current.pendingAnswers ?? {}, current.pendingWebsite);
            break;
          }
          backToDraft();
          setPhase({ kind: "notFound" });
          break;
        }
        case "closed":
          backToDraft();
          setPhase({ kind: "closed", detail: event.detail });
          break;
        case "rejected":
          backToDraft();
          showForm(event.detail ?? t("errGeneric"), "heading");
          break;
      }
    },
    [code, update, applyServerErrors, showForm],
  );

  const startSubmitter = useCallback(
    (answers: Answers, honeypot: string | undefined) => {
      submitterRef.current?.stop();
      const current = stateRef.current;
      const method = current.mode === "edit" ? "PUT" : "POST";
      const proof = proofRef.current;
      proofRef.current = null;
      const submitter = new Submitter(
        code,
        method,
        { submissionId: current.submissionId, answers, website: honeypot },
        getLang,
        onSubmitterEvent,
        method === "POST" && proof && !proof.claimed ? proof : undefined,
      );
      submitterRef.current = submitter;
      submitter.start();
    },
    [code, onSubmitterEvent],
  );
  startSubmitterRef.current = startSubmitter;

  // While a new answer is being filled in, its proof of work is fetched and solved in the
  // background (an edit needs none); leaving the form unsent cancels it.
  const needsProof = phase.kind === "form" && state.mode !== "edit" && state.status === "draft";
  useEffect(() => {
    if (!needsProof) return;
    let proof = new AdvanceProof(code, getLang());
    proofRef.current = proof;
    // A parent who takes longer than a challenge lives gets a fresh one, still ahead of sending.
    const renew = setInterval(() => {
      if (proof.claimed) return;
      proof.cancel();
      proof = new AdvanceProof(code, getLang());
      proofRef.current = proof;
    }, PROOF_RENEW_MS);
    return () => {
      clearInterval(renew);
      if (!proof.claimed) proof.cancel();
      if (proofRef.current === proof) proofRef.current = null;
    };
  }, [needsProof, code]);

  // Resume a submission interrupted by a reload or a crash.
  useEffect(() => {
    const current = stateRef.current;
    if (current.status === "pending") startSubmitter(current.pendingAnswers ?? {}, current.pendingWebsite);
    return () => submitterRef.current?.stop();
  }, [startSubmitter]);

  // ---------- editing an earlier answer ----------
  const startEdit = async () => {
    setEditBusy(true);
    setDoneMessage(null);
    const result = await fetchMine(code, getLang());
    setEditBusy(false);
    const current = stateRef.current;
    const base: StoredState = {
      ...freshState(),
      surveyTitle: current.surveyTitle,
      unitName: current.unitName,
    };
    if (result.kind === "ok") {
      update({ ...base, mode: "edit", answers: result.answers, receipt: result.receipt ?? current.receipt });
      setErrors({});
      showForm(null, "heading");
    } else if (result.kind === "notFound" && result.code === "response_not_found") {
      // Nothing stored for this device after all: answer afresh.
      update(base);
      setErrors({});
      showForm(null, "heading");
    } else if (result.kind === "notFound") {
      setPhase({ kind: "notFound" });
    } else if (result.kind === "closed") {
      update({ ...current, editable: false });
      setDoneMessage(result.detail ?? t("notEditable"));
    } else {
      setDoneMessage(t("editFailed"));
    }
  };

  const cancelEdit = () => {
    const current = stateRef.current;
    update(markSubmitted(code, current, current.receipt ?? ""));
    setPhase({ kind: "done", variant: "returning" });
  };

  // ---------- focus management ----------
  useEffect(() => {
    if (!focus) return;
    if (focus.target === "error") {
      const el = document.querySelector<HTMLElement>("[aria-invalid='true']");
      if (el) {
        el.focus();
        el.closest(".question")?.scrollIntoView({ block: "start" });
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
    // "Tiếp tục" checks this screen; "Gửi phiếu" checks every screen still shown.
    for (const index of isLast ? sectionIndexes : [sectionIndex ?? -1]) {
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
    if (!isLast) {
      const next = sectionIndexes[position + 1];
      if (next !== undefined) goTo(next);
      return;
    }
    const payload = buildPayload(survey, answers);
    const honeypot = website || undefined;
    update({ ...stateRef.current, status: "pending", pendingAnswers: payload, pendingWebsite: honeypot });
    setFormMessage(null);
    setPhase({ kind: "pending", sending: true, verifying: false, retryAt: null });
    startSubmitter(payload, honeypot);
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
      return <StatusPage title={t("closedTitle")} text={phase.detail ?? t("closedText")} />;
    case "pending":
      return <PendingPage phase={phase} onRetry={() => submitterRef.current?.retryNow()} />;
    case "done":
      return (
        <DonePage
          state={state}
          variant={phase.variant}
          canEdit={!!survey && state.editable !== false}
          editBusy={editBusy}
          message={doneMessage}
          onEdit={() => void startEdit()}
        />
      );
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
  const progressText = t("progress", { current: position + 1, total: sectionIndexes.length });

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
          <details className="privacy">
            <summary>{t("privacySummary")}</summary>
            <ul>
              <li>{t("privacyStored")}</li>
              <li>{t("privacyAnonymous")}</li>
              <li>{t("privacyDevice")}</li>
              <li>{t("privacyLocal")}</li>
              <li>{t("privacyWho")}</li>
            </ul>
          </details>
        </div>
      )}
      <form className="section-form" noValidate onSubmit={onNext}>
        {state.mode === "edit" && (
          <div className="notice">
            <p>{t("editingNotice", { receipt: state.receipt ?? "" })}</p>
            <button type="button" className="button" onClick={cancelEdit}>
              {t("cancelEdit")}
            </button>
          </div>
        )}
        {sectionIndexes.length > 0 && (
          <div className="progress">
            <p>{progressText}</p>
            <div
              className="progress-bar"
              role="progressbar"
              aria-label={t("progressLabel")}
              aria-valuemin={0}
              aria-valuemax={sectionIndexes.length}
              aria-valuenow={position + 1}
              aria-valuetext={progressText}
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
        <div
          className={showHoneypot ? "question" : "visually-hidden"}
          aria-hidden={!showHoneypot || undefined}
        >
          <label htmlFor="website" className="q-label">
            {t("honeypotLabel")}
          </label>
          {showHoneypot && <p className="q-help">{t("honeypotHint")}</p>}
          <input
            id="website"
            name="website"
            type="text"
            className="text-input"
            tabIndex={showHoneypot ? undefined : -1}
            autoComplete="off"
            value={website}
            onChange={(event) => setWebsite(event.target.value)}
          />
        </div>
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
      <div role="status" data-testid="submit-status">
        <p className="status-line">{phase.verifying ? t("verifying") : t("pendingText")}</p>
        {phase.verifying && <p>{t("verifyingText")}</p>}
      </div>
      {waiting && <p className="muted">{t("pendingRetryIn", { seconds })}</p>}
      {waiting && (
        <button type="button" className="button primary" onClick={onRetry}>
          {t("retryNow")}
        </button>
      )}
    </section>
  );
}

const DONE_TEXT: Record<DoneVariant, [MessageKey, MessageKey]> = {
  new: ["thanksTitle", "thanksText"],
  updated: ["updatedTitle", "updatedText"],
  returning: ["thanksTitle", "alreadySubmitted"],
  already: ["alreadyTitle", "alreadyText"],
};

function DonePage({
  state,
  variant,
  canEdit,
  editBusy,
  message,
  onEdit,
}: {
  state: StoredState;
  variant: DoneVariant;
  canEdit: boolean;
  editBusy: boolean;
  message: string | null;
  onEdit: () => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (variant === "returning") return;
    window.scrollTo(0, 0);
    headingRef.current?.focus();
  }, [variant]);
  const [title, text] = DONE_TEXT[variant];
  return (
    <section className="panel thanks" aria-labelledby="thanks-title">
      {state.unitName && <p className="unit">{state.unitName}</p>}
      <h1 id="thanks-title" ref={headingRef} tabIndex={-1}>
        {t(title)}
      </h1>
      {state.surveyTitle && <p className="muted">{loc(state.surveyTitle)}</p>}
      <p>{t(text)}</p>
      <p className="receipt-line">
        {t("receiptLabel")}:{" "}
        <strong className="receipt" data-testid="receipt">
          {state.receipt}
        </strong>
      </p>
      <p className="muted small">{t("receiptHint")}</p>
      {state.editable === false && <p>{t("notEditable")}</p>}
      {message && (
        <p className="form-message" role="alert">
          {message}
        </p>
      )}
      {canEdit && (
        <button type="button" className="button" onClick={onEdit} disabled={editBusy}>
          {editBusy ? t("editLoading") : t("editAnswers")}
        </button>
      )}
    </section>
  );
}
