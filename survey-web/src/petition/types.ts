// Shapes of the public petition API (api/src/routes/public/petitions.ts).

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

/** States in which the citizen may still withdraw (the API's `withdraw` rule). */
export const WITHDRAWABLE: readonly PetitionState[] = [
  "received",
  "acknowledged",
  "assigned",
  "in_progress",
  "awaiting_info",
  "reopened",
];
/** States in which the answer can be rated or the case reopened. */
export const ANSWERED: readonly PetitionState[] = ["answered", "closed"];

export const RATING_REASONS = ["vague", "no_evidence", "not_resolved", "slow"] as const;
export type RatingReason = (typeof RATING_REASONS)[number];
export type RatingValue = "satisfied" | "not_satisfied";

export type Outcome = "early" | "on_time" | "late";

export interface UnitInfo {
  slug: string;
  name: string;
  kind: string;
  petitionKinds: string[];
}

export interface AttachmentRef {
  id: string;
  filename: string;
  mediaType: string;
  size: number;
  /** When it was uploaded: the server drops files no case claimed within a day. */
  uploadedAt: string;
  /** The server no longer knows it: it must be removed and picked again. */
  expired?: boolean;
}

export interface PetitionPayload {
  submissionId: string;
  kind: PetitionKind;
  subject: string;
  content: string;
  contact?: { name?: string; phone?: string; email?: string };
  consentToContact: boolean;
  consentToPublish: boolean;
  attachments?: string[];
  /** Honeypot: only sent when something filled it. */
  website?: string;
}

export interface PetitionReceipt {
  trackingCode: string;
  /** The sender's secret key: following, rating, reopening and withdrawing need it. */
  citizenKey?: string;
  acknowledgeBy: string;
  dueBy: string;
}

export interface TrackingEvent {
  at: string;
  event: string;
  state: string | null;
  note: string | null;
  /** Recorded by the unit at the sender's request (by phone, in person…). */
  onBehalfOfSender?: boolean;
}

/** Why the time to resolve a complaint or denunciation was extended. */
export type ExtensionReason = "complex" | "especially_complex";

/** How the answer-by deadline is counted, and the law it follows. */
export interface TrackingClock {
  countedFrom: "receipt" | "acceptance";
  law: "citizen_reception" | "complaints" | "denunciations";
  /** When the complaint or denunciation was accepted (thụ lý); null before. */
  acceptedAt: string | null;
  extensions: { at: string; reason: ExtensionReason; answerBy: string }[];
}

export interface Tracking {
  trackingCode: string;
  unit: { name: string };
  kind: PetitionKind;
  state: PetitionState;
  receivedAt: string;
  acknowledgeBy: string;
  dueBy: string;
  acknowledgedAt: string | null;
  answeredAt: string | null;
  closedAt: string | null;
  outcome: Outcome | null;
  answer: string | null;
  forwardedTo: string | null;
  rejectReason: string | null;
  rating: { value: RatingValue; at: string | null } | null;
  history: TrackingEvent[];
  /** Absent from older servers. */
  clock?: TrackingClock;
}

/** `DEMO-2611-7Q4MXK`: as the API checks it. */
export const TRACKING_CODE = /^[A-Z0-9]{1,6}-\d{4}-[2-9A-HJ-NP-Z]{6}$/;

/** The sender's key, `K7QM4XR2PT`: ten characters without 0/O/1/I. */
const CITIZEN_KEY = /^[2-9A-HJ-NP-Z]{10}$/;

/** The key as typed (any case, spaces or dashes between groups), or null when it is not one. */
export function normalizeKey(raw: string | null | undefined): string | null {
  const key = (raw ?? "").replace(/[\s-]/g, "").toUpperCase();
  return CITIZEN_KEY.test(key) ? key : null;
}

/** The key shown in two groups of five, easier to read out and type. */
export const groupKey = (key: string) => `${key.slice(0, 5)} ${key.slice(5)}`;

/** The sender's link: the key in the fragment never reaches a server or a log. */
export const trackingHref = (code: string, key: string | null | undefined) =>
  `/t/${encodeURIComponent(code)}${key ? `#k=${key}` : ""}`;
