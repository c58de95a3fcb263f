// The public monthly results as the API sends them (see api/src/reports/summary.ts and
// api/src/petitions/figures.ts). Shares are numbers in [0, 1].
import type { LocalizedText } from "../types";

export interface UnitRef {
  slug: string;
  name: string;
}

export interface PublishedMonth {
  month: string;
  revision: number;
  publishedAt: string;
  index: number | null;
  responses: number | null;
}

export interface ReportList {
  unit: UnitRef;
  months: PublishedMonth[];
}

/** A count that may be hidden so that nobody can be singled out. */
export interface PublicCell {
  count: number | null;
  share: number | null;
  suppressed: boolean;
}

export interface SurveySummary {
  id: string;
  title: LocalizedText;
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
  /** The figures are kept from this earlier revision. */
  asOfRevision?: number;
  /** Burst answers not counted: waiting for review, and discarded after it. */
  review?: { held: number; excluded: number };
}

export interface PetitionFigures {
  month: string;
  asOf: string;
  received: number;
  acknowledgedInTime: number;
  acknowledgedLate: number;
  answered: number;
  early: number;
  onTime: number;
  late: number;
  openAtEnd: number;
  openOverdue: number;
  /** Cases withdrawn by the citizens in the month; absent in summaries published before it was counted. */
  withdrawn?: number;
  /** Of those, withdrawn once overdue: counted late in the on-time rate. */
  withdrawnLate?: number;
  onTimeRate: number | null;
  earlyRate: number | null;
  responseRate: number | null;
  avgWorkingDaysToAnswer: number | null;
  p90WorkingDaysToAnswer: number | null;
  rated: number;
  /** Null when the split is withheld (fewer than 5 ratings). */
  satisfied: number | null;
  satisfiedRate: number | null;
  notSatisfiedReasons: Record<string, number | null>;
  ratingsWithheld?: boolean;
  targets: {
    answered: boolean | null;
    onTime: boolean | null;
    early: boolean | null;
    satisfied: boolean | null;
  };
  goals: { answered: number; onTime: number; early: number; satisfied: number };
}

export interface ProcedureFigures {
  received: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
}

export interface SummaryFigures {
  schema: 1 | 2;
  unit: { slug: string; name: string; kind: string };
  month: string;
  asOf: string;
  satisfaction: { index: number | null; responses: number | null; target: number; met: boolean | null };
  surveys: SurveySummary[];
  petitions: PetitionFigures;
  procedures: ProcedureFigures | null;
  excerpts: string[];
}

export interface MonthReport {
  unit: UnitRef;
  month: string;
  revision: number;
  publishedAt: string;
  commentary: string;
  changes: string | null;
  revisions: { revision: number; publishedAt: string; changes: string | null }[];
  trend: { month: string; index: number | null }[];
  figures: SummaryFigures;
}

export type ResultsView =
  | { view: "list"; unitSlug: string }
  | { view: "month"; unitSlug: string; month: string; revision: number | null }
  | { view: "embed"; unitSlug: string };
