import { describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import type { AnswerCheck } from "./answers.ts";
import {
  alreadyAnswered,
  type BatchFacts,
  decideBatch,
  followerOutcome,
  type RuleItem,
  type RuleLink,
  submissionConflict,
} from "./batch-rules.ts";

const NOW = new Date("2026-11-23T02:00:00.000Z");
const at = (ms: number) => new Date(NOW.getTime() + ms);

function link(surveyId: string, overrides: Partial<RuleLink> = {}): RuleLink {
  return {
    linkId: `link-${surveyId}`,
    surveyId,
    opensAt: null,
    closesAt: null,
    responseCap: null,
    responseCount: null,
    ...overrides,
  };
}

/** Links by code: `a` and `a2` lead to survey A, `b` to survey B. */
function links(overrides: { A?: Partial<RuleLink>; B?: Partial<RuleLink> } = {}) {
  return new Map([
    ["a", link("A", overrides.A)],
    ["a2", { ...link("A", overrides.A), linkId: "link-A2" }],
    ["b", link("B", overrides.B)],
  ]);
}

function item(overrides: Partial<RuleItem> = {}): RuleItem {
  return { code: "a", submissionId: "s1", answers: { q: 4 }, device: null, now: NOW, ...overrides };
}

/** Answers are valid unless they hold `bad`; a valid answer comes back normalised (`checked`). */
function check(_link: RuleLink, answers: Record<string, unknown>): AnswerCheck {
  return "bad" in answers
    ? { ok: false, issues: [{ field: "answers.bad", message: "answer_required" }] }
    : { ok: true, answers: { ...(answers as Record<string, number>), checked: true } };
}

function decide(items: RuleItem[], facts: Partial<BatchFacts<RuleLink>> = {}) {
  let receipts = 0;
  const checked: { surveyId: string; answers: Record<string, unknown> }[] = [];
  const out = decideBatch(
    items,
    { links: links(), previous: new Map(), answered: new Map(), ...facts },
    {
      checkAnswers: (l, answers) => {
        checked.push({ surveyId: l.surveyId, answers });
        return check(l, answers);
      },
      newReceipt: () => `R${++receipts}`,
    },
  );
  return { ...out, receipts, checked };
}

/** The problem an error decision carries, as the client sees it. */
function problem(decision: unknown) {
  expect(decision).toHaveProperty("error");
  const error = (decision as { error: unknown }).error;
  expect(error).toBeInstanceOf(AppError);
  const e = error as AppError;
  return { code: e.code, status: e.status, fields: e.fields, extensions: e.extensions };
}

const stored = (receipt: string, survey_id: string) => new Map([["s1", { receipt, survey_id }]]);

describe("a new submission through an open link", () => {
  it("is a candidate with its checked answers, a fresh receipt and its device", () => {
    const { decisions, refusals, receipts, checked } = decide([item({ device: "d1" })]);
    expect(decisions).toEqual([
      {
        candidate: {
          link: links().get("a"),
          answers: { q: 4, checked: true },
          receipt: "R1",
          device: "d1",
        },
      },
    ]);
    expect(refusals).toEqual([]);
    expect(receipts).toBe(1);
    expect(checked).toEqual([{ surveyId: "A", answers: { q: 4 } }]);
  });

  it("gives each candidate of a batch its own receipt, in arrival order", () => {
    const { decisions } = decide([
      item({ submissionId: "s1" }),
      item({ submissionId: "s2", code: "b" }),
      item({ submissionId: "s3" }),
    ]);
    expect(decisions.map((d) => "candidate" in d && d.candidate.receipt)).toEqual(["R1", "R2", "R3"]);
    expect(decisions.map((d) => "candidate" in d && d.candidate.link.surveyId)).toEqual(["A", "B", "A"]);
  });

  it("decides nothing for an empty batch", () => {
    expect(decide([])).toMatchObject({ decisions: [], refusals: [], receipts: 0 });
  });
});

describe("an unknown link", () => {
  it("is handed to the one-at-a-time path, even for a stored submission id", () => {
    const { decisions, receipts, checked } = decide(
      [item({ code: "zz" }), item({ code: "zz", submissionId: "s2", website: "x" })],
      { previous: stored("OLD", "A") },
    );
    expect(decisions).toEqual([{ alone: true }, { alone: true }]);
    expect(receipts).toBe(0);
    expect(checked).toEqual([]);
  });
});

describe("a submission id stored earlier", () => {
  it("for the same survey: answered with its first receipt, through any of the survey's links", () => {
    const { decisions, refusals, receipts } = decide(
      [item(), item({ code: "a2", answers: { bad: 1 }, website: "spam", device: "d1" })],
      { previous: stored("OLD", "A"), answered: new Map([["A:d1", { receipt: "OTHER", held: false }]]) },
    );
    expect(decisions).toEqual([
      { result: { created: false, receipt: "OLD" } },
      { result: { created: false, receipt: "OLD" } },
    ]);
    expect(refusals).toEqual([]);
    expect(receipts).toBe(0);
  });

  it("for the same survey: answered with its first receipt even after the campaign closed or filled", () => {
    const closed = decide([item()], {
      previous: stored("OLD", "A"),
      links: links({ A: { closesAt: NOW } }),
    });
    expect(closed.decisions).toEqual([{ result: { created: false, receipt: "OLD" } }]);
    const full = decide([item()], {
      previous: stored("OLD", "A"),
      links: links({ A: { responseCap: 1, responseCount: 1 } }),
    });
    expect(full.decisions).toEqual([{ result: { created: false, receipt: "OLD" } }]);
  });

  it("for another survey: a conflict, never the other survey's receipt", () => {
    const { decisions, refusals, receipts, checked } = decide([item({ code: "b" })], {
      previous: stored("OLD", "A"),
    });
    expect(problem(decisions[0])).toEqual({
      code: "submission_conflict",
      status: 409,
      fields: [{ field: "submissionId", message: "field_invalid" }],
      extensions: {},
    });
    expect(refusals).toEqual([]);
    expect(receipts).toBe(0);
    expect(checked).toEqual([]);
  });

  it("for another survey: a conflict before the honeypot, the answers and the device are looked at", () => {
    const { decisions, refusals } = decide(
      [item({ code: "b", website: "spam", answers: { bad: 1 }, device: "d1" })],
      { previous: stored("OLD", "A"), answered: new Map([["B:d1", { receipt: "MINE", held: false }]]) },
    );
    expect(problem(decisions[0]).code).toBe("submission_conflict");
    expect(refusals).toEqual([]);
  });

  it("for another survey that is closed, not open yet or full: decided by the one-at-a-time path", () => {
    for (const B of [{ closesAt: NOW }, { opensAt: at(1) }, { responseCap: 3, responseCount: 3 }]) {
      const { decisions } = decide([item({ code: "b" })], {
        previous: stored("OLD", "A"),
        links: links({ B }),
      });
      expect(decisions).toEqual([{ alone: true }]);
    }
  });

  it("for another survey: takes no place under the cap and does not claim the device", () => {
    const { decisions } = decide(
      [
        item({ code: "b", device: "d1" }),
        item({ code: "b", submissionId: "s2", device: "d1" }),
        item({ code: "b", submissionId: "s3" }),
      ],
      { previous: stored("OLD", "A"), links: links({ B: { responseCap: 3, responseCount: 1 } }) },
    );
    expect(problem(decisions[0]).code).toBe("submission_conflict");
    expect(decisions[1]).toHaveProperty("candidate.receipt", "R1");
    expect(decisions[2]).toHaveProperty("candidate.receipt", "R2");
  });

  it("for another survey, sent again in the same batch: every copy is a conflict", () => {
    const { decisions } = decide([item({ code: "b" }), item({ code: "b" })], {
      previous: stored("OLD", "A"),
    });
    expect(decisions.map((d) => problem(d).code)).toEqual(["submission_conflict", "submission_conflict"]);
  });
});

describe("the same submission id twice in one batch", () => {
  it("to the same survey: the copies follow the first, whatever link they came through", () => {
    const { decisions, receipts, checked } = decide([
      item({ submissionId: "s0" }),
      item(),
      item({ code: "a2", answers: { bad: 1 } }),
      item({ website: "spam" }),
    ]);
    expect(decisions[1]).toHaveProperty("candidate.receipt", "R2");
    expect(decisions.slice(2)).toEqual([{ follows: 1 }, { follows: 1 }]);
    expect(receipts).toBe(2);
    expect(checked).toHaveLength(2);
  });

  it("to the same survey: a copy follows even when the first took the last place under the cap", () => {
    const { decisions } = decide([item(), item()], {
      links: links({ A: { responseCap: 5, responseCount: 4 } }),
    });
    expect(decisions[0]).toHaveProperty("candidate");
    expect(decisions[1]).toEqual({ follows: 0 });
  });

  it("to another survey: handed to the one-at-a-time path, never following the first", () => {
    const { decisions, receipts } = decide([item(), item({ code: "b", device: "d1" }), item({ code: "a2" })]);
    expect(decisions[0]).toHaveProperty("candidate.receipt", "R1");
    expect(decisions[1]).toEqual({ alone: true });
    expect(decisions[2]).toEqual({ follows: 0 });
    expect(receipts).toBe(1);
  });

  it("after a first copy that was refused: each copy is decided on its own", () => {
    const { decisions, refusals } = decide([
      item({ answers: { bad: 1 } }),
      item({ website: "spam" }),
      item(),
      item({ code: "b" }),
    ]);
    expect(problem(decisions[0]).code).toBe("validation_failed");
    expect(problem(decisions[1]).code).toBe("spam_suspected");
    expect(decisions[2]).toHaveProperty("candidate.receipt", "R1");
    expect(decisions[3]).toEqual({ alone: true });
    expect(refusals.map((r) => r.reason)).toEqual(["invalid", "honeypot"]);
  });

  it("after a first copy sent to a closed survey: the copy to an open survey is a candidate", () => {
    const { decisions } = decide([item(), item({ code: "b" })], { links: links({ A: { closesAt: NOW } }) });
    expect(decisions[0]).toEqual({ alone: true });
    expect(decisions[1]).toHaveProperty("candidate.link.surveyId", "B");
  });
});

describe("the campaign", () => {
  it("not open yet until its opening instant, then open", () => {
    const before = decide([item()], { links: links({ A: { opensAt: at(1) } }) });
    expect(before.decisions).toEqual([{ alone: true }]);
    const atOpening = decide([item({ now: at(1) })], { links: links({ A: { opensAt: at(1) } }) });
    expect(atOpening.decisions[0]).toHaveProperty("candidate");
  });

  it("open until just before its closing instant, closed from it", () => {
    const before = decide([item({ now: at(-1) })], { links: links({ A: { closesAt: NOW } }) });
    expect(before.decisions[0]).toHaveProperty("candidate");
    const atClosing = decide([item()], { links: links({ A: { closesAt: NOW } }) });
    expect(atClosing.decisions).toEqual([{ alone: true }]);
  });

  it("judged at each item's own instant", () => {
    const { decisions } = decide(
      [item({ submissionId: "s1", now: at(-1) }), item({ submissionId: "s2", now: NOW })],
      { links: links({ A: { closesAt: NOW } }) },
    );
    expect(decisions[0]).toHaveProperty("candidate");
    expect(decisions[1]).toEqual({ alone: true });
  });

  it("with a cap: the batch's candidates take the places left, in arrival order, per survey", () => {
    const { decisions, receipts } = decide(
      [
        item({ submissionId: "s1" }),
        item({ submissionId: "s2", code: "b" }),
        item({ submissionId: "s3", code: "a2" }),
        item({ submissionId: "s4" }),
        item({ submissionId: "s5", code: "b" }),
      ],
      { links: links({ A: { responseCap: 10, responseCount: 8 }, B: { responseCap: 1, responseCount: 0 } }) },
    );
    expect(decisions.map((d) => ("candidate" in d ? d.candidate.receipt : d))).toEqual([
      "R1",
      "R2",
      "R3",
      { alone: true },
      { alone: true },
    ]);
    expect(receipts).toBe(3);
  });

  it("with a cap already reached: every new item is handed over", () => {
    const { decisions } = decide([item()], { links: links({ A: { responseCap: 2, responseCount: 2 } }) });
    expect(decisions).toEqual([{ alone: true }]);
  });

  it("with a cap: refused items, followers and conflicts take no place", () => {
    const { decisions } = decide(
      [
        item({ submissionId: "s1", answers: { bad: 1 } }),
        item({ submissionId: "s2", website: "spam" }),
        item({ submissionId: "s3", device: "d1" }),
        item({ submissionId: "s4", device: "d1" }),
        item({ submissionId: "s3" }),
        item({ submissionId: "old" }),
        item({ submissionId: "s5" }),
        item({ submissionId: "s6" }),
      ],
      {
        links: links({ A: { responseCap: 2, responseCount: 0 } }),
        previous: new Map([["old", { receipt: "OLD", survey_id: "B" }]]),
      },
    );
    expect(decisions[2]).toHaveProperty("candidate.receipt", "R1");
    expect(problem(decisions[3]).code).toBe("already_answered");
    expect(decisions[4]).toEqual({ follows: 2 });
    expect(problem(decisions[5]).code).toBe("submission_conflict");
    expect(decisions[6]).toHaveProperty("candidate.receipt", "R2");
    expect(decisions[7]).toEqual({ alone: true });
  });

  it("without a cap: never full, however many answers", () => {
    const { decisions } = decide(
      Array.from({ length: 5 }, (_, i) => item({ submissionId: `s${i}` })),
      { links: links({ A: { responseCap: null, responseCount: null } }) },
    );
    expect(decisions.every((d) => "candidate" in d)).toBe(true);
  });

  it("with a cap of zero: full from the start", () => {
    const { decisions } = decide([item()], { links: links({ A: { responseCap: 0, responseCount: 0 } }) });
    expect(decisions).toEqual([{ alone: true }]);
  });
});

describe("the honeypot", () => {
  it("filled in: refused as spam, counted for the staff, before the answers are checked", () => {
    const { decisions, refusals, receipts, checked } = decide([
      item({ website: "http://spam.example", answers: { bad: 1 }, now: at(5) }),
    ]);
    expect(problem(decisions[0])).toEqual({
      code: "spam_suspected",
      status: 400,
      fields: [{ field: "website", message: "field_invalid" }],
      extensions: {},
    });
    expect(refusals).toEqual([{ link: links().get("a"), reason: "honeypot", now: at(5) }]);
    expect(receipts).toBe(0);
    expect(checked).toEqual([]);
  });

  it("empty or only blanks: not a refusal", () => {
    for (const website of [undefined, "", "   ", "\t\n"]) {
      const { decisions, refusals } = decide([item({ website })]);
      expect(decisions[0]).toHaveProperty("candidate");
      expect(refusals).toEqual([]);
    }
  });

  it("filled in on a closed survey: handed over, not counted here", () => {
    const { decisions, refusals } = decide([item({ website: "x" })], {
      links: links({ A: { closesAt: NOW } }),
    });
    expect(decisions).toEqual([{ alone: true }]);
    expect(refusals).toEqual([]);
  });
});

describe("the answers", () => {
  it("invalid: refused with the check's issues, counted for the staff on the item's link", () => {
    const { decisions, refusals, receipts } = decide([item({ code: "a2", answers: { bad: 1 }, now: at(7) })]);
    expect(problem(decisions[0])).toEqual({
      code: "validation_failed",
      status: 422,
      fields: [{ field: "answers.bad", message: "answer_required" }],
      extensions: {},
    });
    expect(refusals).toEqual([{ link: links().get("a2"), reason: "invalid", now: at(7) }]);
    expect(receipts).toBe(0);
  });

  it("checked against the link's survey", () => {
    const { checked } = decide([item({ code: "b", answers: { q: 1 } })]);
    expect(checked).toEqual([{ surveyId: "B", answers: { q: 1 } }]);
  });

  it("invalid from a device that already answered: refused as invalid first", () => {
    const { decisions } = decide([item({ answers: { bad: 1 }, device: "d1" })], {
      answered: new Map([["A:d1", { receipt: "MINE", held: false }]]),
    });
    expect(problem(decisions[0]).code).toBe("validation_failed");
  });

  it("refusals listed in arrival order, each with its own link and instant", () => {
    const { refusals } = decide([
      item({ submissionId: "s1", code: "b", answers: { bad: 1 }, now: at(1) }),
      item({ submissionId: "s2", website: "x", now: at(2) }),
      item({ submissionId: "s3", code: "a2", answers: { bad: 1 }, now: at(3) }),
    ]);
    expect(refusals).toEqual([
      { link: links().get("b"), reason: "invalid", now: at(1) },
      { link: links().get("a"), reason: "honeypot", now: at(2) },
      { link: links().get("a2"), reason: "invalid", now: at(3) },
    ]);
  });
});

describe("one answer per device and survey", () => {
  it("a device that answered earlier is offered its answer to edit", () => {
    const { decisions, receipts } = decide([item({ device: "d1" })], {
      answered: new Map([["A:d1", { receipt: "MINE", held: false }]]),
    });
    expect(problem(decisions[0])).toEqual({
      code: "already_answered",
      status: 409,
      fields: [],
      extensions: { receipt: "MINE", editable: true },
    });
    expect(receipts).toBe(0);
  });

  it("a device whose answer is held for review cannot edit it", () => {
    const { decisions } = decide([item({ device: "d1" })], {
      answered: new Map([["A:d1", { receipt: "HELD", held: true }]]),
    });
    expect(problem(decisions[0]).extensions).toEqual({ receipt: "HELD", editable: false });
  });

  it("a device's answer to another survey does not count", () => {
    const { decisions } = decide([item({ device: "d1" })], {
      answered: new Map([["B:d1", { receipt: "MINE", held: false }]]),
    });
    expect(decisions[0]).toHaveProperty("candidate.device", "d1");
  });

  it("without a device token nothing is refused as a second answer", () => {
    const { decisions } = decide([item({ submissionId: "s1" }), item({ submissionId: "s2" })], {
      answered: new Map([["A:null", { receipt: "X", held: false }]]),
    });
    expect(decisions.map((d) => "candidate" in d && d.candidate.device)).toEqual([null, null]);
  });

  it("two answers of one device in a batch: the second is offered the first's receipt", () => {
    const { decisions, receipts } = decide([
      item({ submissionId: "s1", device: "d1" }),
      item({ submissionId: "s2", code: "a2", device: "d1" }),
      item({ submissionId: "s3", code: "b", device: "d1" }),
      item({ submissionId: "s4", device: "d2" }),
    ]);
    expect(decisions[0]).toHaveProperty("candidate.receipt", "R1");
    expect(problem(decisions[1]).extensions).toEqual({ receipt: "R1", editable: true });
    expect(decisions[2]).toHaveProperty("candidate.receipt", "R2");
    expect(decisions[3]).toHaveProperty("candidate.receipt", "R3");
    expect(receipts).toBe(3);
  });

  it("an earlier answer stored before the batch wins over one in the batch", () => {
    const { decisions } = decide(
      [item({ submissionId: "s1", device: "d1", code: "b" }), item({ submissionId: "s2", device: "d1" })],
      { answered: new Map([["A:d1", { receipt: "MINE", held: true }]]) },
    );
    expect(decisions[0]).toHaveProperty("candidate.receipt", "R1");
    expect(problem(decisions[1]).extensions).toEqual({ receipt: "MINE", editable: false });
  });

  it("a refused answer does not claim the device", () => {
    const { decisions } = decide([
      item({ submissionId: "s1", device: "d1", answers: { bad: 1 } }),
      item({ submissionId: "s2", device: "d1", website: "x" }),
      item({ submissionId: "s3", device: "d1" }),
    ]);
    expect(decisions[2]).toHaveProperty("candidate.receipt", "R1");
  });
});

describe("followerOutcome", () => {
  it("gives a follower the first's receipt as a retry's", () => {
    expect(followerOutcome({ result: { created: true, receipt: "R1" } })).toEqual({
      result: { created: false, receipt: "R1" },
    });
    expect(followerOutcome({ result: { created: false, receipt: "R1" } })).toEqual({
      result: { created: false, receipt: "R1" },
    });
  });

  it("gives a follower the first's refusal or hand-over", () => {
    const error = submissionConflict();
    expect(followerOutcome({ error })).toEqual({ error });
    expect(followerOutcome({ alone: true })).toEqual({ alone: true });
  });
});

describe("alreadyAnswered", () => {
  it("is editable unless held", () => {
    expect(alreadyAnswered({ receipt: "R" }).extensions).toEqual({ receipt: "R", editable: true });
    expect(alreadyAnswered({ receipt: "R", held: false }).extensions).toEqual({
      receipt: "R",
      editable: true,
    });
    expect(alreadyAnswered({ receipt: "R", held: true }).extensions).toEqual({
      receipt: "R",
      editable: false,
    });
  });
});
