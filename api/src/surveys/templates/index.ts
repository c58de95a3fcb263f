import type { TLocalized, TSurveyDefinition } from "../definition.ts";
import { moetParentsTemplate } from "./moet-parents.ts";
import { sipasTemplate } from "./sipas.ts";

export interface SurveyTemplate {
  id: string;
  definition: TSurveyDefinition;
}

/** The templates shipped with the product; a survey made from one is a copy staff may edit. */
export const SURVEY_TEMPLATES: readonly SurveyTemplate[] = [
  { id: "sipas", definition: sipasTemplate },
  { id: "moet-parents", definition: moetParentsTemplate },
];

export function findTemplate(id: string): SurveyTemplate | undefined {
  return SURVEY_TEMPLATES.find((t) => t.id === id);
}

export function templateSummary(template: SurveyTemplate) {
  const { definition } = template;
  const description: TLocalized = definition.description ?? definition.intro;
  return {
    id: template.id,
    title: definition.title,
    description,
    sections: definition.sections.length,
    questions: definition.sections.reduce((n, s) => n + s.questions.length, 0),
  };
}
