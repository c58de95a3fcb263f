// Network and storage for petitions. Framework-free, like ../submission.ts whose helpers it reuses.
import {
  backoffDelay,
  isTransient,
  newSubmissionId,
  parseRetryAfter,
  readItem,
  readProblem,
  request,
  writeItem,
} from "../submission";
import type { FieldProblem, Lang } from "../types";
import type {
  AttachmentRef,
  PetitionKind,
  PetitionPayload,
  PetitionReceipt,
  RatingReason,
  RatingValue,
  Tracking,
  UnitInfo,
} from "./types";

const STATE_PREFIX = "gopy.petition.";
const UNIT_PREFIX = "gopy.petition-unit.";
export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const ACCEPTED_TYPES = ["image/jpeg", "image/png", "application/pdf"];
/** The server removes uploads that no case claimed after a day; stop trusting them a little earlier. */
const ATTACHMENT_TTL_MS = 23 * 3600_000;
const UPLOAD_TIMEOUT_MS = 5 * 60_000;

// ---------- the draft kept on the phone ----------

export interface PetitionFields {
  kind: PetitionKind | null;
  subject: string;
  content: string;
  name: string;
  phone: string;
  email: string;
  consentToContact: boolean;
  consentToPublish: boolean;
}

export interface StoredReceipt extends PetitionReceipt {
  kind: PetitionKind;
  emailSent: boolean;
  unitName?: string;
}

export interface StoredPetition {
  version: 1;
  /** Made by the browser, kept until the server confirms: resending it never registers twice. */
  submissionId: string;
  status: "draft" | "pending" | "submitted";
  fields: PetitionFields;
  attachments: AttachmentRef[];
  /** Exactly what is being sent while status is "pending". */
  pending?: PetitionPayload;
  /** After confirmation: only the tracking code and deadlines stay, nothing personal. */
  receipt?: StoredReceipt;
  updatedAt: string;
}

export function emptyFields(): PetitionFields {
  return {
    kind: null,
    subject: "",
    content: "",
    name: "",
    phone: "",
    email: "",
    consentToContact: false,
    consentToPublish: false,
  };
}

export function freshPetition(): StoredPetition {
  return {
    version: 1,
    submissionId: newSubmissionId(),
    status: "draft",
    fields: emptyFields(),
    attachments: [],
    updatedAt: new Date().toISOString(),
  };
}

export function loadPetition(slug: string): StoredPetition {
  const raw = readItem(STATE_PREFIX + slug);
  if (raw) {
    try {
      const parsed = JSON.parse(raw) as Partial<StoredPetition>;
      if (parsed?.version === 1 && typeof parsed.submissionId === "string") {
        const now = Date.now();
        const attachments = (Array.isArray(parsed.attachments) ? parsed.attachments : []).map((a) =>
          now - Date.parse(a.uploadedAt) > ATTACHMENT_TTL_MS ? { ...a, expired: true } : a,
        );
        return {
          ...freshPetition(),
          ...parsed,
          fields: { ...emptyFields(), ...parsed.fields },
          attachments,
        } as StoredPetition;
      }
    } catch {
      // Corrupt entry: start again.
    }
  }
  return freshPetition();
}

export function savePetition(slug: string, state: StoredPetition): void {
  writeItem(STATE_PREFIX + slug, JSON.stringify({ ...state, updatedAt: new Date().toISOString() }));
}

/** Keeps only the receipt: names, phone numbers and the text do not stay on a possibly shared phone. */
export function markSent(slug: string, state: StoredPetition, receipt: StoredReceipt): StoredPetition {
  const next: StoredPetition = {
    version: 1,
    submissionId: state.submissionId,
    status: "submitted",
    fields: emptyFields(),
    attachments: [],
    receipt,
    updatedAt: new Date().toISOString(),
  };
  savePetition(slug, next);
  return next;
}

// ---------- the unit ----------

export type UnitResult = { kind: "ok"; unit: UnitInfo } | { kind: "notFound" } | { kind: "unavailable" };

export function cachedUnit(slug: string): UnitInfo | null {
  const raw = readItem(UNIT_PREFIX + slug);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as UnitInfo;
  } catch {
    return null;
  }
}

export async function loadUnit(slug: string, lang: Lang): Promise<UnitResult> {
  try {
    const response = await request(`/api/public/units/${encodeURIComponent(slug)}`, lang);
    if (response.ok) {
      const unit = (await response.json()) as UnitInfo;
      writeItem(UNIT_PREFIX + slug, JSON.stringify(unit));
      return { kind: "ok", unit };
    }
    if (response.status === 404) return { kind: "notFound" };
  } catch {
    // Offline: the form still works, the message waits on the phone.
  }
  return { kind: "unavailable" };
}

// ---------- attachments ----------

export type UploadResult =
  | { kind: "ok"; ref: AttachmentRef }
  | { kind: "type" }
  | { kind: "size" }
  | { kind: "empty" }
  | { kind: "network" }
  | { kind: "failed"; detail: string | null; retryAfterMs: number | null };

export interface Upload {
  result: Promise<UploadResult>;
  abort(): void;
}

function problemDetail(text: string): { detail: string | null; code: string | null } {
  try {
    const body = JSON.parse(text) as { detail?: unknown; code?: unknown };
    return {
      detail: typeof body.detail === "string" ? body.detail : null,
      code: typeof body.code === "string" ? body.code : null,
    };
  } catch {
    return { detail: null, code: null };
  }
}

/**
 * Sends one file as the raw request body. XMLHttpRequest rather than fetch: it reports upload
 * progress. The server checks what the file is from its content, whatever its name or type says.
 */
export function uploadAttachment(
  slug: string,
  file: File,
  lang: Lang,
  onProgress: (fraction: number) => void,
): Upload {
  const xhr = new XMLHttpRequest();
  const result = new Promise<UploadResult>((resolve) => {
    xhr.open(
      "POST",
      `/api/public/units/${encodeURIComponent(slug)}/attachments?name=${encodeURIComponent(file.name)}`,
    );
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Accept-Language", lang);
    xhr.timeout = UPLOAD_TIMEOUT_MS;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const status = xhr.status;
      if (status === 201 || status === 200) {
        try {
          const body = JSON.parse(xhr.responseText) as Omit<AttachmentRef, "uploadedAt">;
          if (typeof body.id === "string") {
            resolve({ kind: "ok", ref: { ...body, uploadedAt: new Date().toISOString() } });
            return;
          }
        } catch {
          // Fall through: a truncated answer, try again.
        }
        resolve({ kind: "network" });
        return;
      }
      const { detail, code } = problemDetail(xhr.responseText);
      if (status === 415 || code === "attachment_type") resolve({ kind: "type" });
      else if (status === 413) resolve({ kind: "size" });
      else if (code === "attachment_empty") resolve({ kind: "empty" });
      else if (status === 0) resolve({ kind: "network" });
      else
        resolve({
          kind: "failed",
          detail: isTransient(status) && status !== 429 ? null : detail,
          retryAfterMs: parseRetryAfter(xhr.getResponseHeader("Retry-After")),
        });
    };
    xhr.onerror = () => resolve({ kind: "network" });
    xhr.ontimeout = () => resolve({ kind: "network" });
    xhr.onabort = () => resolve({ kind: "network" });
    xhr.send(file);
  });
  return { result, abort: () => xhr.abort() };
}

// ---------- sending the petition ----------

export type SendResult =
  | { kind: "ok"; receipt: PetitionReceipt }
  | { kind: "invalid"; detail: string | null; errors: FieldProblem[] }
  | { kind: "spam"; detail: string | null }
  | { kind: "notFound" }
  | { kind: "retry"; retryAfterMs: number | null }
  | { kind: "rejected"; detail: string | null };

export async function sendPetition(slug: string, payload: PetitionPayload, lang: Lang): Promise<SendResult> {
  let response: Response;
  try {
    response = await request(`/api/public/units/${encodeURIComponent(slug)}/petitions`, lang, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    });
  } catch {
    // Offline, connection lost or timed out: the server may or may not have it; the id makes a resend safe.
    return { kind: "retry", retryAfterMs: null };
  }
  if (response.status === 200 || response.status === 201) {
    try {
      const body = (await response.json()) as PetitionReceipt;
      if (typeof body.trackingCode === "string") return { kind: "ok", receipt: body };
    } catch {
      // Truncated body: the same submissionId is safe to resend.
    }
    return { kind: "retry", retryAfterMs: null };
  }
  if (isTransient(response.status)) {
    return { kind: "retry", retryAfterMs: parseRetryAfter(response.headers.get("Retry-After")) };
  }
  const problem = await readProblem(response);
  const detail = problem.detail ?? null;
  if (response.status === 404) return { kind: "notFound" };
  if (response.status === 400 && problem.code === "spam_suspected") return { kind: "spam", detail };
  if (response.status === 422 || response.status === 409 || response.status === 400) {
    return { kind: "invalid", detail, errors: problem.errors ?? [] };
  }
  return { kind: "rejected", detail };
}

export type SenderEvent =
  | { kind: "sending" }
  | { kind: "waiting"; retryAt: number }
  | Exclude<SendResult, { kind: "retry" }>;

/**
 * Sends one petition until it gets a definitive answer: retries with exponential backoff on network
 * errors, timeouts, 408/425/429 and 5xx (honouring Retry-After), and at once when the browser comes
 * back online. Always with the same submissionId, so the server registers it once.
 */
export class PetitionSender {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private inFlight = false;
  private stopped = false;
  private readonly onOnline = () => this.retryNow();

  constructor(
    private readonly slug: string,
    private readonly payload: PetitionPayload,
    private readonly getLang: () => Lang,
    private readonly onEvent: (event: SenderEvent) => void,
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
    const result = await sendPetition(this.slug, this.payload, this.getLang());
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

// ---------- tracking ----------

export type TrackResult =
  | { kind: "ok"; tracking: Tracking }
  | { kind: "notFound" }
  /** A staff session in this browser: citizen actions are the sender's own. */
  | { kind: "staff"; detail: string | null }
  | { kind: "tooMany"; detail: string | null; retryAfterMs: number | null }
  | { kind: "unavailable" };

const caseUrl = (code: string, suffix = "") => `/api/public/petitions/${encodeURIComponent(code)}${suffix}`;
/** The sender's key goes in a header, never in the URL. */
const keyHeaders = (key: string | null): Record<string, string> => (key ? { "X-Citizen-Key": key } : {});

export async function fetchTracking(code: string, key: string | null, lang: Lang): Promise<TrackResult> {
  try {
    const response = await request(caseUrl(code), lang, { headers: keyHeaders(key) });
    if (response.ok) return { kind: "ok", tracking: (await response.json()) as Tracking };
    if (response.status === 404) return { kind: "notFound" };
    if (response.status === 403)
      return { kind: "staff", detail: (await readProblem(response)).detail ?? null };
    if (response.status === 429) {
      return {
        kind: "tooMany",
        detail: (await readProblem(response)).detail ?? null,
        retryAfterMs: parseRetryAfter(response.headers.get("Retry-After")),
      };
    }
  } catch {
    // Offline or timed out.
  }
  return { kind: "unavailable" };
}

export type ActionResult =
  | { kind: "ok"; tracking: Tracking }
  | { kind: "invalid"; detail: string | null; errors: FieldProblem[] }
  | { kind: "refused"; detail: string | null }
  | { kind: "network" };

export type CitizenAction =
  | { action: "rating"; body: { rating: RatingValue; reason?: RatingReason } }
  | { action: "reopen"; body: { reason: string } }
  | { action: "withdraw"; body: { reason?: string } };

/** Rating, reopening or withdrawing: one attempt, the person sees the outcome and may try again. */
export async function citizenAction(
  code: string,
  key: string | null,
  input: CitizenAction,
  lang: Lang,
): Promise<ActionResult> {
  let response: Response;
  try {
    response = await request(caseUrl(code, `/${input.action}`), lang, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...keyHeaders(key) },
      body: JSON.stringify(input.body),
    });
  } catch {
    return { kind: "network" };
  }
  if (response.ok) {
    try {
      return { kind: "ok", tracking: (await response.json()) as Tracking };
    } catch {
      return { kind: "network" };
    }
  }
  const problem = await readProblem(response);
  const detail = problem.detail ?? null;
  if (response.status === 422) return { kind: "invalid", detail, errors: problem.errors ?? [] };
  if (isTransient(response.status) && response.status !== 429) return { kind: "network" };
  return { kind: "refused", detail };
}
