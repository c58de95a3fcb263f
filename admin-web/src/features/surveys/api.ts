import { apiFetch } from "../../api/client";
import type { LocalizedText } from "../../i18n";
import type { SurveyDefinition } from "./definition";

/** Campaign state: no published version yet, taking answers, before opensAt, after closesAt, cap reached. */
export type SurveyStatus = "draft" | "open" | "scheduled" | "closed" | "full";

export interface SurveyLink {
  id: string;
  code: string;
  channel: string;
  url: string;
  responseCount: number;
  qrSvgUrl: string;
  qrPngUrl: string;
  posterUrl: string;
  archivedAt: string | null;
}

export interface SurveyUnit {
  id: string;
  slug: string;
  name: string;
}

export interface SurveySummary {
  id: string;
  title: LocalizedText;
  unit: SurveyUnit;
  status: SurveyStatus;
  opensAt: string | null;
  closesAt: string | null;
  responseCap: number | null;
  responseCount: number;
  publishedVersion: number | null;
  hasDraft: boolean;
  links: SurveyLink[];
}

export interface SurveyDetail {
  id: string;
  title: LocalizedText;
  unit: SurveyUnit;
  status: SurveyStatus;
  opensAt: string | null;
  closesAt: string | null;
  responseCap: number | null;
  template: string | null;
  responseCount: number;
  rejectedCount: number;
  published: { version: number; publishedAt: string; definition: SurveyDefinition } | null;
  draft: { version: number; updatedAt: string; definition: SurveyDefinition } | null;
  links: SurveyLink[];
}

export interface SurveyTemplateSummary {
  id: string;
  title: LocalizedText;
  description: LocalizedText;
  sections: number;
  questions: number;
}

export interface CampaignChanges {
  title?: { vi: string; en: string };
  opensAt?: string | null;
  closesAt?: string | null;
  responseCap?: number | null;
}

export type RejectionReason = "honeypot" | "rate_limited" | "invalid" | "closed";

export type AnswerValue = number | string | boolean;

export interface QuestionResult {
  id: string;
  sectionId: string;
  type: string;
  text: LocalizedText;
  answered: number;
  distribution: { value: AnswerValue; label: LocalizedText; count: number }[];
  topTwoBox: number | null;
  mean: number | null;
  textCount?: number;
}

export interface SurveyResults {
  responseCount: number;
  filters: { linkId: string | null; from: string | null; to: string | null };
  byLink: { linkId: string; channel: string; count: number }[];
  byDay: { date: string; count: number }[];
  rejected: { reason: RejectionReason; count: number }[];
  sections: { id: string; title: LocalizedText; element?: string | null }[];
  questions: QuestionResult[];
}

export interface ResultFilters {
  linkId: string;
  from: string;
  to: string;
}

const surveyPath = (id: string) => `/api/admin/surveys/${encodeURIComponent(id)}`;

/** Older servers may leave out the newer link URLs; derive them from the code. */
function withLinkUrls<T extends { links: SurveyLink[] }>(survey: T, surveyId: string): T {
  return {
    ...survey,
    links: survey.links.map((link) => ({
      ...link,
      qrPngUrl: link.qrPngUrl ?? `/api/public/s/${link.code}/qr.png`,
      posterUrl: link.posterUrl ?? `${surveyPath(surveyId)}/links/${link.id}/poster.pdf`,
      archivedAt: link.archivedAt ?? null,
    })),
  };
}

export async function fetchSurveys(): Promise<{ items: SurveySummary[] }> {
  const data = await apiFetch<{ items: SurveySummary[] }>("/api/admin/surveys");
  return { items: data.items.map((item) => withLinkUrls(item, item.id)) };
}

export function fetchTemplates(): Promise<{ items: SurveyTemplateSummary[] }> {
  return apiFetch("/api/admin/survey-templates");
}

export function createSurvey(
  unitId: string,
  input: { templateId: string; title?: { vi: string; en: string } },
): Promise<{ id: string }> {
  return apiFetch(`/api/admin/units/${encodeURIComponent(unitId)}/surveys`, { method: "POST", body: input });
}

export async function fetchSurvey(id: string): Promise<SurveyDetail> {
  return withLinkUrls(await apiFetch<SurveyDetail>(surveyPath(id)), id);
}

export async function updateSurvey(id: string, changes: CampaignChanges): Promise<SurveyDetail> {
  return withLinkUrls(await apiFetch<SurveyDetail>(surveyPath(id), { method: "PATCH", body: changes }), id);
}

export function saveDraft(
  id: string,
  definition: SurveyDefinition,
): Promise<{ version: number; updatedAt: string }> {
  return apiFetch(`${surveyPath(id)}/draft`, { method: "PUT", body: { definition } });
}

export function publishDraft(id: string): Promise<{ version: number; publishedAt: string }> {
  return apiFetch(`${surveyPath(id)}/publish`, { method: "POST", body: {} });
}

export function discardDraft(id: string): Promise<void> {
  return apiFetch(`${surveyPath(id)}/draft`, { method: "DELETE" });
}

export function addLink(id: string, channel: string): Promise<SurveyLink> {
  return apiFetch(`${surveyPath(id)}/links`, { method: "POST", body: { channel } });
}

export function renameLink(id: string, linkId: string, channel: string): Promise<SurveyLink> {
  return apiFetch(`${surveyPath(id)}/links/${encodeURIComponent(linkId)}`, {
    method: "PATCH",
    body: { channel },
  });
}

export function archiveLink(id: string, linkId: string): Promise<void> {
  return apiFetch(`${surveyPath(id)}/links/${encodeURIComponent(linkId)}/archive`, {
    method: "POST",
    body: {},
  });
}

function filterQuery(filters: ResultFilters): string {
  const params = new URLSearchParams();
  if (filters.linkId) params.set("linkId", filters.linkId);
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function fetchResults(id: string, filters: ResultFilters): Promise<SurveyResults> {
  return apiFetch(`${surveyPath(id)}/results${filterQuery(filters)}`);
}

/** Plain download links for the responses with the same filters as the results. */
export function exportHref(id: string, format: "csv" | "xlsx", filters: ResultFilters): string {
  return `${surveyPath(id)}/responses.${format}${filterQuery(filters)}`;
}

/** A free-text answer of one response, and the case opened from it, if any. */
export interface SurveyComment {
  receipt: string;
  questionId: string;
  questionText: LocalizedText;
  text: string;
  submittedAt: string;
  petition: { id: string; trackingCode: string } | null;
}

export function fetchComments(id: string): Promise<{ items: SurveyComment[] }> {
  return apiFetch(`/api/admin/surveys/${encodeURIComponent(id)}/comments`);
}

export function commentToPetition(
  id: string,
  receipt: string,
  questionId: string,
): Promise<{ id: string; trackingCode: string }> {
  return apiFetch(
    `/api/admin/surveys/${encodeURIComponent(id)}/comments/${encodeURIComponent(receipt)}/petition`,
    { method: "POST", body: { questionId } },
  );
}

/** Why a burst of answers was held: many from one address, one network, or the same answers. */
export type HeldReason = "address" | "network" | "pattern";

export type HeldAnswers = Record<string, unknown>;

/** One answer held for review; the address appears only as the first characters of its hash. */
export interface HeldAnswer {
  id: number;
  receipt: string;
  linkId: string;
  channel: string;
  submittedAt: string;
  addressHash: string;
  network: string;
  pattern: string;
  answers: HeldAnswers;
}

export interface HeldBurst {
  id: string;
  reason: HeldReason;
  source: string;
  firstAt: string;
  lastAt: string;
  count: number;
  addresses: string[];
  networks: string[];
  repeated: { answers: HeldAnswers; count: number };
  items: HeldAnswer[];
}

export type HeldDecision = "include" | "discard";

export function fetchHeld(id: string): Promise<{ bursts: HeldBurst[]; held: number }> {
  return apiFetch(`${surveyPath(id)}/held`);
}

export function decideHeld(
  id: string,
  decision: HeldDecision,
  ids: number[],
): Promise<{ decision: HeldDecision; decided: { id: number; receipt: string }[] }> {
  return apiFetch(`${surveyPath(id)}/held/decisions`, { method: "POST", body: { decision, ids } });
}
