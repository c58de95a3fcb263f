/**
 * The life of a case as an explicit state machine. Every change goes through `nextState`, so a
 * transition the law or the process does not allow is refused (409) and changes nothing.
 */
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

export const PETITION_EVENTS = [
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
] as const;
export type PetitionEvent = (typeof PETITION_EVENTS)[number];

/** Who may cause an event: staff in the console, or the citizen on the tracking page. */
export type Actor = "staff" | "citizen";

interface Rule {
  from: readonly PetitionState[];
  to: PetitionState;
  by: Actor;
}

const OPEN: readonly PetitionState[] = ["received", "acknowledged", "assigned", "in_progress", "reopened"];

export const TRANSITIONS: Record<PetitionEvent, Rule> = {
  acknowledge: { from: ["received"], to: "acknowledged", by: "staff" },
  assign: {
    from: ["received", "acknowledged", "assigned", "in_progress", "reopened"],
    to: "assigned",
    by: "staff",
  },
  start: { from: ["assigned", "reopened"], to: "in_progress", by: "staff" },
  request_info: {
    from: ["acknowledged", "assigned", "in_progress", "reopened"],
    to: "awaiting_info",
    by: "staff",
  },
  info_received: { from: ["awaiting_info"], to: "in_progress", by: "staff" },
  // A quick question may be answered at once: the answer is then also its acknowledgement.
  answer: {
    from: ["received", "acknowledged", "assigned", "in_progress", "reopened"],
    to: "answered",
    by: "staff",
  },
  close: { from: ["answered"], to: "closed", by: "staff" },
  // Outside the unit's competence: sent on to the competent body, the sender told.
  forward: { from: ["received", "acknowledged", "assigned", "in_progress"], to: "forwarded", by: "staff" },
  // Refused for a legal reason (e.g. not within competence of any body, already resolved).
  reject: { from: ["received", "acknowledged", "assigned", "in_progress"], to: "rejected", by: "staff" },
  withdraw: { from: [...OPEN, "awaiting_info"], to: "withdrawn", by: "citizen" },
  // The citizen says the answer did not resolve it (within 30 days of the answer).
  reopen: { from: ["answered", "closed"], to: "reopened", by: "citizen" },
};

/** The state after `event`, or null when it is not allowed from `state` for `actor`. */
export function nextState(state: PetitionState, event: PetitionEvent, actor: Actor): PetitionState | null {
  const rule = TRANSITIONS[event];
  if (rule.by !== actor || !rule.from.includes(state)) return null;
  return rule.to;
}

/** Cases still counting against their deadline. */
export const isOpenState = (state: PetitionState) =>
  !["answered", "closed", "forwarded", "rejected", "withdrawn"].includes(state);

/** Reopening is only possible this long after the answer. */
export const REOPEN_WINDOW_DAYS = 30;
