// Network and storage logic for the public survey. Framework-free on purpose.
import { type AltchaChallenge, isChallenge, solveChallenge } from "./altcha";
import type { Answers, FieldProblem, Lang, LocalizedText, Problem, SurveyDefinition } from "./types";

const STATE_PREFIX = "gopy.survey.";
const DEFINITION_PREFIX = "gopy.survey-def.";
const DEVICE_KEY = "gopy.device";
const REQUEST_TIMEOUT_MS = 20_000;
const MAX_BACKOFF_MS = 60_000;
/** Challenges solved in a row before backing off (a wrong or expired solution brings a new one). */
const MAX_CHALLENGES_IN_A_ROW = 3;
/**
 * A solution older than this is not sent: the server's challenges are good for 10 minutes, and a
 * refused solution counts as a refusal, so an answer queued longer asks for a fresh one (428).
 */
const PROOF_FRESH_MS = 9 * 60_000;
/** While the form stays open unsent, its background proof is renewed this often. */
export const PROOF_RENEW_MS = 8 * 60_000;
/** The survey's first screen is drawn and settled before the background proof starts. */
const PROOF_START_DELAY_MS = 1000;
/** What tells the page that the parent has begun answering. */
const START_EVENTS = ["pointerdown", "keydown"] as const;
/** Name of the `performance.measure` entry covering the background solve (for measurement). */
export const PROOF_MEASURE = "gopy:proof-of-work";

export type SubmissionStatus = "draft" | "pending" | "submitted";

export interface StoredState {
  version: 1;
  /** Made by the browser, kept until the server confirms: resending it never stores twice. */
  submissionId: string;
  status: SubmissionStatus;
  /** "edit": the answers replace this device's earlier response (PUT) instead of adding one. */
  mode?: "edit";
  answers: Answers;
  sectionIndex: number;
  /** Exact answers being sent while status is "pending". */
  pendingAnswers?: Answers;
  /** Honeypot value sent with the pending answers (humans leave it empty). */
  pendingWebsite?: string;
  receipt?: string;
  /** False when the server said the earlier answer can no longer be edited. */
  editable?: boolean;
  submittedAt?: string;
  surveyTitle?: LocalizedText;
  unitName?: string;
  updatedAt: string;
}

// ---------- storage ----------

const memoryStore = new Map<string, string>();

export function readItem(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return memoryStore.get(key) ?? null;
  }
}

export function writeItem(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or full storage: keep the value for this page view at least.
    memoryStore.set(key, value);
  }
}

function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  const c = globalThis.crypto;
  if (c && typeof c.getRandomValues === "function") c.getRandomValues(bytes);
  else for (let i = 0; i < length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return bytes;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Random UUID v4; works outside secure contexts and on old browsers. */
export function newSubmissionId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === "function") {
    try {
      return c.randomUUID();
    } catch {
      // Not a secure context: fall through.
    }
  }
  const bytes = randomBytes(16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * This browser's random device code (32 base64url characters), made once and kept in
 * localStorage. The server keeps only its hash, so one phone is counted once per survey.
 */
export function deviceToken(): string {
  let token = readItem(DEVICE_KEY);
  if (!token || !/^[\w-]{22,64}$/.test(token)) {
    token = btoa(String.fromCharCode(...randomBytes(24)))
      .replace(/\+/g, "-")
      .replace(/\//g, "_");
    writeItem(DEVICE_KEY, token);
  }
  return token;
}

export function freshState(): StoredState {
  return {
    version: 1,
    submissionId: newSubmissionId(),
    status: "draft",
    answers: {},
    sectionIndex: 0,
    updatedAt: new Date().toISOString(),
  };
}

export function loadState(code: string): StoredState {
  const raw = readItem(STATE_PREFIX + code);
  if (raw) {
    try {
      const parsed = JSON.parse(raw) as Partial<StoredState>;
      if (parsed && parsed.version === 1 && typeof parsed.submissionId === "string") {
        return {
          ...freshState(),
          ...parsed,
          answers: parsed.answers && typeof parsed.answers === "object" ? parsed.answers : {},
          sectionIndex: typeof parsed.sectionIndex === "number" ? parsed.sectionIndex : 0,
        } as StoredState;
      }
    } catch {
      // Corrupt entry: start again.
    }
  }
  const state = freshState();
  saveState(code, state);
  return state;
}

export function saveState(code: string, state: StoredState): void {
  writeItem(STATE_PREFIX + code, JSON.stringify({ ...state, updatedAt: new Date().toISOString() }));
}

/** Keeps only the receipt: individual answers are not left on a possibly shared phone. */
export function markSubmitted(
  code: string,
  state: StoredState,
  receipt: string,
  editable?: boolean,
): StoredState {
  const next: StoredState = {
    version: 1,
    submissionId: state.submissionId,
    status: "submitted",
    answers: {},
    sectionIndex: 0,
    receipt,
    submittedAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  };
  if (editable !== undefined) next.editable = editable;
  if (state.surveyTitle) next.surveyTitle = state.surveyTitle;
  if (state.unitName) next.unitName = state.unitName;
  saveState(code, next);
  return next;
}

export function loadCachedDefinition(code: string): SurveyDefinition | null {
  const raw = readItem(DEFINITION_PREFIX + code);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as SurveyDefinition;
  } catch {
    return null;
  }
}

// ---------- network ----------

function endpoint(code: string, suffix = ""): string {
  return `/api/public/s/${encodeURIComponent(code)}${suffix}`;
}

export async function request(url: string, lang: Lang, init: RequestInit = {}): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    return await fetch(url, {
      ...init,
      credentials: "same-origin",
      cache: "no-store",
      signal: controller.signal,
      headers: { Accept: "application/json", "Accept-Language": lang, ...init.headers },
    });
  } finally {
    clearTimeout(timer);
  }
}

export async function readProblem(response: Response): Promise<Problem & Record<string, unknown>> {
  try {
    return (await response.json()) as Problem & Record<string, unknown>;
  } catch {
    return { status: response.status };
  }
}

/** Retry-After as milliseconds (delta-seconds or HTTP date), or null. */
export function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/** Statuses that mean "not now": keep the answers and try again later. */
export function isTransient(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

export type LoadResult =
  | { kind: "ok"; survey: SurveyDefinition; fromCache: boolean }
  | { kind: "notFound" }
  | { kind: "closed"; detail: string | null }
  | { kind: "unavailable" };

export async function loadSurvey(code: string, lang: Lang): Promise<LoadResult> {
  try {
    const response = await request(endpoint(code), lang);
    if (response.ok) {
      const survey = (await response.json()) as SurveyDefinition;
      writeItem(DEFINITION_PREFIX + code, JSON.stringify(survey));
      return { kind: "ok", survey, fromCache: false };
    }
    if (response.status === 404) {
      // Unread, the body would keep the request (and its connection) open.
      void response.body?.cancel();
      return { kind: "notFound" };
    }
    if (response.status === 410)
      return { kind: "closed", detail: (await readProblem(response)).detail ?? null };
  } catch {
    // Network failure: try the copy saved on an earlier visit.
  }
  const cached = loadCachedDefinition(code);
  return cached ? { kind: "ok", survey: cached, fromCache: true } : { kind: "unavailable" };
}

export type MineResult =
  | { kind: "ok"; receipt: string | null; answers: Answers }
  | { kind: "notFound"; code: string | undefined }
  | { kind: "closed"; detail: string | null }
  | { kind: "error" };

/** This device's earlier answers, to prefill the form when editing them. */
export async function fetchMine(code: string, lang: Lang): Promise<MineResult> {
  try {
    const response = await request(endpoint(code, "/responses/mine"), lang, {
      headers: { "X-Device-Token": deviceToken() },
    });
    if (response.ok) {
      const body = (await response.json()) as { receipt?: unknown; answers?: unknown };
      const answers = body.answers && typeof body.answers === "object" ? (body.answers as Answers) : {};
      return { kind: "ok", receipt: typeof body.receipt === "string" ? body.receipt : null, answers };
    }
    if (response.status === 404) return { kind: "notFound", code: (await readProblem(response)).code };
    if (response.status === 410)
      return { kind: "closed", detail: (await readProblem(response)).detail ?? null };
  } catch {
    // Offline or timed out.
  }
  return { kind: "error" };
}

export interface SendBody {
  submissionId: string;
  answers: Answers;
  /** Honeypot: only sent when something filled it. */
  website?: string;
  altcha?: string;
}

export type SendResult =
  | { kind: "ok"; receipt: string }
  | { kind: "invalid"; detail: string | null; errors: FieldProblem[] }
  | { kind: "closed"; detail: string | null }
  | { kind: "notFound"; code: string | undefined }
  | { kind: "already"; receipt: string | null; editable: boolean }
  | { kind: "spam"; detail: string | null }
  | { kind: "challenge"; challenge: AltchaChallenge }
  | { kind: "retry"; retryAfterMs: number | null }
  | { kind: "rejected"; detail: string | null };

/** One attempt: POST a new response, or PUT to replace this device's earlier one. */
export async function sendResponse(
  code: string,
  method: "POST" | "PUT",
  body: SendBody,
  lang: Lang,
): Promise<SendResult> {
  const payload: Record<string, unknown> = {
    submissionId: body.submissionId,
    deviceToken: deviceToken(),
    answers: body.answers,
  };
  if (body.website) payload.website = body.website;
  if (body.altcha) payload.altcha = body.altcha;
  let response: Response;
  try {
    response = await request(endpoint(code, "/responses"), lang, {
      method,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    });
  } catch {
    // Offline, connection lost or timed out: the server may or may not have stored it.
    return { kind: "retry", retryAfterMs: null };
  }
  if (response.status === 200 || response.status === 201) {
    try {
      const ok = (await response.json()) as { receipt?: unknown };
      if (typeof ok.receipt === "string") return { kind: "ok", receipt: ok.receipt };
    } catch {
      // Truncated body on a flaky connection: the same submissionId is safe to resend.
    }
    return { kind: "retry", retryAfterMs: null };
  }
  if (isTransient(response.status)) {
    return { kind: "retry", retryAfterMs: parseRetryAfter(response.headers.get("Retry-After")) };
  }
  const problem = await readProblem(response);
  const detail = problem.detail ?? null;
  switch (response.status) {
    case 428:
      return isChallenge(problem.challenge)
        ? { kind: "challenge", challenge: problem.challenge }
        : { kind: "retry", retryAfterMs: null };
    case 409:
      if (problem.code === "already_answered") {
        const receipt = typeof problem.receipt === "string" ? problem.receipt : null;
        return { kind: "already", receipt, editable: problem.editable === true };
      }
      // e.g. `submission_conflict`: the submission id belongs elsewhere and is replaced.
      return { kind: "invalid", detail, errors: problem.errors ?? [] };
    case 410:
      return { kind: "closed", detail };
    case 404:
      return { kind: "notFound", code: problem.code };
    case 400:
      if (problem.code === "spam_suspected") return { kind: "spam", detail };
      return { kind: "invalid", detail, errors: problem.errors ?? [] };
    case 422:
      return { kind: "invalid", detail, errors: problem.errors ?? [] };
  }
  return { kind: "rejected", detail };
}

/**
 * A proof of work fetched (`GET /challenge`) and solved in the background while the parent
 * answers, so that pressing "Gửi phiếu" does not wait for it. Its solution is handed out once
 * (`take`), and only while fresh; without one the answer goes out bare and the server's 428 brings
 * a challenge to solve then, as for a queued answer sent much later.
 */
export class AdvanceProof {
  private cancelled = false;
  private settledAt: number | null = null;
  private fetchedAt = 0;
  private solution: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private release: () => void = () => {};
  private readonly done: Promise<void>;
  /** True once a submission has taken this proof (used or not, it is not given twice). */
  claimed = false;

  constructor(code: string, lang: Lang) {
    this.done = new Promise<void>((resolve) => {
      this.release = resolve;
    });
    // It starts once the parent begins answering (the first tap or key), so that the page's own
    // loading never competes with the hashing; a page nobody touches does no work.
    const begin = () => {
      this.stopListening();
      this.timer = setTimeout(() => {
        void this.solve(code, lang).finally(() => {
          this.settledAt = Date.now();
          this.release();
        });
      }, PROOF_START_DELAY_MS);
    };
    this.stopListening = () => {
      for (const type of START_EVENTS) globalThis.removeEventListener?.(type, begin);
    };
    for (const type of START_EVENTS) globalThis.addEventListener?.(type, begin, { passive: true });
  }

  private stopListening: () => void = () => {};

  private async solve(code: string, lang: Lang): Promise<void> {
    if (this.cancelled) return;
    let challenge: AltchaChallenge;
    try {
      const response = await request(endpoint(code, "/challenge"), lang);
      if (!response.ok) {
        void response.body?.cancel();
        return;
      }
      const body = (await response.json()) as { challenge?: unknown };
      if (!isChallenge(body.challenge)) return;
      challenge = body.challenge;
    } catch {
      // Offline: the answer will be sent bare and the server's 428 brings a challenge then.
      return;
    }
    this.fetchedAt = Date.now();
    const started = performance.now();
    this.solution = await solveChallenge(challenge, () => this.cancelled);
    if (this.solution) {
      try {
        performance.measure(PROOF_MEASURE, { start: started, end: performance.now() });
      } catch {
        // Old browsers without User Timing level 3: nothing to record.
      }
    }
  }

  /** Whether the solve has finished (solved, failed or cancelled). */
  get settled(): boolean {
    return this.settledAt !== null;
  }

  /** The solution, once, after the solve finishes; null when there is none or it is too old. */
  async take(): Promise<{ solution: string; fetchedAt: number } | null> {
    this.claimed = true;
    await this.done;
    const solution = this.solution;
    this.solution = null;
    if (!solution || this.cancelled || Date.now() - this.fetchedAt > PROOF_FRESH_MS) return null;
    return { solution, fetchedAt: this.fetchedAt };
  }

  /** Stops the solve (the parent left the survey); `take` then gives nothing. */
  cancel(): void {
    this.cancelled = true;
    this.stopListening();
    clearTimeout(this.timer);
    this.release();
  }
}

export function backoffDelay(attempt: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 2000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export type SubmitterEvent =
  | { kind: "sending" }
  | { kind: "verifying" }
  | { kind: "waiting"; retryAt: number }
  | Exclude<SendResult, { kind: "retry" } | { kind: "challenge" }>;

/**
 * Sends one submission until it gets a definitive answer: retries with exponential backoff on
 * network errors, timeouts, 408/425/429 and 5xx (honouring Retry-After), immediately when the
 * browser comes back online, and solves a proof-of-work challenge (428) before resending.
 */
export class Submitter {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private challenges = 0;
  private inFlight = false;
  private stopped = false;
  /** When the solution in `body.altcha` was issued (this browser's clock). */
  private altchaAt = 0;
  private readonly onOnline = () => this.retryNow();

  /** `proof`: one solved in the background while the parent answered, sent with the first attempt. */
  constructor(
    private readonly code: string,
    private readonly method: "POST" | "PUT",
    private body: SendBody,
    private readonly getLang: () => Lang,
    private readonly onEvent: (event: SubmitterEvent) => void,
    private proof?: AdvanceProof,
  ) {
    if (proof) proof.claimed = true;
  }

  start(): void {
    window.addEventListener("online", this.onOnline);
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.proof?.cancel();
    clearTimeout(this.timer);
    window.removeEventListener("online", this.onOnline);
  }

  retryNow(): void {
    if (this.stopped || this.inFlight) return;
    clearTimeout(this.timer);
    void this.run();
  }

  private async run(): Promise<void> {
    this.inFlight = true;
    this.attempt += 1;
    const proof = this.proof;
    if (proof) {
      // Still solving when the parent pressed send: wait for it rather than be asked for another.
      if (!proof.settled) this.onEvent({ kind: "verifying" });
      const taken = await proof.take();
      this.proof = undefined;
      if (this.stopped) return;
      if (taken) {
        this.body = { ...this.body, altcha: taken.solution };
        this.altchaAt = taken.fetchedAt;
      }
    }
    // A solution past its challenge's life would be refused (and counted as a refusal): the
    // server's 428 brings a fresh challenge instead.
    if (this.body.altcha && Date.now() - this.altchaAt > PROOF_FRESH_MS) {
      this.body = { ...this.body, altcha: undefined };
    }
    this.onEvent({ kind: "sending" });
    let result = await sendResponse(this.code, this.method, this.body, this.getLang());
    if (result.kind === "challenge" && !this.stopped) {
      this.onEvent({ kind: "verifying" });
      const solvedFrom = Date.now();
      const solution =
        ++this.challenges <= MAX_CHALLENGES_IN_A_ROW
          ? await solveChallenge(result.challenge, () => this.stopped)
          : null;
      if (this.stopped) return;
      if (solution) {
        this.body = { ...this.body, altcha: solution };
        this.altchaAt = solvedFrom;
        this.attempt = 0;
        return this.run();
      }
      this.challenges = 0;
      result = { kind: "retry", retryAfterMs: null };
    }
    this.inFlight = false;
    if (this.stopped) return;
    if (result.kind === "retry" || result.kind === "challenge") {
      const delay = result.kind === "retry" ? (result.retryAfterMs ?? backoffDelay(this.attempt)) : 0;
      const bounded = Math.min(Math.max(delay, 1000), 10 * 60_000);
      this.timer = setTimeout(() => void this.run(), bounded);
      this.onEvent({ kind: "waiting", retryAt: Date.now() + bounded });
      return;
    }
    this.stop();
    this.onEvent(result);
  }
}
