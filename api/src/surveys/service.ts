import { newReceipt } from "../codes.ts";
import { AppError, notFound, validationFailed } from "../errors.ts";
import type { AppDeps } from "../http/types.ts";
import { checkAnswers } from "./answers.ts";
import { CLOSED_CODES, campaignState } from "./campaign.ts";
import { type TSurveyDefinition, ZSurveyDefinition } from "./definition.ts";
import { countSurveyResponses, findLinkByCode, insertResponseOnce } from "./repository.ts";

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
}

/**
 * Stores one parent's answers exactly once. A repeated submission id (a retry after a lost
 * confirmation) returns the first receipt, even when the campaign closed in between.
 */
export async function submitResponse(deps: Deps, code: string, submission: Submission) {
  const db = deps.database.db;
  const previous = await db
    .selectFrom("survey_response as r")
    .innerJoin("survey_link as l", "l.survey_id", "r.survey_id")
    .select(["r.receipt"])
    .where("r.submission_id", "=", submission.submissionId)
    .where("l.code", "=", code)
    .executeTakeFirst();
  if (previous) return { created: false, receipt: previous.receipt };

  const link = await openLink(deps, code);
  const checked = checkAnswers(link.definition, submission.answers);
  if (!checked.ok) throw validationFailed(checked.issues);
  const stored = await retryOnReceiptCollision(() =>
    insertResponseOnce(db, {
      submissionId: submission.submissionId,
      surveyId: link.surveyId,
      versionId: link.versionId,
      linkId: link.linkId,
      receipt: newReceipt(),
      answers: checked.answers,
      createdAt: deps.clock.now(),
    }),
  );
  if (stored.surveyId !== link.surveyId) {
    throw new AppError("submission_conflict", 409, {
      fields: [{ field: "submissionId", message: "field_invalid" }],
    });
  }
  return { created: stored.created, receipt: stored.receipt };
}

/** Receipts are random (32^8 values): at millions of responses a collision is rare but real. */
async function retryOnReceiptCollision<T>(insert: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await insert();
    } catch (error) {
      const e = error as { code?: string; constraint?: string; message?: string };
      const receiptClash =
        e.code === "23505" && `${e.constraint ?? ""}${e.message ?? ""}`.includes("receipt");
      if (!receiptClash || attempt >= attempts) throw error;
    }
  }
}
