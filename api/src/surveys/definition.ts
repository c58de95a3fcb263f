import { z } from "zod";

export const ZLocalized = z.strictObject({ vi: z.string().min(1), en: z.string().min(1) });
export type TLocalized = z.infer<typeof ZLocalized>;

const ZQuestionId = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "lowercase letters, digits and _");

const ZShowIf = z.union([
  z.strictObject({ questionId: ZQuestionId, equals: z.union([z.string(), z.number(), z.boolean()]) }),
  z.strictObject({
    questionId: ZQuestionId,
    in: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1),
  }),
]);
export type TShowIf = z.infer<typeof ZShowIf>;

const base = {
  id: ZQuestionId,
  required: z.boolean(),
  text: ZLocalized,
  help: ZLocalized.optional(),
  showIf: ZShowIf.optional(),
};
const ZOption = z.strictObject({ value: z.string().min(1).max(64), label: ZLocalized });

export const ZQuestion = z.discriminatedUnion("type", [
  z.strictObject({ ...base, type: z.literal("likert5") }),
  z.strictObject({ ...base, type: z.literal("yesno") }),
  z.strictObject({ ...base, type: z.literal("single"), options: z.array(ZOption).min(2) }),
  z.strictObject({ ...base, type: z.literal("multi"), options: z.array(ZOption).min(2) }),
  z.strictObject({
    ...base,
    type: z.literal("rating"),
    scale: z.union([
      z.strictObject({ min: z.literal(1), max: z.literal(5) }),
      z.strictObject({ min: z.literal(0), max: z.literal(10) }),
    ]),
  }),
  z.strictObject({ ...base, type: z.literal("text"), maxLength: z.number().int().min(1).max(4000) }),
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

export const ZSection = z.strictObject({
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
    def.sections.forEach((section, si) => {
      section.questions.forEach((q, qi) => {
        const at = ["sections", si, "questions", qi];
        if (seen.has(q.id))
          ctx.addIssue({ code: "custom", path: [...at, "id"], message: "question_id_duplicate" });
        if (q.showIf && !seen.has(q.showIf.questionId)) {
          ctx.addIssue({
            code: "custom",
            path: [...at, "showIf", "questionId"],
            message: "show_if_order",
          });
        }
        if ("options" in q) {
          const values = new Set<string>();
          q.options.forEach((option, oi) => {
            if (values.has(option.value)) {
              ctx.addIssue({
                code: "custom",
                path: [...at, "options", oi, "value"],
                message: "option_duplicate",
              });
            }
            values.add(option.value);
          });
        }
        seen.add(q.id);
      });
    });
  });
export type TSurveyDefinition = z.infer<typeof ZSurveyDefinition>;

const parsedVersions = new Map<string, TSurveyDefinition>();

/**
 * A stored version's definition, parsed once per process and kept while the version is unchanged
 * (`versionKey` names the version and its last change). Stored definitions were validated when
 * saved; parsing again guards against hand edits.
 */
export function parsedDefinition(versionKey: string, stored: unknown): TSurveyDefinition {
  let parsed = parsedVersions.get(versionKey);
  if (!parsed) {
    parsed = ZSurveyDefinition.parse(stored);
    if (parsedVersions.size >= 500) parsedVersions.clear();
    parsedVersions.set(versionKey, parsed);
  }
  return parsed;
}

export function allQuestions(def: TSurveyDefinition): TQuestion[] {
  return def.sections.flatMap((s) => s.questions);
}
