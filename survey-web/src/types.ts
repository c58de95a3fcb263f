export type Lang = "vi" | "en";

/** Text delivered by the API in both languages. */
export interface LocalizedText {
  vi: string;
  en?: string;
}

export type AnswerValue = number | string | string[] | boolean;
export type Answers = Record<string, AnswerValue>;

export type QuestionType = "likert5" | "single" | "multi" | "rating" | "text" | "yesno";

export type ShowIf = { questionId: string; equals: AnswerValue } | { questionId: string; in: AnswerValue[] };

export interface QuestionOption {
  value: string;
  label: LocalizedText;
}

export interface Question {
  id: string;
  type: QuestionType;
  required: boolean;
  text: LocalizedText;
  help?: LocalizedText;
  options?: QuestionOption[];
  scale?: { min: number; max: number };
  maxLength?: number;
  showIf?: ShowIf;
}

export interface Section {
  id: string;
  title: LocalizedText;
  description?: LocalizedText;
  questions: Question[];
}

export interface SurveyDefinition {
  code: string;
  unit: { slug: string; name: string };
  survey: {
    id: string;
    versionId: string;
    title: LocalizedText;
    intro: LocalizedText;
    closesAt: string | null;
  };
  sections: Section[];
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** RFC 9457 problem document as sent by the API. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  requestId?: string;
  errors?: FieldProblem[];
}
