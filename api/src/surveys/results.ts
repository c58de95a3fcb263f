import type { TLocalized, TQuestion, TSurveyDefinition } from "./definition.ts";

export const LIKERT_LABELS: Record<number, TLocalized> = {
  1: { vi: "Rất không hài lòng", en: "Very dissatisfied" },
  2: { vi: "Không hài lòng", en: "Dissatisfied" },
  3: { vi: "Bình thường", en: "Neutral" },
  4: { vi: "Hài lòng", en: "Satisfied" },
  5: { vi: "Rất hài lòng", en: "Very satisfied" },
};
const YES: TLocalized = { vi: "Có", en: "Yes" };
const NO: TLocalized = { vi: "Không", en: "No" };

export interface DistributionItem {
  value: number | string | boolean;
  label: TLocalized;
  count: number;
}

export interface QuestionResult {
  id: string;
  sectionId: string;
  type: TQuestion["type"];
  text: TLocalized;
  /** Responses that answered this question. */
  answered: number;
  distribution: DistributionItem[];
  /** Share answering in the top two levels (4–5 of 5; 9–10 of 0–10); null where it means nothing. */
  topTwoBox: number | null;
  mean: number | null;
  /** Text questions: how many gave a non-empty answer (the texts are only in exports). */
  textCount?: number;
}

/** The answer choices of a question, in display order, each with the value stored for it. */
export function choicesOf(question: TQuestion): { value: number | string | boolean; label: TLocalized }[] {
  switch (question.type) {
    case "likert5":
      return [1, 2, 3, 4, 5].map((value) => ({ value, label: LIKERT_LABELS[value]! }));
    case "rating": {
      const values: number[] = [];
      for (let v = question.scale.min; v <= question.scale.max; v++) values.push(v);
      return values.map((value) => ({ value, label: { vi: String(value), en: String(value) } }));
    }
    case "yesno":
      return [
        { value: true, label: YES },
        { value: false, label: NO },
      ];
    case "single":
    case "multi":
      return question.options.map((o) => ({ value: o.value, label: o.label }));
    case "text":
      return [];
  }
}

function topLevels(question: TQuestion): Set<number> | null {
  if (question.type === "likert5") return new Set([4, 5]);
  if (question.type === "rating") return question.scale.max === 10 ? new Set([9, 10]) : new Set([4, 5]);
  return null;
}

/**
 * Per question of `definition`: how many answered, the distribution, the top-two-box share and the
 * mean. Answers to questions the definition no longer has (older versions) are ignored; a value
 * that is not one of the question's choices is not counted.
 */
export function summarizeResponses(
  definition: TSurveyDefinition,
  responses: readonly { answers: Record<string, unknown> }[],
): QuestionResult[] {
  return definition.sections.flatMap((section) =>
    section.questions.map((question): QuestionResult => {
      const base = { id: question.id, sectionId: section.id, type: question.type, text: question.text };
      if (question.type === "text") {
        const textCount = responses.filter((r) => {
          const v = r.answers[question.id];
          return typeof v === "string" && v.trim() !== "";
        }).length;
        return { ...base, answered: textCount, distribution: [], topTwoBox: null, mean: null, textCount };
      }
      const choices = choicesOf(question);
      const counts = new Map<unknown, number>(choices.map((c) => [c.value, 0]));
      let answered = 0;
      let sum = 0;
      let top = 0;
      const tops = topLevels(question);
      for (const response of responses) {
        const raw = response.answers[question.id];
        if (raw === undefined || raw === null) continue;
        const values = question.type === "multi" ? (Array.isArray(raw) ? raw : []) : [raw];
        const known = values.filter((v) => counts.has(v));
        if (known.length === 0) continue;
        answered++;
        for (const v of known) counts.set(v, (counts.get(v) ?? 0) + 1);
        if (typeof raw === "number") {
          sum += raw;
          if (tops?.has(raw)) top++;
        }
      }
      const numeric = question.type === "likert5" || question.type === "rating";
      return {
        ...base,
        answered,
        distribution: choices.map((c) => ({ ...c, count: counts.get(c.value) ?? 0 })),
        topTwoBox: tops && answered > 0 ? top / answered : null,
        mean: numeric && answered > 0 ? sum / answered : null,
      };
    }),
  );
}

/** A stored answer as a spreadsheet cell: numbers stay numbers, choices become their Vietnamese label. */
export function answerCell(question: TQuestion, value: unknown): string | number {
  if (value === undefined || value === null) return "";
  switch (question.type) {
    case "likert5":
    case "rating":
      return typeof value === "number" ? value : "";
    case "yesno":
      return value === true ? YES.vi : value === false ? NO.vi : "";
    case "single":
      return question.options.find((o) => o.value === value)?.label.vi ?? String(value);
    case "multi":
      return Array.isArray(value)
        ? value.map((v) => question.options.find((o) => o.value === v)?.label.vi ?? String(v)).join("; ")
        : "";
    case "text":
      return typeof value === "string" ? value : "";
  }
}
