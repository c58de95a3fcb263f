import type { FieldIssue } from "../errors.ts";
import { isStorableText } from "../http/validate.ts";
import { allQuestions, type TQuestion, type TShowIf, type TSurveyDefinition } from "./definition.ts";

export type AnswerValue = string | number | boolean | string[];
export type Answers = Record<string, AnswerValue>;

export type AnswerCheck = { ok: true; answers: Answers } | { ok: false; issues: FieldIssue[] };

function holds(condition: TShowIf, answers: Record<string, unknown>): boolean {
  const given = answers[condition.questionId];
  if (given === undefined) return false;
  const wanted = "equals" in condition ? [condition.equals] : condition.in;
  // A multi-choice answer satisfies the condition when any ticked value matches.
  const values = Array.isArray(given) ? given : [given];
  return values.some((v) => wanted.includes(v as string | number | boolean));
}

/**
 * Checks a submission against the survey version it answers. Answers to hidden questions (their
 * show-if does not hold) are dropped; everything else must be valid or the whole submission is
 * refused with one issue per question.
 */
export function checkAnswers(definition: TSurveyDefinition, raw: Record<string, unknown>): AnswerCheck {
  const questions = allQuestions(definition);
  const known = new Set(questions.map((q) => q.id));
  const issues: FieldIssue[] = [];
  for (const id of Object.keys(raw)) {
    if (!known.has(id)) issues.push({ field: `answers.${id}`, message: "answer_unknown_question" });
  }
  const accepted: Answers = {};
  for (const question of questions) {
    const value = raw[question.id];
    const visible = question.showIf === undefined || holds(question.showIf, accepted);
    if (!visible) continue;
    const empty =
      value === undefined ||
      value === null ||
      (typeof value === "string" && value.trim() === "") ||
      (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (question.required) issues.push({ field: `answers.${question.id}`, message: "answer_required" });
      continue;
    }
    const checked = checkValue(question, value);
    if ("issue" in checked) issues.push({ field: `answers.${question.id}`, ...checked.issue });
    else accepted[question.id] = checked.value;
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, answers: accepted };
}

type ValueCheck = { value: AnswerValue } | { issue: Omit<FieldIssue, "field"> };

function checkValue(question: TQuestion, value: unknown): ValueCheck {
  switch (question.type) {
    case "likert5":
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5
        ? { value: value as number }
        : { issue: { message: "answer_likert" } };
    case "rating": {
      const { min, max } = question.scale;
      return Number.isInteger(value) && (value as number) >= min && (value as number) <= max
        ? { value: value as number }
        : { issue: { message: "answer_rating", params: { min, max } } };
    }
    case "yesno":
      return typeof value === "boolean" ? { value } : { issue: { message: "answer_yesno" } };
    case "single":
      return typeof value === "string" && question.options.some((o) => o.value === value)
        ? { value }
        : { issue: { message: "answer_option" } };
    case "multi": {
      const allowed = new Set(question.options.map((o) => o.value));
      const ok = Array.isArray(value) && value.every((v) => typeof v === "string" && allowed.has(v));
      return ok ? { value: [...new Set(value as string[])] } : { issue: { message: "answer_options" } };
    }
    case "text": {
      if (typeof value !== "string" || !isStorableText(value)) return { issue: { message: "answer_text" } };
      // Vietnamese typed on different keyboards arrives as NFC or NFD: store one form, count characters.
      const text = value.normalize("NFC").trim();
      return [...text].length <= question.maxLength
        ? { value: text }
        : { issue: { message: "answer_text_too_long", params: { max: question.maxLength } } };
    }
  }
}
