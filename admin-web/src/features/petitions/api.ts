import { ApiError, apiFetch } from "../../api/client";
import { getLang, t } from "../../i18n";

export const PETITION_KINDS = [
  "reflection",
  "recommendation",
  "suggestion",
  "question",
  "complaint",
  "denunciation",
] as const;
export type PetitionKind = (typeof PETITION_KINDS)[number];

export const PETITION_STATES = [
  "received",
  "acknowledged",
  "assigned",
  "in_progress",
  "awaiting_info",
  "answered",
  "closed",
  "forwarded",
  "rejected",
  "withdrawn",
  "reopened",
] as const;
export type PetitionState = (typeof PETITION_STATES)[number];

/** How close an open case is to its answer-by day, as the server computes it (working days). */
export const DUE_STATUSES = ["overdue", "due_today", "due_soon", "on_track", "done"] as const;
export type DueStatus = (typeof DUE_STATUSES)[number];

/** Channels staff register by hand; citizens' own submissions arrive as "web". */
export const REGISTER_CHANNELS = ["paper", "phone", "email", "in_person", "survey_comment"] as const;
export type RegisterChannel = (typeof REGISTER_CHANNELS)[number];
export type PetitionChannel = RegisterChannel | "web";

export type Outcome = "early" | "on_time" | "late";

/** The moves staff can make in the console (the citizen's own are withdraw and reopen). */
export type StaffEvent =
  | "acknowledge"
  | "assign"
  | "start"
  | "request_info"
  | "info_received"
  | "answer"
  | "close"
  | "forward"
  | "reject";

export interface PetitionSummary {
  id: string;
  trackingCode: string;
  unitId: string;
  kind: PetitionKind;
  channel: PetitionChannel;
  subject: string;
  state: PetitionState;
  receivedAt: string;
  acknowledgeBy: string;
  dueBy: string;
  due: DueStatus;
  outcome: Outcome | null;
  assigneeUserId: string | null;
  assigneeUnitId: string | null;
  paused: boolean;
}

export interface HistoryEntry {
  at: string;
  actor: "staff" | "citizen" | "system";
  actorName: string | null;
  event: string;
  fromState: string | null;
  toState: string | null;
  public: boolean;
  note: string | null;
  /** Recorded by `actorName` at the sender's request, and how they asked; newer servers only. */
  onBehalfOf?: { via: OnBehalfVia } | null;
}

/** How a sender asked the school to withdraw or reopen their case for them. */
export const ON_BEHALF_VIA = ["phone", "in_person", "letter", "email"] as const;
export type OnBehalfVia = (typeof ON_BEHALF_VIA)[number];

/**
 * Records the sender's own request (withdraw, reopen) made by phone, in person, by letter or email:
 * the sender's rules apply, and it is recorded as the caller's act on their behalf.
 */
export function actOnBehalf(
  id: string,
  input: { action: "withdraw" | "reopen"; via: OnBehalfVia; note: string },
): Promise<{ id: string; state: PetitionState; outcome: Outcome | null; dueBy: string }> {
  return apiFetch(`${casePath(id)}/on-behalf`, { method: "POST", body: input });
}

export interface PetitionContact {
  name: string | null;
  phone: string | null;
  email: string | null;
}

export interface PetitionAttachment {
  id: string;
  filename: string;
  mediaType: string;
  size: number;
  uploadedBy: "citizen" | "staff";
  url: string;
}

export interface PetitionDetail extends PetitionSummary {
  content: string;
  consentToContact: boolean;
  consentToPublish: boolean;
  acknowledgedAt: string | null;
  acknowledgeOutcome: Outcome | null;
  answeredAt: string | null;
  closedAt: string | null;
  answer: string | null;
  forwardedTo: string | null;
  rejectReason: string | null;
  rating: { value: "satisfied" | "not_satisfied"; reason: string | null; at: string } | null;
  /** Absent when the role may not see who sent it (contactHidden); null when none was left. */
  contact?: PetitionContact | null;
  contactHidden: boolean;
  /** Files sent with the case; newer servers only. Hidden (empty) for a denunciation's oversight. */
  attachments?: PetitionAttachment[];
  attachmentsHidden?: boolean;
  /** The redacted question and answer published on the unit's public page; newer servers only. */
  publication?: Publication | null;
  allowedEvents: string[];
  history: HistoryEntry[];
}

export interface Publication {
  question: string;
  answer: string;
  publishedAt: string;
}

export interface InboxFilters {
  state: string;
  kind: string;
  due: string;
  q: string;
  mine: boolean;
}

export const NO_FILTERS: InboxFilters = { state: "", kind: "", due: "", q: "", mine: false };

export interface TransitionInput {
  event: StaffEvent;
  publicNote?: string;
  answer?: string;
  assigneeUserId?: string | null;
  assigneeUnitId?: string | null;
  forwardedTo?: string;
  rejectReason?: string;
  /** The texts the tracking page shows were checked: send them despite personal data found. */
  confirmPersonalData?: boolean;
}

export interface NewPetition {
  kind: PetitionKind;
  channel: RegisterChannel;
  subject: string;
  content: string;
  /** ISO 8601 with its offset. */
  receivedAt: string;
  contact?: { name?: string; phone?: string; email?: string };
  consentToContact: boolean;
  consentToPublish: boolean;
}

export interface ApologyInput {
  number: string;
  /** YYYY-MM-DD, after today. */
  newDate: string;
  place: string;
  signerTitle?: string;
  signerName: string;
}

const casePath = (id: string) => `/api/admin/petitions/${encodeURIComponent(id)}`;

export function fetchPetitions(unitId: string, filters: InboxFilters): Promise<{ items: PetitionSummary[] }> {
  const params = new URLSearchParams({ unitId });
  if (filters.state) params.set("state", filters.state);
  if (filters.kind) params.set("kind", filters.kind);
  if (filters.due) params.set("due", filters.due);
  if (filters.q.trim()) params.set("q", filters.q.trim());
  if (filters.mine) params.set("assignee", "me");
  return apiFetch(`/api/admin/petitions?${params.toString()}`);
}

export function fetchPetition(id: string): Promise<PetitionDetail> {
  return apiFetch(casePath(id));
}

export function transition(
  id: string,
  input: TransitionInput,
): Promise<{ id: string; state: PetitionState; outcome: Outcome | null; dueBy: string }> {
  return apiFetch(`${casePath(id)}/transitions`, { method: "POST", body: input });
}

/** Why a complaint's or denunciation's time to resolve it is extended. */
export const EXTENSION_REASONS = ["complex", "especially_complex"] as const;
export type ExtensionReason = (typeof EXTENSION_REASONS)[number];

/** Only these kinds have a resolution time the law lets the school extend. */
export const EXTENDABLE_KINDS: readonly PetitionKind[] = ["complaint", "denunciation"];

export interface ExtendInput {
  reason: ExtensionReason;
  /** Denunciations only: 1 to 30 (the server's default is 30). */
  days?: number;
  note?: string;
}

/** Extends the time to resolve a complaint or denunciation; answers the case's new state and deadline. */
export function extendPetition(
  id: string,
  input: ExtendInput,
): Promise<Pick<PetitionDetail, "id" | "state" | "outcome" | "dueBy">> {
  return apiFetch(`${casePath(id)}/extend`, { method: "POST", body: input });
}

export function addNote(id: string, note: string): Promise<void> {
  return apiFetch(`${casePath(id)}/notes`, { method: "POST", body: { note } });
}

export function recordApology(id: string, input: ApologyInput): Promise<{ pdfUrl: string }> {
  return apiFetch(`${casePath(id)}/apology`, { method: "POST", body: input });
}

export function apologyPdfHref(id: string): string {
  return `${casePath(id)}/apology.pdf`;
}

export function registerPetition(
  unitId: string,
  input: NewPetition,
): Promise<{ id: string; trackingCode: string; citizenKey: string; acknowledgeBy: string; dueBy: string }> {
  return apiFetch(`/api/admin/units/${encodeURIComponent(unitId)}/petitions`, {
    method: "POST",
    body: input,
  });
}

/** Largest file the server accepts (10 MB), checked before sending. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_TYPES = ["image/jpeg", "image/png", "application/pdf"] as const;

/** Staff add a file to a case: the raw bytes, the type checked by the server from the content. */
export async function uploadAttachment(
  id: string,
  file: File,
): Promise<Omit<PetitionAttachment, "uploadedBy">> {
  let response: Response;
  try {
    response = await fetch(`${casePath(id)}/attachments?name=${encodeURIComponent(file.name)}`, {
      method: "POST",
      body: file,
      credentials: "same-origin",
      headers: {
        "Content-Type": file.type || "application/octet-stream",
        Accept: "application/json, application/problem+json",
        "Accept-Language": getLang(),
      },
    });
  } catch {
    throw new ApiError(0, { detail: t("errNetwork") });
  }
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok)
    throw new ApiError(
      response.status,
      (data && typeof data === "object" ? data : {}) as ConstructorParameters<typeof ApiError>[1],
    );
  return data as Omit<PetitionAttachment, "uploadedBy">;
}

export function publish(
  id: string,
  input: { question: string; answer: string; confirmPersonalData?: boolean },
): Promise<Publication> {
  return apiFetch(`${casePath(id)}/publication`, { method: "PUT", body: input });
}

export function unpublish(id: string): Promise<void> {
  return apiFetch(`${casePath(id)}/publication`, { method: "DELETE" });
}
