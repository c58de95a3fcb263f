// Pure survey rules: visibility, validation and payload building.
import type { Answers, AnswerValue, Question, Section, SurveyDefinition } from "./types";

export type FieldErrorCode = "required" | "tooLong";

function matches(answer: AnswerValue | undefined, expected: AnswerValue): boolean {
  if (answer === undefined) return false;
  // For multiple-choice answers a condition holds when the expected value was ticked.
  if (Array.isArray(answer)) return answer.some((item) => matches(item, expected));
  if (Array.isArray(expected)) return false;
  return answer === expected;
}

/** Ids of all questions currently shown, evaluated in survey order. */
export function visibleQuestionIds(survey: SurveyDefinition, answers: Answers): Set<string> {
  const visible = new Set<string>();
  for (const section of survey.sections) {
    for (const question of section.questions) {
      const rule = question.showIf;
      if (!rule) {
        visible.add(question.id);
        continue;
      }
      // A condition on a hidden question counts as unanswered.
      const answer = visible.has(rule.questionId) ? answers[rule.questionId] : undefined;
      const shown =
        "in" in rule ? rule.in.some((value) => matches(answer, value)) : matches(answer, rule.equals);
      if (shown) visible.add(question.id);
    }
  }
  return visible;
}

export function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "string") return value.trim().length > 0;
  return true;
}

export function checkQuestion(question: Question, value: AnswerValue | undefined): FieldErrorCode | null {
  if (!isAnswered(value)) return question.required ? "required" : null;
  if (question.type === "text" && typeof value === "string" && question.maxLength) {
    if (value.trim().length > question.maxLength) return "tooLong";
  }
  return null;
}

export function checkSection(
  section: Section,
  answers: Answers,
  visible: Set<string>,
): Record<string, FieldErrorCode> {
  const errors: Record<string, FieldErrorCode> = {};
  for (const question of section.questions) {
    if (!visible.has(question.id)) continue;
    const error = checkQuestion(question, answers[question.id]);
    if (error) errors[question.id] = error;
  }
  return errors;
}

/** Indexes of sections that have at least one visible question. */
export function visibleSectionIndexes(survey: SurveyDefinition, visible: Set<string>): number[] {
  const result: number[] = [];
  survey.sections.forEach((section, index) => {
    if (section.questions.some((question) => visible.has(question.id))) result.push(index);
  });
  return result;
}

export function sectionIndexOfQuestion(survey: SurveyDefinition, questionId: string): number {
  return survey.sections.findIndex((section) => section.questions.some((q) => q.id === questionId));
}

/** Answers to send: visible questions only, unanswered ones omitted, text trimmed. */
export function buildPayload(survey: SurveyDefinition, answers: Answers): Answers {
  const visible = visibleQuestionIds(survey, answers);
  const payload: Answers = {};
  for (const section of survey.sections) {
    for (const question of section.questions) {
      const value = answers[question.id];
      if (!visible.has(question.id) || value === undefined || !isAnswered(value)) continue;
      payload[question.id] = typeof value === "string" && question.type === "text" ? value.trim() : value;
    }
  }
  return payload;
}
