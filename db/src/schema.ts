import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Timestamps are `timestamptz` read as UTC `Date` on both engines. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
/** JSON columns: written as serialised strings or objects, read as parsed values. */
export type Json<T> = ColumnType<T, string | T, string | T>;

export type UnitKind = "department" | "ward" | "school" | "team";
export type Role = "admin" | "manager" | "officer" | "inspector" | "viewer";

export interface UnitTable {
  id: Generated<string>;
  slug: string;
  name: string;
  kind: UnitKind;
  parent_id: string | null;
  address: string | null;
  created_at: Timestamp;
  archived_at: NullableTimestamp;
  /** Years a case's personal data is kept after the case ends (default 5). */
  retention_years: Generated<number>;
  /** Shorter time limits per petition kind, `{ [kind]: { acknowledge?, answer? } }`. */
  petition_rules: Json<unknown> | null;
  /** Dashboard targets, `{ answered?, onTime?, early?, satisfied? }` as shares. */
  petition_targets: Json<unknown> | null;
  /** `{ draftHour?, satisfactionTarget? }`: when the month's summary is drafted, and the index goal. */
  report_settings: ColumnType<unknown, string | undefined, string>;
  /** In a remote area (vùng sâu, vùng xa): complaints get the longer limits of the law. */
  remote_area: Generated<boolean>;
}

export interface UserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  is_superadmin: Generated<boolean>;
  created_at: Timestamp;
  disabled_at: NullableTimestamp;
}

export interface MembershipTable {
  id: Generated<string>;
  user_id: string;
  unit_id: string;
  role: Role;
  created_at: Timestamp;
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a leaked table cannot be replayed. */
  id: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface LocalizedText {
  vi: string;
  en: string;
}

export interface SurveyTable {
  id: Generated<string>;
  unit_id: string;
  title: Json<LocalizedText>;
  template: string | null;
  current_version_id: string | null;
  opens_at: NullableTimestamp;
  closes_at: NullableTimestamp;
  response_cap: number | null;
  created_at: Timestamp;
  archived_at: NullableTimestamp;
}

export interface SurveyVersionTable {
  id: Generated<string>;
  survey_id: string;
  version: number;
  /** The full survey definition (sections, questions); frozen once published. */
  definition: Json<unknown>;
  created_at: Timestamp;
  published_at: NullableTimestamp;
  /** Last edit of a draft (null until edited). */
  updated_at: NullableTimestamp;
}

export interface SurveyLinkTable {
  id: Generated<string>;
  survey_id: string;
  code: string;
  channel: string;
  created_at: Timestamp;
  archived_at: NullableTimestamp;
}

export interface SurveyResponseTable {
  id: Generated<number>;
  submission_id: string;
  survey_id: string;
  version_id: string;
  link_id: string;
  receipt: string;
  answers: Json<Record<string, unknown>>;
  created_at: Timestamp;
  /** SHA-256 of the browser's device token: one response per device per survey. */
  device_hash: string | null;
  /** When the device edited its response (null if never). */
  updated_at: NullableTimestamp;
}

export type RejectionReason = "honeypot" | "rate_limited" | "invalid" | "closed";

export interface SurveyRejectionTable {
  survey_id: string;
  link_id: string;
  /** Calendar day in Asia/Ho_Chi_Minh, YYYY-MM-DD. */
  day: string;
  reason: RejectionReason;
  count: number;
}

export type PetitionKindColumn =
  | "reflection"
  | "recommendation"
  | "suggestion"
  | "question"
  | "complaint"
  | "denunciation";
export type PetitionChannel =
  | "web"
  | "paper"
  | "phone"
  | "email"
  | "in_person"
  | "survey_comment"
  | "open311";
export type OutcomeColumn = "early" | "on_time" | "late";

export interface CalendarDayTable {
  id: Generated<number>;
  /** Null: the national calendar every unit starts from. */
  unit_id: string | null;
  day: string;
  /** `removed` (national rows only): a computed or announced national day taken away. */
  kind: "holiday" | "day_off" | "working_day" | "removed";
  name: string;
  /** The legal text or decision the day rests on. */
  reference: string | null;
}

export interface PetitionTable {
  id: Generated<string>;
  unit_id: string;
  tracking_code: string;
  submission_id: string | null;
  kind: PetitionKindColumn;
  channel: PetitionChannel;
  subject: string;
  content: string;
  state: Generated<string>;
  consent_contact: Generated<boolean>;
  consent_publish: Generated<boolean>;
  received_at: Timestamp;
  acknowledge_by: Timestamp;
  answer_by: Timestamp;
  acknowledged_at: NullableTimestamp;
  answered_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  acknowledge_outcome: OutcomeColumn | null;
  outcome: OutcomeColumn | null;
  paused_at: NullableTimestamp;
  assignee_user_id: string | null;
  assignee_unit_id: string | null;
  answer: string | null;
  rating: "satisfied" | "not_satisfied" | null;
  rating_reason: string | null;
  rated_at: NullableTimestamp;
  forwarded_to: string | null;
  reject_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  apology_sent_at: NullableTimestamp;
  apology_number: string | null;
  apology_new_date: string | null;
  apology_signer: string | null;
  reminded_due_soon_at: NullableTimestamp;
  reminded_overdue_at: NullableTimestamp;
  /** When personal data was erased (on request or after the retention period). */
  anonymized_at: NullableTimestamp;
  lat: number | null;
  long: number | null;
  address: string | null;
  published_question: string | null;
  published_answer: string | null;
  published_at: NullableTimestamp;
  source_response_id: number | null;
  source_question_id: string | null;
  /** Hash of the sender's key (with the tracking code); null when no key was handed out. */
  citizen_key_hash: string | null;
  /** Registered before keys existed: its sender follows and acts on it with the tracking code alone. */
  legacy_code_access: Generated<boolean>;
}

export interface Open311KeyTable {
  id: Generated<string>;
  unit_id: string;
  name: string;
  key_hash: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface WebhookTable {
  id: Generated<string>;
  unit_id: string;
  url: string;
  description: Generated<string>;
  events: string[];
  secret: string;
  internal: Generated<boolean>;
  created_at: Timestamp;
  created_by: string | null;
  disabled_at: NullableTimestamp;
  responses_cursor: Generated<number>;
}

export interface WebhookAttemptTable {
  id: Generated<number>;
  outbox_id: number;
  at: Timestamp;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface SurveyDayRollupTable {
  survey_id: string;
  /** Calendar day in Asia/Ho_Chi_Minh, YYYY-MM-DD. */
  day: string;
  link_id: string;
  /** '' for the count of responses. */
  question_id: string;
  /** The answer as text: "4", "true", an option value; '' for the count of responses. */
  value: string;
  count: number;
}

export interface SurveyDayRollupStateTable {
  survey_id: string;
  day: string;
  computed_at: Timestamp;
  stale: Generated<boolean>;
}

export interface ProcedureMonthTable {
  unit_id: string;
  month: string;
  received: number;
  resolved_early: number;
  resolved_on_time: number;
  resolved_late: number;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface MonthlySummaryTable {
  id: Generated<string>;
  unit_id: string;
  month: string;
  status: "draft" | "published";
  revision: number | null;
  figures: Json<unknown>;
  commentary: Generated<string>;
  changes: string | null;
  options: Json<unknown>;
  created_at: Timestamp;
  created_by: string | null;
  published_at: NullableTimestamp;
  published_by: string | null;
}

export interface JobRunTable {
  job: string;
  period: string;
  started_at: Timestamp;
  claimed_until: Timestamp;
  finished_at: NullableTimestamp;
  outcome: "running" | "ok" | "failed";
  duration_ms: number | null;
  details: Json<unknown> | null;
  attempts: Generated<number>;
}

export interface PetitionAttachmentTable {
  id: Generated<string>;
  unit_id: string;
  petition_id: string | null;
  filename: string;
  media_type: "image/jpeg" | "image/png" | "application/pdf";
  size: number;
  sha256: string;
  data: Buffer;
  uploaded_by: "citizen" | "staff";
  created_at: Timestamp;
}

export interface PetitionContactTable {
  petition_id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
}

export interface PetitionEventTable {
  id: Generated<number>;
  petition_id: string;
  at: Timestamp;
  actor: "staff" | "citizen" | "system";
  actor_user_id: string | null;
  event: string;
  from_state: string | null;
  to_state: string | null;
  public: Generated<boolean>;
  note: string | null;
  /** Structured facts later computations replay (an extension's reason and days, moved deadlines). */
  details: Json<unknown> | null;
}

export interface AppMetaTable {
  key: string;
  value: string;
  updated_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_user_id: string | null;
  actor_email: string | null;
  unit_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  summary: Json<Record<string, unknown>>;
  request_id: string | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

/** A recent accepted survey answer by source (keyed hash of the address, network, answer pattern). */
export interface SurveyAnswerSourceTable {
  id: Generated<number>;
  survey_id: string;
  link_id: string;
  address_hash: string;
  /** `a.b.c.0/24` or the /48 of an IPv6 address: never the address itself. */
  network: string;
  pattern_hash: string;
  at: Timestamp;
}

export type HeldReason = "address" | "network" | "pattern";
export type HeldState = "held" | "included" | "discarded";

/** An answer that arrived in a burst, kept out of the counts until a person decides. */
export interface SurveyHeldResponseTable {
  id: Generated<number>;
  submission_id: string;
  survey_id: string;
  version_id: string;
  link_id: string;
  receipt: string;
  answers: Json<Record<string, unknown>>;
  device_hash: string | null;
  created_at: Timestamp;
  reason: HeldReason;
  address_hash: string;
  network: string;
  pattern_hash: string;
  state: HeldState;
  decided_at: NullableTimestamp;
  decided_by: string | null;
  /** The counted response made when it was included. */
  response_id: number | null;
}

export interface RateLimitTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

export interface OutboxTable {
  id: Generated<number>;
  channel: Generated<string>;
  recipient: string;
  subject: string;
  body: string;
  created_at: Timestamp;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  claimed_until: NullableTimestamp;
  sent_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  last_error: string | null;
}

export interface PasswordLinkTable {
  /** SHA-256 of the token in the link. */
  id: string;
  user_id: string;
  purpose: "invite" | "reset";
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface Database {
  outbox: OutboxTable;
  password_link: PasswordLinkTable;
  audit_log: AuditLogTable;
  api_token: ApiTokenTable;
  rate_limit: RateLimitTable;
  survey_answer_source: SurveyAnswerSourceTable;
  survey_held_response: SurveyHeldResponseTable;
  unit: UnitTable;
  app_user: UserTable;
  membership: MembershipTable;
  session: SessionTable;
  survey: SurveyTable;
  survey_version: SurveyVersionTable;
  survey_link: SurveyLinkTable;
  survey_response: SurveyResponseTable;
  survey_rejection: SurveyRejectionTable;
  calendar_day: CalendarDayTable;
  petition: PetitionTable;
  petition_contact: PetitionContactTable;
  petition_attachment: PetitionAttachmentTable;
  open311_key: Open311KeyTable;
  webhook: WebhookTable;
  survey_day_rollup: SurveyDayRollupTable;
  survey_day_rollup_state: SurveyDayRollupStateTable;
  procedure_month: ProcedureMonthTable;
  monthly_summary: MonthlySummaryTable;
  job_run: JobRunTable;
  webhook_attempt: WebhookAttemptTable;
  petition_event: PetitionEventTable;
  app_meta: AppMetaTable;
}

export type Unit = Selectable<UnitTable>;
export type MonthlySummary = Selectable<MonthlySummaryTable>;
export type NewUnit = Insertable<UnitTable>;
export type UnitUpdate = Updateable<UnitTable>;
export type User = Selectable<UserTable>;
export type Survey = Selectable<SurveyTable>;
export type SurveyVersion = Selectable<SurveyVersionTable>;
export type SurveyLink = Selectable<SurveyLinkTable>;
export type SurveyResponse = Selectable<SurveyResponseTable>;
export type Petition = Selectable<PetitionTable>;
