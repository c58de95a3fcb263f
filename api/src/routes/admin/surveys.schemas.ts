import type { RejectionReason } from "@gopy/db";
import { z } from "zod";
import { ZDay, ZTimestamp, ZUuid } from "../../http/openapi.ts";
import { type TQuestion, ZElement, ZLocalized, ZSurveyDefinition } from "../../surveys/definition.ts";
import type { SurveyStatus } from "../../surveys/manage.ts";

/*
 * Response bodies of the admin survey routes, for the OpenAPI document only (never parsed at
 * runtime). They follow `surveys/manage.ts` (detail, links), `surveys/results.ts` (summaries) and
 * the handlers in `surveys.ts`.
 */

const ZSurveyStatus = z
  .enum(["draft", "scheduled", "open", "closed", "full"] as const satisfies readonly SurveyStatus[])
  .meta({
    description:
      "draft: never published; scheduled: before `opensAt`; open: taking answers; closed: after `closesAt`; full: `responseCap` reached",
  });

const ZUnitRef = z.strictObject({ id: ZUuid, slug: z.string(), name: z.string() });

/** `LinkView` of `surveys/manage.ts`, without the survey id. */
export const ZSurveyLink = z.strictObject({
  id: ZUuid,
  code: z.string().meta({ description: "The unguessable code in the public URL and QR code" }),
  channel: z.string().meta({ description: "Where the link is handed out, e.g. “Cổng trường”" }),
  url: z.url().meta({ description: "The public survey page for this link" }),
  responseCount: z.number().int().min(0),
  qrSvgUrl: z.string(),
  qrPngUrl: z.string(),
  posterUrl: z.string(),
  archivedAt: ZTimestamp.nullable(),
});

const campaign = {
  opensAt: ZTimestamp.nullable(),
  closesAt: ZTimestamp.nullable(),
  responseCap: z.number().int().nullable(),
};

export const ZSurveyList = z.strictObject({
  items: z.array(
    z.strictObject({
      id: ZUuid,
      title: ZLocalized,
      unit: ZUnitRef,
      status: ZSurveyStatus,
      ...campaign,
      responseCount: z.number().int().min(0),
      publishedVersion: z.number().int().nullable(),
      hasDraft: z.boolean(),
      links: z.array(ZSurveyLink),
    }),
  ),
});

/** `surveyDetail` of `surveys/manage.ts`. */
export const ZSurveyDetail = z.strictObject({
  id: ZUuid,
  title: ZLocalized,
  unit: ZUnitRef,
  status: ZSurveyStatus,
  ...campaign,
  template: z.string().nullable(),
  responseCount: z.number().int().min(0),
  rejectedCount: z.number().int().min(0),
  published: z
    .strictObject({ version: z.number().int(), publishedAt: ZTimestamp, definition: ZSurveyDefinition })
    .nullable(),
  draft: z
    .strictObject({ version: z.number().int(), updatedAt: ZTimestamp, definition: ZSurveyDefinition })
    .nullable(),
  links: z.array(ZSurveyLink).meta({ description: "Every link, archived ones included" }),
});

export const ZDraftSaved = z.strictObject({ version: z.number().int(), updatedAt: ZTimestamp });
export const ZPublished = z.strictObject({ version: z.number().int(), publishedAt: ZTimestamp });

const ZQuestionType = z.enum([
  "likert5",
  "yesno",
  "single",
  "multi",
  "rating",
  "text",
] as const satisfies readonly TQuestion["type"][]);

const ZRejectionReason = z.enum([
  "honeypot",
  "rate_limited",
  "invalid",
  "closed",
] as const satisfies readonly RejectionReason[]);

/** `QuestionResult` of `surveys/results.ts`. */
const ZQuestionResult = z.strictObject({
  id: z.string(),
  sectionId: z.string(),
  type: ZQuestionType,
  text: ZLocalized,
  answered: z.number().int().min(0),
  distribution: z.array(
    z.strictObject({
      value: z.union([z.number(), z.string(), z.boolean()]),
      label: ZLocalized,
      count: z.number().int().min(0),
    }),
  ),
  topTwoBox: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .meta({ description: "Share of answers in the top two levels; null for non-scale questions" }),
  mean: z.number().nullable(),
  textCount: z
    .number()
    .int()
    .min(0)
    .optional()
    .meta({ description: "Text questions only: non-empty answers (the texts are only in exports)" }),
});

export const ZSurveyResults = z.strictObject({
  responseCount: z.number().int().min(0),
  filters: z.strictObject({ linkId: ZUuid.nullable(), from: ZDay.nullable(), to: ZDay.nullable() }),
  byLink: z.array(z.strictObject({ linkId: ZUuid, channel: z.string(), count: z.number().int().min(0) })),
  byDay: z.array(z.strictObject({ date: ZDay, count: z.number().int().min(1) })),
  rejected: z.array(z.strictObject({ reason: ZRejectionReason, count: z.number().int().min(0) })),
  sections: z.array(z.strictObject({ id: z.string(), title: ZLocalized, element: ZElement.nullable() })),
  questions: z.array(ZQuestionResult),
});

export const ZListQuery = z.object({
  unitId: ZUuid.optional().meta({ description: "Only this unit's surveys (not those of units below it)" }),
  archived: z.literal("1").optional().meta({ description: "`1`: list archived links too" }),
});

const ZPetitionRef = z.strictObject({ id: ZUuid, trackingCode: z.string() });

export const ZSurveyComments = z.strictObject({
  items: z.array(
    z.strictObject({
      receipt: z.string(),
      questionId: z.string(),
      questionText: ZLocalized,
      text: z.string(),
      submittedAt: ZTimestamp,
      petition: ZPetitionRef.nullable().meta({ description: "The case opened from this comment, if any" }),
    }),
  ),
});

export const ZCommentPetition = ZPetitionRef;

export const ZSurveyTemplates = z.strictObject({
  items: z.array(
    z.strictObject({
      id: z.string(),
      title: ZLocalized,
      description: ZLocalized,
      sections: z.number().int().min(1),
      questions: z.number().int().min(1),
    }),
  ),
});

export const ZSurveyCreated = z.strictObject({ id: ZUuid });

export const ATTACHMENT = { "Content-Disposition": "attachment; filename=…" };
