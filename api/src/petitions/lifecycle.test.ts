import { describe, expect, it } from "vitest";
import {
  type Actor,
  isOpenState,
  nextState,
  PETITION_EVENTS,
  PETITION_STATES,
  type PetitionEvent,
  type PetitionState,
} from "./lifecycle.ts";

/** Every allowed move, written out by hand from the process description; all others are refused. */
const ALLOWED: [PetitionState, PetitionEvent, Actor, PetitionState][] = [
  ["received", "acknowledge", "staff", "acknowledged"],
  ["received", "assign", "staff", "assigned"],
  ["acknowledged", "assign", "staff", "assigned"],
  ["assigned", "assign", "staff", "assigned"],
  ["in_progress", "assign", "staff", "assigned"],
  ["reopened", "assign", "staff", "assigned"],
  ["assigned", "start", "staff", "in_progress"],
  ["reopened", "start", "staff", "in_progress"],
  ["acknowledged", "request_info", "staff", "awaiting_info"],
  ["assigned", "request_info", "staff", "awaiting_info"],
  ["in_progress", "request_info", "staff", "awaiting_info"],
  ["reopened", "request_info", "staff", "awaiting_info"],
  ["awaiting_info", "info_received", "staff", "in_progress"],
  ["received", "answer", "staff", "answered"],
  ["acknowledged", "answer", "staff", "answered"],
  ["assigned", "answer", "staff", "answered"],
  ["in_progress", "answer", "staff", "answered"],
  ["reopened", "answer", "staff", "answered"],
  ["answered", "close", "staff", "closed"],
  ["received", "forward", "staff", "forwarded"],
  ["acknowledged", "forward", "staff", "forwarded"],
  ["assigned", "forward", "staff", "forwarded"],
  ["in_progress", "forward", "staff", "forwarded"],
  ["received", "reject", "staff", "rejected"],
  ["acknowledged", "reject", "staff", "rejected"],
  ["assigned", "reject", "staff", "rejected"],
  ["in_progress", "reject", "staff", "rejected"],
  ["received", "withdraw", "citizen", "withdrawn"],
  ["acknowledged", "withdraw", "citizen", "withdrawn"],
  ["assigned", "withdraw", "citizen", "withdrawn"],
  ["in_progress", "withdraw", "citizen", "withdrawn"],
  ["awaiting_info", "withdraw", "citizen", "withdrawn"],
  ["reopened", "withdraw", "citizen", "withdrawn"],
  ["answered", "reopen", "citizen", "reopened"],
  ["closed", "reopen", "citizen", "reopened"],
];

describe("the petition state machine", () => {
  const key = (s: string, e: string, a: string) => `${s} --${e}/${a}-->`;
  const allowed = new Map(ALLOWED.map(([s, e, a, to]) => [key(s, e, a), to]));

  for (const state of PETITION_STATES) {
    for (const event of PETITION_EVENTS) {
      for (const actor of ["staff", "citizen"] as const) {
        const expected = allowed.get(key(state, event, actor)) ?? null;
        it(`${key(state, event, actor)} ${expected ?? "refused"}`, () => {
          expect(nextState(state, event, actor)).toBe(expected);
        });
      }
    }
  }

  it("has no way out of a final state except the citizen reopening an answer", () => {
    for (const final of ["forwarded", "rejected", "withdrawn"] as const) {
      for (const event of PETITION_EVENTS) {
        expect(nextState(final, event, "staff")).toBeNull();
        expect(nextState(final, event, "citizen")).toBeNull();
      }
    }
  });
});

describe("the states and events of a case", () => {
  it("are exactly those of the process description", () => {
    expect([...PETITION_STATES].sort()).toEqual(
      [
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
      ].sort(),
    );
    expect([...PETITION_EVENTS].sort()).toEqual(
      [
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
      ].sort(),
    );
  });

  it("are open until the case is answered, closed, forwarded, rejected or withdrawn", () => {
    const open = PETITION_STATES.filter(isOpenState);
    expect(open).toEqual([
      "received",
      "acknowledged",
      "assigned",
      "in_progress",
      "awaiting_info",
      "reopened",
    ]);
  });
});
