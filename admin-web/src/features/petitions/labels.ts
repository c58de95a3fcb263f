import type { MessageKey } from "../../i18n";
import type { DueStatus, Outcome, PetitionChannel, PetitionKind, PetitionState, StaffEvent } from "./api";

export const KIND_KEYS: Record<PetitionKind, MessageKey> = {
  reflection: "pkindReflection",
  recommendation: "pkindRecommendation",
  suggestion: "pkindSuggestion",
  question: "pkindQuestion",
  complaint: "pkindComplaint",
  denunciation: "pkindDenunciation",
};

export const STATE_KEYS: Record<PetitionState, MessageKey> = {
  received: "pstateReceived",
  acknowledged: "pstateAcknowledged",
  assigned: "pstateAssigned",
  in_progress: "pstateInProgress",
  awaiting_info: "pstateAwaitingInfo",
  answered: "pstateAnswered",
  closed: "pstateClosed",
  forwarded: "pstateForwarded",
  rejected: "pstateRejected",
  withdrawn: "pstateWithdrawn",
  reopened: "pstateReopened",
};

export const DUE_KEYS: Record<DueStatus, MessageKey> = {
  overdue: "dueOverdue",
  due_today: "dueToday",
  due_soon: "dueSoon",
  on_track: "dueOnTrack",
  done: "dueDone",
};

/** The due filter spells out what "soon" means. */
export const DUE_FILTER_KEYS: Record<DueStatus, MessageKey> = { ...DUE_KEYS, due_soon: "dueSoonFilter" };

export const CHANNEL_KEYS: Record<PetitionChannel, MessageKey> = {
  web: "pchannelWeb",
  paper: "pchannelPaper",
  phone: "pchannelPhone",
  email: "pchannelEmail",
  in_person: "pchannelInPerson",
  survey_comment: "pchannelSurveyComment",
};

export const OUTCOME_KEYS: Record<Outcome, MessageKey> = {
  early: "outcomeEarly",
  on_time: "outcomeOnTime",
  late: "outcomeLate",
};

export const ACTION_KEYS: Record<StaffEvent, MessageKey> = {
  acknowledge: "actAcknowledge",
  assign: "actAssign",
  start: "actStart",
  request_info: "actRequestInfo",
  info_received: "actInfoReceived",
  answer: "actAnswer",
  close: "actClose",
  forward: "actForward",
  reject: "actReject",
};

/** History entries: the staff moves, plus what citizens and the system record. */
const EVENT_KEYS: Record<string, MessageKey> = {
  submit: "evSubmit",
  register: "evRegister",
  acknowledge: "evAcknowledge",
  assign: "evAssign",
  start: "evStart",
  request_info: "evRequestInfo",
  info_received: "evInfoReceived",
  answer: "evAnswer",
  close: "evClose",
  forward: "evForward",
  reject: "evReject",
  withdraw: "evWithdraw",
  reopen: "evReopen",
  note: "evNote",
  rate: "evRate",
  apology: "evApology",
  extend: "evExtend",
  deadline_moved: "evDeadlineMoved",
};

export const RATING_REASON_KEYS: Record<string, MessageKey> = {
  vague: "ratingVague",
  no_evidence: "ratingNoEvidence",
  not_resolved: "ratingNotResolved",
  slow: "ratingSlow",
};

export const eventKey = (event: string): MessageKey | null => EVENT_KEYS[event] ?? null;
export const stateKey = (state: string): MessageKey | null => STATE_KEYS[state as PetitionState] ?? null;
export const kindKey = (kind: string): MessageKey => KIND_KEYS[kind as PetitionKind] ?? "pkindReflection";
export const channelKey = (channel: string): MessageKey =>
  CHANNEL_KEYS[channel as PetitionChannel] ?? "pchannelWeb";
