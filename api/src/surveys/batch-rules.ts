import { AppError, validationFailed } from "../errors.ts";
import type { AnswerCheck, Answers } from "./answers.ts";
import { type Campaign, campaignState } from "./campaign.ts";

/**
 * The rules that decide each submission of a batch (see `SubmissionBatcher`), apart from the
 * database: given what the batch read (the links, the receipts already stored under the batch's
 * submission ids, the first answers of its devices), they tell, in arrival order, which items are
 * answered at once, which share the fate of an earlier item of the batch, which are handed to the
 * one-at-a-time path, and which go on to the rate limits as candidates to store.
 */

/** What a stored (or already stored) submission answers. */
export interface SubmissionResult {
  created: boolean;
  receipt: string;
}

/** How one item of a batch ends: answered, or handed to the one-at-a-time path after the batch. */
export type Outcome = { result: SubmissionResult } | { error: unknown } | { alone: true };

/** The open-for-answers link an item was sent through, with its survey's campaign. */
export interface RuleLink extends Campaign {
  linkId: string;
  surveyId: string;
  /** Responses so far, only for a survey with a cap. */
  responseCount: number | null;
}

export interface RuleItem {
  code: string;
  submissionId: string;
  answers: Record<string, unknown>;
  /** The honeypot field. */
  website?: string;
  /** Hash of the item's device token; null without one. */
  device: string | null;
  now: Date;
}

/** What the batch read before deciding. */
export interface BatchFacts<L extends RuleLink> {
  /** By link code; a code missing here is unknown, archived or not published. */
  links: ReadonlyMap<string, L>;
  /** Counted or held submissions stored earlier, by submission id. */
  previous: ReadonlyMap<string, { receipt: string; survey_id: string }>;
  /** The first answer (counted or held) of a device to a survey, by `${surveyId}:${device}`. */
  answered: ReadonlyMap<string, { receipt: string; held: boolean }>;
}

export interface RuleTools<L extends RuleLink> {
  checkAnswers(link: L, answers: Record<string, unknown>): AnswerCheck;
  newReceipt(): string;
}

/** An item that passed every check before the rate limits: stored unless over a limit. */
export interface Candidate<L extends RuleLink> {
  link: L;
  answers: Answers;
  receipt: string;
  device: string | null;
}

export type Decision<L extends RuleLink> =
  | Outcome
  /** The same submission as the batch's item `first` (same id, same survey): shares its fate. */
  | { follows: number }
  | { candidate: Candidate<L> };

/** A refusal the staff see counted, per link, day and reason. */
export interface Refusal<L extends RuleLink> {
  link: L;
  reason: "honeypot" | "invalid";
  now: Date;
}

/** An id that already names another survey's answer. */
export const submissionConflict = () =>
  new AppError("submission_conflict", 409, {
    fields: [{ field: "submissionId", message: "field_invalid" }],
  });

export const spamSuspected = () =>
  new AppError("spam_suspected", 400, { fields: [{ field: "website", message: "field_invalid" }] });

export const alreadyAnswered = (first: { receipt: string; held?: boolean }) =>
  new AppError("already_answered", 409, {
    // An answer held for review cannot be edited until a person has decided on it.
    extensions: { receipt: first.receipt, editable: first.held !== true },
  });

/**
 * Decides every item of a batch in arrival order. An earlier item of the batch counts as already
 * stored for the ones after it: a later item with its submission id and survey follows it, a later
 * answer of its device to its survey is refused, and it takes a place under its survey's cap.
 */
export function decideBatch<L extends RuleLink>(
  items: readonly RuleItem[],
  facts: BatchFacts<L>,
  tools: RuleTools<L>,
): { decisions: Decision<L>[]; refusals: Refusal<L>[] } {
  // Responses under each survey's cap so far, the batch's earlier candidates included.
  const capCounts = new Map<string, number | null>();
  for (const link of facts.links.values()) capCounts.set(link.surveyId, link.responseCount);
  const submissions = new Map<string, { index: number; surveyId: string }>();
  const devices = new Map<string, { receipt: string }>();
  const refusals: Refusal<L>[] = [];

  const decide = (item: RuleItem, index: number): Decision<L> => {
    const link = facts.links.get(item.code);
    // The one-at-a-time path answers 404, or a retry through a link archived since.
    if (!link) return { alone: true };
    // A retry of a stored submission gets its first receipt.
    const stored = facts.previous.get(item.submissionId);
    if (stored && stored.survey_id === link.surveyId) {
      return { result: { created: false, receipt: stored.receipt } };
    }
    const first = submissions.get(item.submissionId);
    if (first) {
      // Sent again while the first was being written: it shares the first's fate. Sent to another
      // survey, it is decided after the batch, once the first is stored or refused.
      return first.surveyId === link.surveyId ? { follows: first.index } : { alone: true };
    }
    const count = capCounts.get(link.surveyId) ?? null;
    // Closed (the one-at-a-time path counts that refusal), not open yet, or full.
    if (campaignState(link, item.now, count) !== "open") return { alone: true };
    if (stored) return { error: submissionConflict() };
    if (item.website?.trim()) {
      refusals.push({ link, reason: "honeypot", now: item.now });
      return { error: spamSuspected() };
    }
    const checked = tools.checkAnswers(link, item.answers);
    if (!checked.ok) {
      refusals.push({ link, reason: "invalid", now: item.now });
      return { error: validationFailed(checked.issues) };
    }
    const deviceKey = item.device === null ? null : `${link.surveyId}:${item.device}`;
    const answered =
      deviceKey === null ? undefined : (facts.answered.get(deviceKey) ?? devices.get(deviceKey));
    if (answered) return { error: alreadyAnswered(answered) };

    const receipt = tools.newReceipt();
    submissions.set(item.submissionId, { index, surveyId: link.surveyId });
    if (deviceKey !== null) devices.set(deviceKey, { receipt });
    if (count !== null) capCounts.set(link.surveyId, count + 1);
    return { candidate: { link, answers: checked.answers, receipt, device: item.device } };
  };

  return { decisions: items.map((item, index) => decide(item, index)), refusals };
}

/** The answer to an item that followed `first`: its receipt, as a retry's, or its refusal. */
export function followerOutcome(first: Outcome): Outcome {
  return "result" in first ? { result: { created: false, receipt: first.result.receipt } } : first;
}
