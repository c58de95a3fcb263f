/**
 * The survey definition as the API stores it (see the contract's SurveyDefinition), and the
 * editor's working copy of it: the same objects with a stable `key` on sections, questions and
 * options so that React keeps focus and state when items move or their ids change.
 */

export interface Localized {
  vi: string;
  en: string;
}

export type QuestionType = "likert5" | "single" | "multi" | "rating" | "text" | "yesno";

export const QUESTION_TYPES: readonly QuestionType[] = [
  "likert5",
  "single",
  "multi",
  "rating",
  "text",
  "yesno",
];

export type ChoiceValue = string | number | boolean;

export type ShowIf = { questionId: string; equals: ChoiceValue } | { questionId: string; in: ChoiceValue[] };

export interface Option {
  value: string;
  label: Localized;
}

export interface Question {
  id: string;
  type: QuestionType;
  required: boolean;
  text: Localized;
  help?: Localized;
  showIf?: ShowIf;
  options?: Option[];
  scale?: { min: number; max: number };
  maxLength?: number;
}

export const ELEMENTS = [
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
] as const;
export type Element = (typeof ELEMENTS)[number];

export interface Section {
  id: string;
  title: Localized;
  description?: Localized;
  element?: string;
  questions: Question[];
}

export interface SurveyDefinition {
  title: Localized;
  intro: Localized;
  description?: Localized;
  sections: Section[];
}

export interface EditorOption extends Option {
  key: string;
}

export interface EditorQuestion extends Omit<Question, "options"> {
  key: string;
  options?: EditorOption[];
}

export interface EditorSection extends Omit<Section, "questions"> {
  key: string;
  questions: EditorQuestion[];
}

export interface EditorDefinition extends Omit<SurveyDefinition, "sections"> {
  sections: EditorSection[];
}

let keyCounter = 0;
export const newKey = (): string => `k${++keyCounter}`;

export const emptyText = (): Localized => ({ vi: "", en: "" });

export function toEditor(definition: SurveyDefinition): EditorDefinition {
  return {
    ...definition,
    sections: definition.sections.map((section) => ({
      ...section,
      key: newKey(),
      questions: section.questions.map(({ options, ...question }) => {
        const editable: EditorQuestion = { ...question, key: newKey() };
        if (options) editable.options = options.map((option) => ({ ...option, key: newKey() }));
        return editable;
      }),
    })),
  };
}

/** Optional bilingual text: left out when both languages are empty. */
function optionalText(text: Localized | undefined): Localized | undefined {
  if (!text) return undefined;
  return text.vi.trim() === "" && text.en.trim() === "" ? undefined : text;
}

function withOptional<T extends object, K extends string, V>(object: T, key: K, value: V | undefined) {
  return value === undefined ? object : { ...object, [key]: value };
}

/**
 * The definition to send: keys stripped, empty optional texts dropped and only the fields the
 * question's type takes (the API refuses unknown fields).
 */
export function fromEditor(editor: EditorDefinition): SurveyDefinition {
  const { sections, description, ...head } = editor;
  return withOptional(
    {
      ...head,
      sections: sections.map(
        ({ key: _key, questions, description: sectionDescription, element, ...section }) =>
          withOptional(
            withOptional(
              {
                ...section,
                questions: questions.map((question) => cleanQuestion(question)),
              },
              "description",
              optionalText(sectionDescription),
            ),
            "element",
            element || undefined,
          ),
      ),
    },
    "description",
    optionalText(description),
  );
}

function cleanQuestion(question: EditorQuestion): Question {
  const { key: _key, options, scale, maxLength, help, showIf, ...rest } = question;
  let out: Question = withOptional(rest, "help", optionalText(help));
  out = withOptional(out, "showIf", showIf);
  if (question.type === "single" || question.type === "multi") {
    out = { ...out, options: (options ?? []).map(({ key: _k, ...option }) => option) };
  }
  if (question.type === "rating") out = { ...out, scale: scale ?? { min: 1, max: 5 } };
  if (question.type === "text") out = withOptional(out, "maxLength", maxLength);
  return out;
}

/** The first free id "<prefix><n>" (ids are `^[a-z][a-z0-9_]{0,63}$`). */
function freeId(prefix: string, taken: Set<string>): string {
  for (let n = taken.size + 1; ; n++) {
    const id = `${prefix}${n}`;
    if (!taken.has(id)) return id;
  }
}

export function questionIds(editor: EditorDefinition): Set<string> {
  return new Set(editor.sections.flatMap((section) => section.questions.map((q) => q.id)));
}

export function newQuestion(editor: EditorDefinition): EditorQuestion {
  return {
    key: newKey(),
    id: freeId("q", questionIds(editor)),
    type: "likert5",
    required: true,
    text: emptyText(),
  };
}

export function newSection(editor: EditorDefinition): EditorSection {
  const taken = new Set(editor.sections.map((section) => section.id));
  return {
    key: newKey(),
    id: freeId("section_", taken),
    title: emptyText(),
    questions: [newQuestion(editor)],
  };
}

export const newOption = (value = ""): EditorOption => ({ key: newKey(), value, label: emptyText() });

/** Switching type keeps what the new type can use and gives it the fields it needs. */
export function changeType(question: EditorQuestion, type: QuestionType): EditorQuestion {
  const next: EditorQuestion = { ...question, type };
  if ((type === "single" || type === "multi") && (!next.options || next.options.length === 0)) {
    next.options = [newOption("1"), newOption("2")];
  }
  if (type === "rating" && !next.scale) next.scale = { min: 1, max: 5 };
  if (type === "text" && next.maxLength === undefined) next.maxLength = 1000;
  return next;
}

export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return [...list];
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item as T);
  return copy;
}

/** The values a show-if condition can test for a question; text questions have none. */
export function choiceValues(question: Question | EditorQuestion): ChoiceValue[] {
  switch (question.type) {
    case "likert5":
      return [1, 2, 3, 4, 5];
    case "rating": {
      const { min, max } = question.scale ?? { min: 1, max: 5 };
      const values: number[] = [];
      for (let v = min; v <= max; v++) values.push(v);
      return values;
    }
    case "yesno":
      return [true, false];
    case "single":
    case "multi":
      return (question.options ?? []).map((option) => option.value).filter((value) => value !== "");
    case "text":
      return [];
  }
}

export function showIfValues(showIf: ShowIf): ChoiceValue[] {
  return "equals" in showIf ? [showIf.equals] : showIf.in;
}

/** One value as `equals`, several as `in`; the API needs at least one. */
export function makeShowIf(questionId: string, values: ChoiceValue[]): ShowIf {
  return values.length === 1 ? { questionId, equals: values[0] as ChoiceValue } : { questionId, in: values };
}

/** A form control id for a definition field path, e.g. "sections.0.questions.1.text.vi". */
export const fieldId = (path: string): string => `def-${path.replace(/\./g, "-")}`;
