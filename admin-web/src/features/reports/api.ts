import { apiFetch } from "../../api/client";
import type { LocalizedText } from "../../i18n";
import type { MonthFigures } from "../dashboard/api";

/** A count that may be hidden so that nobody can be singled out (the API's `PublicCell`). */
export interface PublicCell {
  count: number | null;
  share: number | null;
  /** Hidden: shown as "*", whatever the count. */
  suppressed: boolean;
}

export interface SurveySummary {
  id: string;
  title: LocalizedText;
  /** Null when fewer than 5 (then nothing else of the survey is shown). */
  responses: number | null;
  responsesSuppressed: boolean;
  index: number | null;
  elements: {
    element: string;
    index: number | null;
    meanScore: number | null;
    criteria: number;
    smallSample: boolean;
    weight: number;
  }[];
  questions: {
    id: string;
    text: LocalizedText;
    element: string | null;
    /** "all", "share" (levels and mean withheld) or "none"; absent in months published before it. */
    detail?: "all" | "share" | "none";
    n: number | null;
    mean: number | null;
    topTwoBox: { share: number; low: number; high: number } | null;
    smallSample: boolean;
    distribution: ({ level: number } & PublicCell)[];
  }[];
  channels: ({ channel: string } & PublicCell)[];
  /** The figures are kept from this earlier revision (they moved by fewer than 5 people since). */
  asOfRevision?: number;
  /** Burst answers not counted: waiting for review, and discarded after it. */
  review?: { held: number; excluded: number };
}

export interface ProcedureFigures {
  received: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
}

/** Summaries saved before withdrawals were counted carry no `withdrawn` / `withdrawnLate`. */
export interface PetitionFigures
  extends Omit<MonthFigures, "withdrawn" | "withdrawnLate" | "satisfied" | "notSatisfiedReasons">,
    Partial<Pick<MonthFigures, "withdrawn" | "withdrawnLate">> {
  goals: { answered: number; onTime: number; early: number; satisfied: number };
  /** Null when the split is withheld (fewer than 5 ratings here or in a unit below). */
  satisfied: number | null;
  notSatisfiedReasons: Record<string, number | null>;
  ratingsWithheld?: boolean;
  ratingsAsOfRevision?: number;
}

/** A month's summary exactly as the public JSON carries it (`SummaryFigures` in the API). */
export interface SummaryFigures {
  schema: 1 | 2;
  unit: { slug: string; name: string; kind: string };
  month: string;
  asOf: string;
  satisfaction: {
    index: number | null;
    /** Responses of the surveys shown; a survey with 1-4 is left out (responsesPartial). */
    responses: number | null;
    responsesPartial?: boolean;
    target: number;
    met: boolean | null;
  };
  surveys: SurveySummary[];
  petitions: PetitionFigures;
  procedures: ProcedureFigures | null;
  excerpts: string[];
}

export interface SummaryOptions {
  hiddenQuestions?: string[];
  excerpts?: string[];
}

export interface SummaryRow {
  id: string;
  status: "draft" | "published";
  revision: number | null;
  commentary: string;
  changes: string | null;
  options: SummaryOptions;
  createdAt: string;
  publishedAt: string | null;
  figures: SummaryFigures;
}

export interface MonthListItem {
  month: string;
  draft: { createdAt: string } | null;
  revisions: { revision: number; publishedAt: string }[];
}

export interface MonthDetail {
  month: string;
  draft: SummaryRow | null;
  revisions: SummaryRow[];
}

export interface ReportSettings {
  /** A share between 0 and 1. */
  satisfactionTarget: number;
  petitionRatingsInIndex: boolean;
  /** Day of the month after each quarter when the quarterly report is due (1–31). */
  quarterlyReportDay: number;
  /** "MM-DD": when the yearly report is due. */
  yearlyReportDate: string;
  /** Days before a report is due when the unit's admins get an email reminder (0–30). */
  reportReminderDays: number;
}

export interface CompareItem {
  unit: { id: string; slug: string; name: string };
  published: boolean;
  revision: number | null;
  figures: SummaryFigures;
}

export interface Comparison {
  month: string;
  items: CompareItem[];
}

export interface DraftChange {
  commentary?: string;
  hiddenQuestions?: string[];
  excerpts?: string[];
  /** The commentary and excerpts were checked: keep them despite personal data found. */
  confirmPersonalData?: boolean;
}

const reportsPath = (unitId: string) => `/api/admin/units/${encodeURIComponent(unitId)}/reports`;
const monthPath = (unitId: string, month: string) => `${reportsPath(unitId)}/${encodeURIComponent(month)}`;

export function fetchMonths(unitId: string): Promise<{ items: MonthListItem[] }> {
  return apiFetch(reportsPath(unitId));
}

export function fetchMonth(unitId: string, month: string): Promise<MonthDetail> {
  return apiFetch(monthPath(unitId, month));
}

/** Makes or refreshes the month's draft: recounts as of now and keeps the choices not given. */
export function refreshDraft(unitId: string, month: string, change: DraftChange): Promise<SummaryRow> {
  return apiFetch(`${monthPath(unitId, month)}/draft`, { method: "POST", body: change });
}

/** Publishes the draft as the next revision; a correction must say what changed. */
export function publishMonth(unitId: string, month: string, changes?: string): Promise<SummaryRow> {
  return apiFetch(`${monthPath(unitId, month)}/publish`, {
    method: "POST",
    body: changes === undefined ? {} : { changes },
  });
}

export function saveProcedures(
  unitId: string,
  month: string,
  figures: ProcedureFigures,
): Promise<ProcedureFigures> {
  return apiFetch(`${monthPath(unitId, month)}/procedures`, { method: "PUT", body: figures });
}

export function fetchReportSettings(unitId: string): Promise<ReportSettings> {
  return apiFetch(`${reportsPath(unitId)}/settings`);
}

export function saveReportSettings(unitId: string, settings: ReportSettings): Promise<ReportSettings> {
  return apiFetch(`${reportsPath(unitId)}/settings`, { method: "PUT", body: settings });
}

/** The units directly below side by side; without a month, the server's current month (Vietnam time). */
export function fetchComparison(unitId: string, month?: string): Promise<Comparison> {
  const query = month ? `?month=${encodeURIComponent(month)}` : "";
  return apiFetch(`${reportsPath(unitId)}/compare${query}`);
}

/** The optional header and signature fields of an official document; blank ones print blank. */
export interface DocumentHeading {
  number?: string;
  place?: string;
  signer?: string;
}

/**
 * Where a printable document downloads from (`report-documents`): `period` is a month (its notice),
 * a quarter ("2026-Q4") or a year ("2026") (their report). Plain links: the session cookie goes along.
 */
export function documentHref(
  unitId: string,
  period: string,
  file: "notice.pdf" | "notice.docx" | "report.pdf" | "report.docx",
  query: DocumentHeading & { revision?: number; draft?: boolean } = {},
): string {
  const params = new URLSearchParams();
  if (query.revision !== undefined) params.set("revision", String(query.revision));
  if (query.draft) params.set("draft", "1");
  for (const key of ["number", "place", "signer"] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  const search = params.toString();
  const path = `/api/admin/units/${encodeURIComponent(unitId)}/report-documents/${encodeURIComponent(period)}/${file}`;
  return search ? `${path}?${search}` : path;
}
