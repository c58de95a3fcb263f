import type { MessageKey } from "../../i18n";
import type { RejectionReason, SurveyStatus } from "./api";
import type { Element, QuestionType } from "./definition";

export const STATUS_KEYS: Record<SurveyStatus, MessageKey> = {
  draft: "statusDraft",
  open: "statusOpen",
  scheduled: "statusScheduled",
  closed: "statusClosed",
  full: "statusFull",
};

export const statusKey = (status: string): MessageKey => STATUS_KEYS[status as SurveyStatus] ?? "statusDraft";

export const TYPE_KEYS: Record<QuestionType, MessageKey> = {
  likert5: "typeLikert5",
  single: "typeSingle",
  multi: "typeMulti",
  rating: "typeRating",
  text: "typeText",
  yesno: "typeYesno",
};

export const ELEMENT_KEYS: Record<Element, MessageKey> = {
  access: "elementAccess",
  procedure: "elementProcedure",
  staff: "elementStaff",
  result: "elementResult",
  feedback: "elementFeedback",
  facilities: "elementFacilities",
  environment: "elementEnvironment",
  activities: "elementActivities",
  outcomes: "elementOutcomes",
  overall: "elementOverall",
};

export const REJECTION_KEYS: Record<RejectionReason, MessageKey> = {
  honeypot: "rejectedHoneypot",
  rate_limited: "rejectedRateLimited",
  invalid: "rejectedInvalid",
  closed: "rejectedClosed",
};

/** The 5-level scale: 1 = Rất không hài lòng … 5 = Rất hài lòng. */
export const LIKERT_KEYS: Record<number, MessageKey> = {
  1: "likert1",
  2: "likert2",
  3: "likert3",
  4: "likert4",
  5: "likert5",
};

/**
 * Suggested channel names for new links. They are data (shown in results, exports and on posters
 * in Vietnamese), so they stay Vietnamese whatever the console's language; the class is left for
 * the person to type.
 */
export const CHANNEL_SUGGESTIONS: readonly string[] = ["Cổng trường", "Nhóm Zalo lớp ", "Họp phụ huynh"];
