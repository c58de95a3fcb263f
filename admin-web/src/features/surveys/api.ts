import { apiFetch } from "../../api/client";
import type { LocalizedText } from "../../i18n";

export type SurveyStatus = "open" | "closed" | "draft";

export interface SurveyLink {
  code: string;
  channel: string;
  url: string;
  responseCount: number;
  qrSvgUrl: string;
}

export interface SurveySummary {
  id: string;
  title: LocalizedText;
  unit: { id: string; slug: string; name: string };
  status: SurveyStatus;
  responseCount: number;
  links: SurveyLink[];
}

export function fetchSurveys(): Promise<{ items: SurveySummary[] }> {
  return apiFetch("/api/admin/surveys");
}
