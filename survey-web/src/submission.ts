// Network and storage logic for the public survey. Framework-free on purpose.
import type { Answers, FieldProblem, Lang, LocalizedText, Problem, SurveyDefinition } from "./types";

const STATE_PREFIX = "gopy.survey.";
const DEFINITION_PREFIX = "gopy.survey-def.";
const REQUEST_TIMEOUT_MS = 20_000;
const MAX_BACKOFF_MS = 60_000;

export type SubmissionStatus = "draft" | "pending" | "submitted";

export interface StoredState {
  version: 1;
  submissionId: string;
  status: SubmissionStatus;
  answers: Answers;
  sectionIndex: number;
  /** Exact answers being sent while status is "pending". */
  pendingAnswers?: Answers;
  receipt?: string;
  submittedAt?: string;
  surveyTitle?: LocalizedText;
  unitName?: string;
  updatedAt: string;
}

// ---------- storage ----------

const memoryStore = new Map<string, string>();

function readItem(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return memoryStore.get(key) ?? null;
  }
}

function writeItem(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or full storage: keep the value for this page view at least.
    memoryStore.set(key, value);
  }
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
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === "function") c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function freshState(): StoredState {
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
export function markSubmitted(code: string, state: StoredState, receipt: string): StoredState {
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

async function request(url: string, lang: Lang, init: RequestInit = {}): Promise<Response> {
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

async function readProblem(response: Response): Promise<Problem> {
  try {
    return (await response.json()) as Problem;
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

export type LoadResult =
  | { kind: "ok"; survey: SurveyDefinition; fromCache: boolean }
  | { kind: "notFound" }
  | { kind: "closed" }
  | { kind: "unavailable" };

export async function loadSurvey(code: string, lang: Lang): Promise<LoadResult> {
  try {
    const response = await request(endpoint(code), lang);
    if (response.ok) {
      const survey = (await response.json()) as SurveyDefinition;
      writeItem(DEFINITION_PREFIX + code, JSON.stringify(survey));
      return { kind: "ok", survey, fromCache: false };
    }
    if (response.status === 404) return { kind: "notFound" };
    if (response.status === 410) return { kind: "closed" };
  } catch {
    // Network failure: try the copy saved on an earlier visit.
  }
  const cached = loadCachedDefinition(code);
  return cached ? { kind: "ok", survey: cached, fromCache: true } : { kind: "unavailable" };
}

export type SendResult =
  | { kind: "ok"; receipt: string }
  | { kind: "invalid"; detail: string | null; errors: FieldProblem[] }
  | { kind: "closed" }
  | { kind: "notFound" }
  | { kind: "retry"; retryAfterMs: number | null }
  | { kind: "rejected"; detail: string | null };

export async function sendResponse(
  code: string,
  submissionId: string,
  answers: Answers,
  lang: Lang,
): Promise<SendResult> {
  let response: Response;
  try {
    response = await request(endpoint(code, "/responses"), lang, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ submissionId, answers }),
    });
  } catch {
    return { kind: "retry", retryAfterMs: null };
  }
  if (response.status === 200 || response.status === 201) {
    try {
      const body = (await response.json()) as { receipt?: unknown };
      if (typeof body.receipt === "string") return { kind: "ok", receipt: body.receipt };
    } catch {
      // Truncated body on a flaky connection: the same submissionId is safe to resend.
    }
    return { kind: "retry", retryAfterMs: null };
  }
  if (response.status === 429 || response.status >= 500 || response.status === 408) {
    return { kind: "retry", retryAfterMs: parseRetryAfter(response.headers.get("Retry-After")) };
  }
  if (response.status === 410) return { kind: "closed" };
  if (response.status === 404) return { kind: "notFound" };
  const problem = await readProblem(response);
  if (response.status === 422 || response.status === 400) {
    return { kind: "invalid", detail: problem.detail ?? null, errors: problem.errors ?? [] };
  }
  return { kind: "rejected", detail: problem.detail ?? null };
}

export function backoffDelay(attempt: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 2000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export type SubmitterEvent =
  | { kind: "sending" }
  | { kind: "waiting"; retryAt: number }
  | Exclude<SendResult, { kind: "retry" }>;

/**
 * Sends one submission until it gets a definitive answer, retrying with backoff on
 * network errors, 5xx and 429 (honouring Retry-After) and immediately when back online.
 */
export class Submitter {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private inFlight = false;
  private stopped = false;
  private readonly onOnline = () => this.retryNow();

  constructor(
    private readonly code: string,
    private readonly submissionId: string,
    private readonly answers: Answers,
    private readonly getLang: () => Lang,
    private readonly onEvent: (event: SubmitterEvent) => void,
  ) {}

  start(): void {
    window.addEventListener("online", this.onOnline);
    void this.run();
  }

  stop(): void {
    this.stopped = true;
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
    this.onEvent({ kind: "sending" });
    const result = await sendResponse(this.code, this.submissionId, this.answers, this.getLang());
    this.inFlight = false;
    if (this.stopped) return;
    if (result.kind === "retry") {
      const delay = result.retryAfterMs ?? backoffDelay(this.attempt);
      const bounded = Math.min(Math.max(delay, 1000), 10 * 60_000);
      this.timer = setTimeout(() => void this.run(), bounded);
      this.onEvent({ kind: "waiting", retryAt: Date.now() + bounded });
      return;
    }
    this.stop();
    this.onEvent(result);
  }
}
