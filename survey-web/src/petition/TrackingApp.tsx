import { type FormEvent, type ReactNode, type Ref, useCallback, useEffect, useRef, useState } from "react";
import { getLang, t, useLang } from "../i18n";
import { type ActionResult, type CitizenAction, citizenAction, fetchTracking } from "./api";
import { formatDate, formatDateTime, formatDay } from "./format";
import { type PetitionMessageKey, pt } from "./messages";
import { ErrorText, type Message, messageText, StatusPanel } from "./parts";
import {
  ANSWERED,
  normalizeKey,
  PETITION_STATES,
  RATING_REASONS,
  type RatingReason,
  type RatingValue,
  TRACKING_CODE,
  type Tracking,
  type TrackingClock,
  trackingHref,
  WITHDRAWABLE,
} from "./types";
import "./petition.css";

const REASON_MAX = 2000;
const KNOWN_EVENTS = new Set([
  "submit",
  "acknowledge",
  "assign",
  "start",
  "request_info",
  "info_received",
  "answer",
  "close",
  "forward",
  "reject",
  "withdraw",
  "reopen",
  "rate",
  "extend",
  "deadline_moved",
]);

/** Entries that never change the state: no "→ state" after them. */
const SAME_STATE_EVENTS = new Set(["extend", "deadline_moved"]);

const CLOCK_LAWS: readonly TrackingClock["law"][] = ["citizen_reception", "complaints", "denunciations"];
const CLOCK_FROMS: readonly TrackingClock["countedFrom"][] = ["receipt", "acceptance"];
const EXTENSION_REASONS = ["complex", "especially_complex"];

interface ClockLine {
  key: string;
  text: string;
}

/**
 * In plain words, under the deadline: how it is counted and on what law, when the case was accepted,
 * and each extension. Nothing for an older server's answer without a clock.
 */
function clockLines(c: Tracking): ClockLine[] {
  const clock = c.clock;
  if (!clock) return [];
  const lines: ClockLine[] = [];
  if (CLOCK_LAWS.includes(clock.law) && CLOCK_FROMS.includes(clock.countedFrom)) {
    const from = pt(`clockFrom_${clock.countedFrom}` as PetitionMessageKey);
    lines.push({ key: "law", text: pt(`clockLaw_${clock.law}` as PetitionMessageKey, { from }) });
  }
  if (clock.acceptedAt) {
    lines.push({ key: "accepted", text: pt("clockAccepted", { date: formatDate(clock.acceptedAt) }) });
  } else if (clock.countedFrom === "acceptance" && WITHDRAWABLE.includes(c.state)) {
    lines.push({ key: "accepted", text: pt("clockNotAccepted") });
  }
  for (const extension of clock.extensions ?? []) {
    const reason = EXTENSION_REASONS.includes(extension.reason) ? extension.reason : "complex";
    lines.push({
      key: `extension-${extension.at}`,
      text: pt("clockExtended", {
        date: formatDate(extension.answerBy),
        reason: pt(`clockReason_${reason}` as PetitionMessageKey),
      }),
    });
  }
  return lines;
}

const stateText = (state: string) =>
  (PETITION_STATES as readonly string[]).includes(state) ? pt(`state_${state}` as PetitionMessageKey) : state;
const eventText = (event: string) =>
  pt((KNOWN_EVENTS.has(event) ? `event_${event}` : "event_other") as PetitionMessageKey);

/** The key the sender's link carries in its fragment (`#k=…`): never sent to a server. */
const keyFromHash = () => normalizeKey(new URLSearchParams(window.location.hash.slice(1)).get("k"));

export function TrackingApp({ code }: { code: string | null }) {
  useLang();
  const normalized = code?.trim().toUpperCase() ?? "";
  // Kept in the page for the sender's actions; typing it in the form changes only the fragment.
  const [citizenKey, setCitizenKey] = useState(keyFromHash);
  useEffect(() => {
    const onHash = () => setCitizenKey(keyFromHash());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  useEffect(() => {
    document.title = `${normalized ? pt("caseHeading", { code: normalized }) : pt("trackTitle")} – ${t("appName")}`;
  });
  if (!TRACKING_CODE.test(normalized)) return <LookupForm initial={code ?? ""} />;
  return <CaseView key={`${normalized}#${citizenKey ?? ""}`} code={normalized} citizenKey={citizenKey} />;
}

/** `/t`: type the code and the key from the receipt or the email. */
function LookupForm({ initial, heading = true }: { initial: string; heading?: boolean }) {
  const [value, setValue] = useState(initial);
  const [keyValue, setKeyValue] = useState("");
  const [error, setError] = useState<Message | null>(
    initial && !TRACKING_CODE.test(initial.trim().toUpperCase()) ? { key: "errCodeFormat" } : null,
  );
  const [keyError, setKeyError] = useState<Message | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const keyRef = useRef<HTMLInputElement>(null);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const code = value.trim().toUpperCase();
    if (!TRACKING_CODE.test(code)) {
      setError({ key: "errCodeFormat" });
      inputRef.current?.focus();
      return;
    }
    const key = normalizeKey(keyValue);
    if (keyValue.trim() !== "" && !key) {
      setKeyError({ key: "errKeyFormat" });
      keyRef.current?.focus();
      return;
    }
    window.location.assign(trackingHref(code, key));
  };
  return (
    <section className="panel" aria-labelledby="lookup-title">
      {heading ? (
        <h1 id="lookup-title">{pt("trackTitle")}</h1>
      ) : (
        <h2 id="lookup-title">{pt("trackTitle")}</h2>
      )}
      <p>{pt("trackIntro")}</p>
      <form noValidate onSubmit={onSubmit}>
        <div className={`question${error ? " has-error" : ""}`}>
          <label htmlFor="tracking-code" className="q-label">
            {pt("codeLabel")}
          </label>
          <input
            ref={inputRef}
            id="tracking-code"
            name="code"
            type="text"
            className="text-input code-input"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            value={value}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "tracking-code-error" : undefined}
            onChange={(event) => {
              setValue(event.target.value);
              setError(null);
            }}
          />
          <ErrorText id="tracking-code-error" error={error ? messageText(error) : null} />
        </div>
        <div className={`question${keyError ? " has-error" : ""}`}>
          <label htmlFor="citizen-key" className="q-label">
            {pt("keyLabel")}
          </label>
          <p id="citizen-key-hint" className="q-help">
            {pt("keyFieldHint")}
          </p>
          <input
            ref={keyRef}
            id="citizen-key"
            name="key"
            type="text"
            className="text-input code-input"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            value={keyValue}
            aria-invalid={keyError ? true : undefined}
            aria-describedby={keyError ? "citizen-key-hint citizen-key-error" : "citizen-key-hint"}
            onChange={(event) => {
              setKeyValue(event.target.value);
              setKeyError(null);
            }}
          />
          <ErrorText id="citizen-key-error" error={keyError ? messageText(keyError) : null} />
        </div>
        <div className="nav">
          <button type="submit" className="button primary">
            {pt("lookUp")}
          </button>
        </div>
      </form>
    </section>
  );
}

type Phase =
  | { kind: "loading" }
  | { kind: "notFound" }
  | { kind: "staff"; detail: string | null }
  | { kind: "tooMany"; detail: string | null }
  | { kind: "unavailable" }
  | { kind: "ok"; tracking: Tracking };

function CaseView({ code, citizenKey }: { code: string; citizenKey: string | null }) {
  const lang = useLang();
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [flash, setFlash] = useState<Message | null>(null);
  const flashRef = useRef<HTMLParagraphElement>(null);
  const [flashTick, setFlashTick] = useState(0);

  const load = useCallback(async () => {
    setPhase((p) => (p.kind === "ok" ? p : { kind: "loading" }));
    const result = await fetchTracking(code, citizenKey, getLang());
    if (result.kind === "ok") setPhase({ kind: "ok", tracking: result.tracking });
    else if (result.kind === "tooMany" || result.kind === "staff")
      setPhase({ kind: result.kind, detail: result.detail });
    else setPhase({ kind: result.kind });
  }, [code, citizenKey]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (phase.kind !== "unavailable") return;
    const onOnline = () => void load();
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [phase.kind, load]);

  useEffect(() => {
    if (flashTick > 0) flashRef.current?.focus();
  }, [flashTick]);

  const onActionDone = (tracking: Tracking, message: Message) => {
    setPhase({ kind: "ok", tracking });
    setFlash(message);
    setFlashTick((n) => n + 1);
  };

  switch (phase.kind) {
    case "loading":
      return <StatusPanel title={pt("trackLoading")} busy />;
    case "notFound":
      // Perhaps only the key is missing (a link without it) or mistyped: ask for both again.
      return (
        <>
          <StatusPanel title={pt("caseNotFoundTitle")} text={pt("caseNotFoundText", { code })} />
          <LookupForm initial={code} heading={false} />
        </>
      );
    case "staff":
      return <StatusPanel title={pt("staffSessionTitle")} text={phase.detail ?? pt("errGeneric")} />;
    case "tooMany":
      return (
        <StatusPanel title={pt("tooManyTitle")} text={phase.detail ?? pt("errGeneric")}>
          <button type="button" className="button primary" onClick={() => void load()}>
            {pt("retry")}
          </button>
        </StatusPanel>
      );
    case "unavailable":
      return (
        <StatusPanel title={pt("caseUnavailableTitle")} text={pt("caseUnavailableText")}>
          <button type="button" className="button primary" onClick={() => void load()}>
            {pt("retry")}
          </button>
        </StatusPanel>
      );
  }

  const c = phase.tracking;
  const answered = ANSWERED.includes(c.state);
  // The third item: lines shown under the value (how the deadline is counted).
  const dates: [PetitionMessageKey, ReactNode, ClockLine[]?][] = [
    ["receivedAtLabel", formatDateTime(c.receivedAt, lang)],
    ["acknowledgeByLabel", formatDay(c.acknowledgeBy, lang)],
  ];
  if (c.acknowledgedAt) dates.push(["acknowledgedAtLabel", formatDateTime(c.acknowledgedAt, lang)]);
  dates.push(["dueByLabel", formatDay(c.dueBy, lang), clockLines(c)]);
  if (c.answeredAt) dates.push(["answeredAtLabel", formatDateTime(c.answeredAt, lang)]);
  if (c.outcome) dates.push(["outcomeLabel", pt(`outcome_${c.outcome}` as PetitionMessageKey)]);
  if (c.closedAt) dates.push(["closedAtLabel", formatDateTime(c.closedAt, lang)]);

  return (
    <>
      <header className="survey-header">
        <p className="unit">{c.unit.name}</p>
        <h1>{pt("caseHeading", { code: c.trackingCode })}</h1>
        <p className="muted">
          {pt("kindLabel")}: {pt(`kind_${c.kind}` as PetitionMessageKey)}
        </p>
      </header>
      {flash && (
        <p ref={flashRef} className="notice flash" role="status" tabIndex={-1}>
          {messageText(flash)}
        </p>
      )}
      <section className="panel" aria-labelledby="state-heading">
        <h2 id="state-heading">{pt("stateLabel")}</h2>
        <p className={`state-badge state-${c.state}`} data-testid="case-state">
          {stateText(c.state)}
        </p>
        {(PETITION_STATES as readonly string[]).includes(c.state) && (
          <p>{pt(`stateHelp_${c.state}` as PetitionMessageKey)}</p>
        )}
        <dl className="facts">
          {dates.map(([label, value, notes]) => (
            <div key={label}>
              <dt>{pt(label)}</dt>
              <dd>{value}</dd>
              {notes && notes.length > 0 && (
                <dd className="clock-basis" data-testid="clock-basis">
                  {notes.map((note) => (
                    <span key={note.key}>{note.text}</span>
                  ))}
                </dd>
              )}
            </div>
          ))}
          {c.forwardedTo && (
            <div>
              <dt>{pt("forwardedToLabel")}</dt>
              <dd>{c.forwardedTo}</dd>
            </div>
          )}
          {c.rejectReason && (
            <div>
              <dt>{pt("rejectReasonLabel")}</dt>
              <dd>{c.rejectReason}</dd>
            </div>
          )}
        </dl>
      </section>

      {c.answer && (
        <section className="panel" aria-labelledby="answer-heading">
          <h2 id="answer-heading">{pt("answerHeading")}</h2>
          <p className="answer-text" data-testid="case-answer">
            {c.answer}
          </p>
        </section>
      )}

      {answered && !c.rating && (
        <RatingForm code={c.trackingCode} citizenKey={citizenKey} onDone={onActionDone} />
      )}
      {c.rating && (
        <section className="panel" aria-labelledby="rated-heading">
          <h2 id="rated-heading">{pt("rateHeading")}</h2>
          <p>{pt("ratedText", { value: pt(`rating_${c.rating.value}` as PetitionMessageKey) })}</p>
        </section>
      )}
      {answered && <ReopenForm code={c.trackingCode} citizenKey={citizenKey} onDone={onActionDone} />}
      {WITHDRAWABLE.includes(c.state) && (
        <WithdrawForm code={c.trackingCode} citizenKey={citizenKey} onDone={onActionDone} />
      )}

      <section className="panel" aria-labelledby="history-heading">
        <h2 id="history-heading">{pt("historyHeading")}</h2>
        <ol className="timeline">
          {c.history.map((h) => (
            <li key={`${h.at}-${h.event}-${h.state}`}>
              <time dateTime={h.at}>{formatDateTime(h.at, lang)}</time>
              <span className="timeline-event">{eventText(h.event)}</span>
              {h.state && h.event !== "submit" && !SAME_STATE_EVENTS.has(h.event) && (
                <span className="muted"> → {stateText(h.state)}</span>
              )}
              {h.note && <span className="timeline-note">{h.note}</span>}
            </li>
          ))}
        </ol>
      </section>
      <p className="muted small">{pt("noPersonal")}</p>
      <p>
        <a href="/t">{pt("otherCode")}</a>
      </p>
    </>
  );
}

type OnDone = (tracking: Tracking, message: Message) => void;

/** One citizen action with its busy flag, the server's refusal and per-field messages. */
function useAction(code: string, citizenKey: string | null) {
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<Message | null>(null);
  const [fieldError, setFieldError] = useState<Message | null>(null);
  const run = async (input: CitizenAction): Promise<Tracking | null> => {
    setBusy(true);
    setFormError(null);
    setFieldError(null);
    const result: ActionResult = await citizenAction(code, citizenKey, input, getLang());
    setBusy(false);
    switch (result.kind) {
      case "ok":
        return result.tracking;
      case "invalid": {
        const problem = result.errors.find((e) => e.field === "reason");
        if (problem) setFieldError({ text: problem.message });
        else setFormError(result.detail ? { text: result.detail } : { key: "errGeneric" });
        return null;
      }
      case "refused":
        setFormError(result.detail ? { text: result.detail } : { key: "errGeneric" });
        return null;
      case "network":
        setFormError({ key: "actionNetwork" });
        return null;
    }
  };
  return { busy, formError, fieldError, setFieldError, run };
}

function FormError({ message }: { message: Message | null }) {
  if (!message) return null;
  return (
    <p className="form-message" role="alert">
      {messageText(message)}
    </p>
  );
}

function RatingForm({
  code,
  citizenKey,
  onDone,
}: {
  code: string;
  citizenKey: string | null;
  onDone: OnDone;
}) {
  useLang();
  const [rating, setRating] = useState<RatingValue | null>(null);
  const [reason, setReason] = useState<RatingReason | null>(null);
  const [ratingError, setRatingError] = useState(false);
  const action = useAction(code, citizenKey);
  const reasonError = action.fieldError;
  const [focusTick, setFocusTick] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (focusTick > 0) formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
  }, [focusTick]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!rating) {
      setRatingError(true);
      setFocusTick((n) => n + 1);
      return;
    }
    if (rating === "not_satisfied" && !reason) {
      action.setFieldError({ key: "errReasonRequired" });
      setFocusTick((n) => n + 1);
      return;
    }
    const tracking = await action.run({
      action: "rating",
      body: rating === "not_satisfied" && reason ? { rating, reason } : { rating },
    });
    if (tracking) onDone(tracking, { key: "rateThanks" });
    else setFocusTick((n) => n + 1);
  };

  return (
    <section className="panel" aria-labelledby="rate-heading">
      <h2 id="rate-heading">{pt("rateHeading")}</h2>
      <form ref={formRef} noValidate onSubmit={(event) => void onSubmit(event)}>
        <fieldset className={`question${ratingError ? " has-error" : ""}`} aria-labelledby="rating-legend">
          <legend id="rating-legend" className="q-label">
            {pt("rateLegend")}
          </legend>
          <div className="options options-yesno">
            {(["satisfied", "not_satisfied"] as const).map((value) => (
              <label key={value} htmlFor={`rating-${value}`} className="option">
                <input
                  id={`rating-${value}`}
                  type="radio"
                  name="rating"
                  value={value}
                  checked={rating === value}
                  aria-invalid={ratingError ? true : undefined}
                  aria-describedby={ratingError ? "rating-error" : undefined}
                  onChange={() => {
                    setRating(value);
                    setRatingError(false);
                  }}
                />
                <span>{pt(`rating_${value}` as PetitionMessageKey)}</span>
              </label>
            ))}
          </div>
          <ErrorText id="rating-error" error={ratingError ? pt("errRatingRequired") : null} />
        </fieldset>
        {rating === "not_satisfied" && (
          <fieldset className={`question${reasonError ? " has-error" : ""}`} aria-labelledby="reason-legend">
            <legend id="reason-legend" className="q-label">
              {pt("reasonLegend")}
            </legend>
            <div className="options">
              {RATING_REASONS.map((value) => (
                <label key={value} htmlFor={`reason-${value}`} className="option">
                  <input
                    id={`reason-${value}`}
                    type="radio"
                    name="reason"
                    value={value}
                    checked={reason === value}
                    aria-invalid={reasonError ? true : undefined}
                    aria-describedby={reasonError ? "reason-error" : undefined}
                    onChange={() => {
                      setReason(value);
                      action.setFieldError(null);
                    }}
                  />
                  <span>{pt(`reason_${value}` as PetitionMessageKey)}</span>
                </label>
              ))}
            </div>
            <ErrorText id="reason-error" error={reasonError ? messageText(reasonError) : null} />
          </fieldset>
        )}
        <FormError message={action.formError} />
        <div className="nav">
          <button type="submit" className="button primary" disabled={action.busy}>
            {pt("rateSubmit")}
          </button>
        </div>
      </form>
    </section>
  );
}

/** A reason box shared by the reopen and withdraw forms. */
function ReasonField({
  id,
  label,
  help,
  required,
  value,
  error,
  onChange,
  inputRef,
}: {
  id: string;
  label: string;
  help?: string;
  required: boolean;
  value: string;
  error: Message | null;
  onChange: (value: string) => void;
  inputRef?: Ref<HTMLTextAreaElement>;
}) {
  return (
    <div className={`question${error ? " has-error" : ""}`}>
      <label htmlFor={id} className="q-label">
        {label} <span className="q-required">({required ? pt("required") : pt("optional")})</span>
      </label>
      {help && (
        <p id={`${id}-help`} className="q-help">
          {help}
        </p>
      )}
      <textarea
        ref={inputRef}
        id={id}
        rows={4}
        maxLength={REASON_MAX}
        value={value}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={[help && `${id}-help`, `${id}-max`, error && `${id}-error`]
          .filter(Boolean)
          .join(" ")}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={`${id}-max`} className="q-counter">
        {pt("maxLengthHint", { max: REASON_MAX })}
      </p>
      <ErrorText id={`${id}-error`} error={error ? messageText(error) : null} />
    </div>
  );
}

function ReopenForm({
  code,
  citizenKey,
  onDone,
}: {
  code: string;
  citizenKey: string | null;
  onDone: OnDone;
}) {
  useLang();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const action = useAction(code, citizenKey);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const [focusTick, setFocusTick] = useState(0);

  useEffect(() => {
    if (focusTick > 0) areaRef.current?.focus();
  }, [focusTick]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      action.setFieldError({ key: "errRequired" });
      setFocusTick((n) => n + 1);
      return;
    }
    const tracking = await action.run({ action: "reopen", body: { reason: reason.trim() } });
    if (tracking) {
      setOpen(false);
      setReason("");
      onDone(tracking, { key: "reopenDone" });
    } else setFocusTick((n) => n + 1);
  };

  return (
    <section className="panel" aria-labelledby="reopen-heading">
      <h2 id="reopen-heading">{pt("reopenHeading")}</h2>
      <p>{pt("reopenIntro")}</p>
      {!open ? (
        <button
          ref={openRef}
          type="button"
          className="button"
          onClick={() => {
            setOpen(true);
            setFocusTick((n) => n + 1);
          }}
        >
          {pt("reopenOpen")}
        </button>
      ) : (
        <form noValidate onSubmit={(event) => void onSubmit(event)}>
          <ReasonField
            id="reopen-reason"
            label={pt("reopenReasonLabel")}
            help={pt("reopenReasonHelp")}
            required
            value={reason}
            error={action.fieldError}
            inputRef={areaRef}
            onChange={(value) => {
              setReason(value);
              if (action.fieldError) action.setFieldError(null);
            }}
          />
          <FormError message={action.formError} />
          <div className="nav">
            <button type="submit" className="button primary" disabled={action.busy}>
              {pt("reopenSubmit")}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setOpen(false);
                requestAnimationFrame(() => openRef.current?.focus());
              }}
            >
              {pt("cancel")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function WithdrawForm({
  code,
  citizenKey,
  onDone,
}: {
  code: string;
  citizenKey: string | null;
  onDone: OnDone;
}) {
  useLang();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const action = useAction(code, citizenKey);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const onConfirm = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    const tracking = await action.run({ action: "withdraw", body: trimmed ? { reason: trimmed } : {} });
    if (tracking) onDone(tracking, { key: "withdrawDone" });
  };

  return (
    <section className="panel" aria-labelledby="withdraw-heading">
      <h2 id="withdraw-heading">{pt("withdrawHeading")}</h2>
      <p>{pt("withdrawIntro")}</p>
      {!confirming ? (
        <button ref={openRef} type="button" className="button" onClick={() => setConfirming(true)}>
          {pt("withdrawOpen")}
        </button>
      ) : (
        <form className="confirm-box" noValidate onSubmit={(event) => void onConfirm(event)}>
          <h3 ref={confirmRef} tabIndex={-1}>
            {pt("withdrawConfirmTitle")}
          </h3>
          <p>{pt("withdrawConfirmText")}</p>
          <ReasonField
            id="withdraw-reason"
            label={pt("withdrawReasonLabel")}
            required={false}
            value={reason}
            error={action.fieldError}
            onChange={setReason}
          />
          <FormError message={action.formError} />
          <div className="nav">
            <button type="submit" className="button primary" disabled={action.busy}>
              {pt("withdrawConfirm")}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setConfirming(false);
                requestAnimationFrame(() => openRef.current?.focus());
              }}
            >
              {pt("withdrawCancel")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
