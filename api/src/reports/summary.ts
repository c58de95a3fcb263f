import type { Database } from "@gopy/db";
import type { Kysely, Transaction } from "kysely";
import { type MonthFigures, monthBounds, monthFigures } from "../petitions/figures.ts";
import { loadCaseFacts, loadPetitionSettings } from "../petitions/repository.ts";
import { vnIso } from "../petitions/service.ts";
import { allQuestions, type TLocalized, type TSurveyDefinition } from "../surveys/definition.ts";
import { vnDay } from "../time.ts";
import { subtreeIds } from "../units.ts";
import { surveyCounts } from "./rollup.ts";
import {
  type CriterionElement,
  type QuestionCounts,
  SMALL_CELL,
  type SuppressedCell,
  satisfactionIndex,
  scaleOf,
  suppressSmallCells,
} from "./satisfaction-index.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** The Ministry of Education's plan 2034/QĐ-BGDĐT: at least 85% of parents satisfied. */
export const DEFAULT_SATISFACTION_TARGET = 0.85;

export interface ReportSettings {
  /** The satisfaction index goal, a share. */
  satisfactionTarget: number;
  /** Count citizens' ratings of petition answers as a criterion of the feedback element. */
  petitionRatingsInIndex: boolean;
  /** Day of the month after each quarter when the quarterly report is due to the supervising level. */
  quarterlyReportDay: number;
  /** "MM-DD" of the year when the yearly report is due. */
  yearlyReportDate: string;
  /** Days before a report is due when the unit's admins are reminded. */
  reportReminderDays: number;
}
export const DEFAULT_REPORT_SETTINGS: ReportSettings = {
  satisfactionTarget: DEFAULT_SATISFACTION_TARGET,
  petitionRatingsInIndex: false,
  quarterlyReportDay: 10,
  yearlyReportDate: "12-15",
  reportReminderDays: 3,
};

/** What a reviewer chose for the public version: questions kept out, redacted excerpts shown. */
export interface SummaryOptions {
  hiddenQuestions?: string[];
  excerpts?: string[];
}

export type PublicCell = Omit<SuppressedCell, "key">;

export interface SurveySummary {
  id: string;
  title: TLocalized;
  /** Responses in the month; null when fewer than 5 (then nothing else of the survey is shown). */
  responses: number | null;
  responsesSuppressed: boolean;
  index: number | null;
  elements: {
    element: CriterionElement;
    index: number | null;
    meanScore: number | null;
    criteria: number;
    smallSample: boolean;
    weight: number;
  }[];
  questions: {
    id: string;
    text: TLocalized;
    element: string | null;
    n: number | null;
    mean: number | null;
    topTwoBox: { share: number; low: number; high: number } | null;
    smallSample: boolean;
    distribution: ({ level: number } & PublicCell)[];
  }[];
  channels: ({ channel: string } & PublicCell)[];
}

export interface ProcedureFigures {
  received: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
}

/** The month's summary of a unit: public figures only, small cells already suppressed. */
export interface SummaryFigures {
  schema: 1;
  unit: { slug: string; name: string; kind: string };
  month: string;
  asOf: string;
  satisfaction: {
    /** Responses-weighted mean of the surveys' indices; null without enough answers. */
    index: number | null;
    responses: number | null;
    target: number;
    met: boolean | null;
  };
  surveys: SurveySummary[];
  petitions: MonthFigures;
  procedures: ProcedureFigures | null;
  excerpts: string[];
}

export async function loadReportSettings(db: Db, unitId: string): Promise<ReportSettings> {
  const row = await db
    .selectFrom("unit")
    .select("report_settings")
    .where("id", "=", unitId)
    .executeTakeFirstOrThrow();
  return { ...DEFAULT_REPORT_SETTINGS, ...((row.report_settings as Partial<ReportSettings>) ?? {}) };
}

const cellOf = ({ key: _key, ...rest }: SuppressedCell): PublicCell => rest;

/** Counts per level (the index module's input) from the value rows of one question. */
function levelCounts(rows: { value: string; count: number }[], min: number, max: number): number[] {
  const counts = new Array<number>(max - min + 1).fill(0);
  for (const r of rows) {
    const level = Number(r.value);
    if (Number.isInteger(level) && level >= min && level <= max) counts[level - min]! += r.count;
  }
  return counts;
}

async function surveySummary(
  db: Db,
  survey: { id: string; title: TLocalized; definition: TSurveyDefinition },
  month: string,
  until: Date,
  options: SummaryOptions,
  petitionRatings: { satisfied: number; unsatisfied: number } | null,
): Promise<SurveySummary> {
  const { start, end } = monthBounds(month);
  const lastDay = vnDay(new Date(end.getTime() - 1));
  const rows = await surveyCounts(db, survey.id, vnDay(start), lastDay, until < end ? until : end);
  const links = await db
    .selectFrom("survey_link")
    .select(["id", "channel"])
    .where("survey_id", "=", survey.id)
    .orderBy("created_at")
    .orderBy("channel")
    .execute();
  const perLink = new Map<string, number>();
  for (const r of rows)
    if (r.questionId === "") perLink.set(r.linkId, (perLink.get(r.linkId) ?? 0) + r.count);
  const responses = [...perLink.values()].reduce((a, b) => a + b, 0);
  const hidden = new Set(options.hiddenQuestions ?? []);

  if (responses < SMALL_CELL) {
    // Too few answers to show anything without pointing at someone.
    return {
      id: survey.id,
      title: survey.title,
      responses: responses === 0 ? 0 : null,
      responsesSuppressed: responses > 0,
      index: null,
      elements: [],
      questions: [],
      channels: [],
    };
  }

  const questions = allQuestions(survey.definition);
  const counts: QuestionCounts[] = [];
  for (const q of questions) {
    const scale = scaleOf(q);
    if (!scale) continue;
    const [min, max] = scale === "1-5" ? [1, 5] : [0, 10];
    counts.push({
      questionId: q.id,
      counts: levelCounts(
        rows.filter((r) => r.questionId === q.id),
        min,
        max,
      ),
    });
  }
  const index = satisfactionIndex(survey.definition, counts, { petitionRatings });
  const channelCells = suppressSmallCells(
    links.map((l) => ({ key: l.id, count: perLink.get(l.id) ?? 0 })),
  ).cells;
  const elementOf = new Map<string, string | null>();
  for (const section of survey.definition.sections)
    for (const q of section.questions) elementOf.set(q.id, section.element ?? null);

  return {
    id: survey.id,
    title: survey.title,
    responses,
    responsesSuppressed: false,
    index: index.index,
    elements: index.elements.map((e) => ({
      element: e.element,
      index: e.index,
      meanScore: e.meanScore,
      criteria: e.criteria.length,
      smallSample: e.smallSample,
      weight: e.weight,
    })),
    questions: index.questions
      .filter((q) => !hidden.has(q.questionId))
      .map((q) => {
        const question = questions.find((x) => x.id === q.questionId)!;
        const small = q.n < SMALL_CELL;
        const distribution = suppressSmallCells(
          q.distribution.map((d) => ({ key: String(d.level), count: d.count })),
        ).cells.map((cell) => ({ level: Number(cell.key), ...cellOf(cell) }));
        const box = q.topTwoBox;
        return {
          id: q.questionId,
          text: question.text,
          element: elementOf.get(q.questionId) ?? null,
          n: small ? null : q.n,
          mean: small ? null : q.mean,
          topTwoBox:
            small || box.share === null || !box.interval
              ? null
              : { share: box.share, low: box.interval.low, high: box.interval.high },
          smallSample: q.smallSample,
          distribution,
        };
      }),
    channels: channelCells.map((cell, i) => ({ channel: links[i]!.channel, ...cellOf(cell) })),
  };
}

/** The petition figures of the unit's whole subtree for the month, as the dashboard shows them. */
export async function petitionMonth(db: Db, unitId: string, month: string, now: Date): Promise<MonthFigures> {
  const { end } = monthBounds(month);
  const { facts, calendarOf } = await loadCaseFacts(db, await subtreeIds(db, unitId), end);
  const targets = (await loadPetitionSettings(db, unitId)).targets;
  return monthFigures(facts, month, now, calendarOf, targets);
}

/**
 * Builds a unit's summary of a month as of `now` (the month's end if it is over): its own surveys
 * (index, elements, questions, channels, from the per-day rollups), the petitions of its subtree
 * (the 100% dashboard's figures), the administrative procedures typed in for the month, and the
 * targets met or not. Everything in it may be published: cells under 5 are suppressed, free text
 * appears only as excerpts a reviewer wrote.
 */
export async function buildSummary(
  db: Db,
  unitId: string,
  month: string,
  now: Date,
  options: SummaryOptions = {},
): Promise<SummaryFigures> {
  const { end } = monthBounds(month);
  const asOf = now < end ? now : end;
  const unit = await db
    .selectFrom("unit")
    .select(["slug", "name", "kind"])
    .where("id", "=", unitId)
    .executeTakeFirstOrThrow();
  const settings = await loadReportSettings(db, unitId);
  const petitions = await petitionMonth(db, unitId, month, now);
  const ratings = settings.petitionRatingsInIndex
    ? { satisfied: petitions.satisfied, unsatisfied: petitions.rated - petitions.satisfied }
    : null;

  const surveys = await db
    .selectFrom("survey as s")
    .innerJoin("survey_version as v", "v.id", "s.current_version_id")
    .select(["s.id", "s.title", "v.definition"])
    .where("s.unit_id", "=", unitId)
    .where("s.archived_at", "is", null)
    .orderBy("s.created_at")
    .execute();
  const summaries: SurveySummary[] = [];
  for (const s of surveys) {
    const summary = await surveySummary(
      db,
      { id: s.id, title: s.title as TLocalized, definition: s.definition as TSurveyDefinition },
      month,
      asOf,
      options,
      ratings,
    );
    if (summary.responses !== 0) summaries.push(summary);
  }
  // The unit's index: the surveys' indices weighted by their answers (surveys shown in full only).
  const scored = summaries.filter((s) => s.index !== null && s.responses !== null);
  const weight = scored.reduce((sum, s) => sum + s.responses!, 0);
  const index = weight === 0 ? null : scored.reduce((sum, s) => sum + s.index! * s.responses!, 0) / weight;
  const allResponses = summaries.reduce((sum, s) => sum + (s.responses ?? 0), 0);
  const anySuppressed = summaries.some((s) => s.responsesSuppressed);

  const procedures = await db
    .selectFrom("procedure_month")
    .selectAll()
    .where("unit_id", "=", unitId)
    .where("month", "=", month)
    .executeTakeFirst();

  return {
    schema: 1,
    unit,
    month,
    asOf: vnIso(asOf),
    satisfaction: {
      index,
      responses: anySuppressed && allResponses < SMALL_CELL ? null : allResponses,
      target: settings.satisfactionTarget,
      met: index === null ? null : index >= settings.satisfactionTarget,
    },
    surveys: summaries,
    petitions,
    procedures: procedures
      ? {
          received: procedures.received,
          resolvedEarly: procedures.resolved_early,
          resolvedOnTime: procedures.resolved_on_time,
          resolvedLate: procedures.resolved_late,
        }
      : null,
    excerpts: (options.excerpts ?? []).map((e) => e.trim()).filter(Boolean),
  };
}
