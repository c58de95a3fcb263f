import { newReceipt } from "../codes.ts";
import { AppError, notFound, validationFailed } from "../errors.ts";
import type { AppDeps } from "../http/types.ts";
import { markDayStale } from "../reports/rollup.ts";
import { acceptSolution, checkSubmissionRate, countRejection, deviceHash, issueChallenge } from "./abuse.ts";
import { checkAnswers } from "./answers.ts";
import { SubmissionBatcher, type SubmissionResult } from "./batch.ts";
import { submissionConflict } from "./batch-rules.ts";
import { CLOSED_CODES, campaignState } from "./campaign.ts";
import { type TSurveyDefinition, ZSurveyDefinition } from "./definition.ts";
import {
  countSurveyResponses,
  findHeldOfDevice,
  findHeldSubmission,
  findLinkByCode,
  insertHeldOnce,
  insertResponseOnce,
  usedByOtherSurvey,
} from "./repository.ts";
import {
  answerSource,
  burstReason,
  challengeDifficulty,
  pruneSourcesStatement,
  SourceTally,
  sourceRow,
} from "./stuffing.ts";

type Deps = Pick<AppDeps, "database" | "clock">;

/** The live survey behind a link, or the problem a parent should see instead. */
async function openLink(deps: Deps, code: string) {
  const link = await findLinkByCode(deps.database.db, code);
  if (!link?.versionId || !link.definition) throw notFound("link_not_found");
  const count =
    link.responseCap === null ? null : await countSurveyResponses(deps.database.db, link.surveyId);
  const state = campaignState(link, deps.clock.now(), count);
  if (state !== "open") throw new AppError(CLOSED_CODES[state], 410);
  // Stored definitions were validated when published; parsing again guards against hand edits.
  const definition: TSurveyDefinition = ZSurveyDefinition.parse(link.definition);
  return { ...link, versionId: link.versionId, definition };
}

export async function getPublicSurvey(deps: Deps, code: string) {
  const link = await openLink(deps, code);
  return {
    code: link.code,
    unit: { slug: link.unitSlug, name: link.unitName },
    survey: {
      id: link.surveyId,
      versionId: link.versionId,
      title: link.definition.title,
      intro: link.definition.intro,
      closesAt: link.closesAt?.toISOString() ?? null,
    },
    sections: link.definition.sections,
  };
}

export interface Submission {
  submissionId: string;
  answers: Record<string, unknown>;
  /** Random token the browser keeps: one response per device and survey. */
  deviceToken?: string;
  /** Honeypot: a hidden field people never fill in. */
  website?: string;
  /** ALTCHA proof of work, sent after a 428 challenge. */
  altcha?: string;
}

export interface SubmissionContext {
  ip: string;
}

/** The open survey behind a link; a refusal because it is closed is counted for the staff. */
async function openLinkCounting(deps: SubmitDeps, code: string) {
  try {
    return await openLink(deps, code);
  } catch (error) {
    if (error instanceof AppError && error.status === 410) {
      const link = await findLinkByCode(deps.database.db, code);
      if (link) await countRejection(deps.database.db, link, "closed", deps.clock.now());
    }
    throw error;
  }
}

export type SubmitDeps = Pick<AppDeps, "database" | "clock" | "config">;

/**
 * A proof-of-work challenge for the next answer from this address through this link, as hard as
 * that answer will have to pay now (the page may solve it while the parent answers).
 */
export async function surveyChallenge(deps: Deps, code: string, context: SubmissionContext) {
  const link = await openLink(deps, code);
  const now = deps.clock.now();
  const source = await answerSource(deps.database.db, { ...link, ip: context.ip }, null, now);
  const tally = await SourceTally.read(deps.database.db, [source], now);
  const difficulty = challengeDifficulty(tally.recent(source));
  return { challenge: await issueChallenge(deps.database.db, now, difficulty) };
}

const batchers = new WeakMap<object, SubmissionBatcher>();

/**
 * Stores one parent's answers exactly once. A repeated submission id (a retry after a lost
 * confirmation) returns the first receipt, even when the campaign closed in between. A device that
 * already answered is offered to edit its answer instead of counting twice. Concurrent submissions
 * are written together (group commit, see `SubmissionBatcher`); each is answered once stored.
 */
export function submitResponse(
  deps: SubmitDeps,
  code: string,
  submission: Submission,
  context: SubmissionContext,
): Promise<SubmissionResult> {
  let batcher = batchers.get(deps.database.db);
  if (!batcher) {
    batcher = new SubmissionBatcher(
      deps.database.db,
      (item) =>
        submitResponseAlone({ ...item.deps, clock: { now: () => item.now } }, item.code, item.submission, {
          ip: item.ip,
        }),
      deps.database.engine === "postgres" ? 4 : 1,
    );
    batchers.set(deps.database.db, batcher);
  }
  return batcher.submit({ deps, code, submission, ip: context.ip, now: deps.clock.now() });
}

/**
 * `submitResponse` for one submission on its own: the rules a batch follows (`decideBatch`), for
 * what a batch hands over. A retry answers its first receipt; then the link must be open; then an id
 * already used for another survey's answer is a conflict (409 `submission_conflict`).
 */
export async function submitResponseAlone(
  deps: SubmitDeps,
  code: string,
  submission: Submission,
  context: SubmissionContext,
): Promise<SubmissionResult> {
  const db = deps.database.db;
  const previous = await db
    .selectFrom("survey_response as r")
    .innerJoin("survey_link as l", "l.survey_id", "r.survey_id")
    .select(["r.receipt"])
    .where("r.submission_id", "=", submission.submissionId)
    .where("l.code", "=", code)
    .executeTakeFirst();
  if (previous) return { created: false, receipt: previous.receipt };
  const held = await findHeldSubmission(db, submission.submissionId, code);
  if (held) return { created: false, receipt: held.receipt };

  const now = deps.clock.now();
  const link = await openLinkCounting(deps, code);
  // The id already names another survey's answer: refused before anything is counted or stored.
  if (await usedByOtherSurvey(db, submission.submissionId, link.surveyId)) throw submissionConflict();
  if (submission.website && submission.website.trim() !== "") {
    await countRejection(db, link, "honeypot", now);
    throw new AppError("spam_suspected", 400, { fields: [{ field: "website", message: "field_invalid" }] });
  }
  const checked = checkAnswers(link.definition, submission.answers);
  if (!checked.ok) {
    await countRejection(db, link, "invalid", now);
    throw validationFailed(checked.issues);
  }
  const device = submission.deviceToken ? deviceHash(submission.deviceToken) : null;
  if (device) await refuseSecondAnswer(deps, link.surveyId, device);
  const source = await answerSource(db, { ...link, ip: context.ip }, checked.answers, now);
  const tally = await SourceTally.read(db, [source], now);
  const required = challengeDifficulty(tally.recent(source));
  const solved = !!submission.altcha && (await acceptSolution(db, submission.altcha, now, required));
  await checkSubmissionRate(
    db,
    deps.config,
    { ...link, ip: context.ip },
    { altcha: submission.altcha, solved, required },
    now,
  );
  const reason = burstReason(tally.add(source), deps.config.surveyBursts);

  let stored: Awaited<ReturnType<typeof insertResponseOnce>>;
  try {
    stored = await retryOnReceiptCollision(() => {
      const response = {
        submissionId: submission.submissionId,
        surveyId: link.surveyId,
        versionId: link.versionId,
        linkId: link.linkId,
        receipt: newReceipt(),
        answers: checked.answers,
        deviceHash: device,
        createdAt: now,
      };
      return reason ? insertHeldOnce(db, { ...response, reason, source }) : insertResponseOnce(db, response);
    });
  } catch (error) {
    // Two first answers from one device raced: the loser is offered the winner's answer.
    if (device && isUniqueViolation(error, "device")) await refuseSecondAnswer(deps, link.surveyId, device);
    throw error;
  }
  // Stored under another survey since the check above.
  if (stored.surveyId !== link.surveyId) throw submissionConflict();
  if (stored.created) {
    await db.insertInto("survey_answer_source").values(sourceRow(source, now)).execute();
    await pruneSourcesStatement(now).execute(db);
  }
  return { created: stored.created, receipt: stored.receipt };
}

async function refuseSecondAnswer(deps: SubmitDeps, surveyId: string, device: string): Promise<void> {
  const first = await deps.database.db
    .selectFrom("survey_response")
    .select("receipt")
    .where("survey_id", "=", surveyId)
    .where("device_hash", "=", device)
    .executeTakeFirst();
  if (first) {
    throw new AppError("already_answered", 409, { extensions: { receipt: first.receipt, editable: true } });
  }
  // An answer held for review cannot be edited until a person has decided on it.
  const held = await findHeldOfDevice(deps.database.db, surveyId, device);
  if (held) {
    throw new AppError("already_answered", 409, { extensions: { receipt: held.receipt, editable: false } });
  }
}

/** This device's answer, for the page to prefill an edit. */
export async function getDeviceResponse(deps: Deps, code: string, deviceToken: string) {
  const link = await findLinkByCode(deps.database.db, code);
  if (!link) throw notFound("link_not_found");
  const row = await deps.database.db
    .selectFrom("survey_response")
    .select(["receipt", "answers", "created_at", "updated_at"])
    .where("survey_id", "=", link.surveyId)
    .where("device_hash", "=", deviceHash(deviceToken))
    .executeTakeFirst();
  if (!row) throw notFound("response_not_found");
  return {
    receipt: row.receipt,
    answers: row.answers,
    submittedAt: row.created_at.toISOString(),
    updatedAt: row.updated_at?.toISOString() ?? null,
  };
}

/**
 * Replaces this device's answer while the campaign is open: still one response, now answering the
 * live version. Sending the same edit twice leaves the same result.
 */
export async function editDeviceResponse(
  deps: SubmitDeps,
  code: string,
  edit: { deviceToken: string; answers: Record<string, unknown> },
) {
  const db = deps.database.db;
  const link = await openLinkCounting(deps, code);
  const checked = checkAnswers(link.definition, edit.answers);
  if (!checked.ok) {
    await countRejection(db, link, "invalid", deps.clock.now());
    throw validationFailed(checked.issues);
  }
  const updated = await db
    .updateTable("survey_response")
    .set({
      answers: JSON.stringify(checked.answers),
      version_id: link.versionId,
      updated_at: deps.clock.now(),
    })
    .where("survey_id", "=", link.surveyId)
    .where("device_hash", "=", deviceHash(edit.deviceToken))
    .returning(["receipt", "created_at"])
    .executeTakeFirst();
  if (!updated) throw notFound("response_not_found");
  // The day it was first sent may already be counted in the rollups: count it again.
  await markDayStale(db, link.surveyId, updated.created_at);
  return { receipt: updated.receipt };
}

function isUniqueViolation(error: unknown, constraintPart: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  return e.code === "23505" && `${e.constraint ?? ""}${e.message ?? ""}`.includes(constraintPart);
}

/** Receipts are random (32^8 values): at millions of responses a collision is rare but real. */
async function retryOnReceiptCollision<T>(insert: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await insert();
    } catch (error) {
      if (!isUniqueViolation(error, "receipt") || attempt >= attempts) throw error;
    }
  }
}
