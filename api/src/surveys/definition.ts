import { z } from "zod";

export const ZLocalized = z.object({ vi: z.string().min(1), en: z.string().min(1) });
export type TLocalized = z.infer<typeof ZLocalized>;

const ZQuestionId = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "lowercase letters, digits and _");

const ZShowIf = z.union([
  z.object({ questionId: ZQuestionId, equals: z.union([z.string(), z.number(), z.boolean()]) }),
  z.object({ questionId: ZQuestionId, in: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1) }),
]);
export type TShowIf = z.infer<typeof ZShowIf>;

const base = {
  id: ZQuestionId,
  required: z.boolean(),
  text: ZLocalized,
  help: ZLocalized.optional(),
  showIf: ZShowIf.optional(),
};
const ZOption = z.object({ value: z.string().min(1).max(64), label: ZLocalized });

export const ZQuestion = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.literal("likert5") }),
  z.object({ ...base, type: z.literal("yesno") }),
  z.object({ ...base, type: z.literal("single"), options: z.array(ZOption).min(2) }),
  z.object({ ...base, type: z.literal("multi"), options: z.array(ZOption).min(2) }),
  z.object({
    ...base,
    type: z.literal("rating"),
    scale: z.union([
      z.object({ min: z.literal(1), max: z.literal(5) }),
      z.object({ min: z.literal(0), max: z.literal(10) }),
    ]),
  }),
  z.object({ ...base, type: z.literal("text"), maxLength: z.number().int().min(1).max(4000) }),
]);
export type TQuestion = z.infer<typeof ZQuestion>;

/** Index elements a section can count towards (SIPAS elements and the education survey's groups). */
export const ZElement = z.enum([
  "access",
  "procedure",
  "staff",
  "result",
  "feedback",
  "facilities",
  "environment",
  "activities",
  "outcomes",
  "overall",
]);

export const ZSection = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/),
  title: ZLocalized,
  description: ZLocalized.optional(),
  element: ZElement.optional(),
  questions: z.array(ZQuestion).min(1),
});
export type TSection = z.infer<typeof ZSection>;

export const ZSurveyDefinition = z
  .object({
    title: ZLocalized,
    intro: ZLocalized,
    description: ZLocalized.optional(),
    sections: z.array(ZSection).min(1),
  })
  .superRefine((def, ctx) => {
    const seen = new Set<string>();
    for (const section of def.sections) {
      for (const q of section.questions) {
        if (seen.has(q.id)) ctx.addIssue({ code: "custom", message: `duplicate question id ${q.id}` });
        if (q.showIf && !seen.has(q.showIf.questionId)) {
          ctx.addIssue({ code: "custom", message: `${q.id}: showIf must refer to an earlier question` });
        }
        seen.add(q.id);
      }
    }
  });
export type TSurveyDefinition = z.infer<typeof ZSurveyDefinition>;

export function allQuestions(def: TSurveyDefinition): TQuestion[] {
  return def.sections.flatMap((s) => s.questions);
}
