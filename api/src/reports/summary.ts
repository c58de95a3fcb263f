import type { Database } from "@gopy/db";
import type { Kysely, Transaction } from "kysely";
import { type MonthFigures, monthBounds, monthFigures } from "../petitions/figures.ts";
import { loadCaseFacts, loadPetitionSettings } from "../petitions/repository.ts";
import { vnIso } from "../petitions/service.ts";
import { allQuestions, type TLocalized, type TSurveyDefinition } from "../surveys/definition.ts";
import { reviewCounts } from "../surveys/review.ts";
import { vnDay } from "../time.ts";
import { subtreeIds } from "../units.ts";
import {
  type PublicMonthFigures,
  publicPetitionFigures,
  type QuestionDetail,
  questionDetail,
  unitSatisfaction,
} from "./disclosure.ts";
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
    /** Null also when a question of the element has its mean withheld (it would give that mean away). */
    meanScore: number | null;
    criteria: number;
    smallSample: boolean;
    weight: number;
  }[];
  questions: {
    id: string;
    text: TLocalized;
    element: string | null;
    /** "all": every figure; "share": answers and satisfied share only; "none": fewer than 5 answers. */
    detail: QuestionDetail;
    n: number | null;
    mean: number | null;
    topTwoBox: { share: number; low: number; high: number } | null;
    smallSample: boolean;
    distribution: ({ level: number } & PublicCell)[];
  }[];
  /** Responses per link; every cell hidden when one of them is from 1 to 4. */
  channels: ({ channel: string } & PublicCell)[];
  /** Figures kept from this earlier revision: they moved by fewer than 5 people since (guardRevision). */
  asOfRevision?: number;
  /**
   * Answers of the month held as a burst (many from one address or network, or the same answers
   * repeated): still waiting for a person's review, and discarded after it. Neither is counted.
   */
  review?: { held: number; excluded: number };
}

export interface ProcedureFigures {
  received: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
}

/** The month's summary of a unit: public figures only, small cells already suppressed. */
export interface SummaryFigures {
  /** 2: suppression that survives arithmetic (question detail, withheld breakdowns and ratings). */
  schema: 2;
  unit: { slug: string; name: string; kind: string };
  month: string;
  asOf: string;
  satisfaction: {
    /** Responses-weighted mean of the surveys' indices; null without enough answers. */
    index: number | null;
    /** Responses of the surveys shown (a survey with fewer than 5 is left out of the sum too). */
    responses: number | null;
    /** Some survey had from 1 to 4 responses: it is in neither the index nor the responses. */
    responsesPartial: boolean;
    target: number;
    met: boolean | null;
  };
  surveys: SurveySummary[];
  petitions: PublicMonthFigures;
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
  const published = publishSurvey(
    survey,
    counts,
    links.map((l) => ({ id: l.id, channel: l.channel, count: perLink.get(l.id) ?? 0 })),
    options,
    petitionRatings,
  );
  return { ...published, review: await reviewCounts(db, survey.id, vnDay(start), lastDay) };
}

/**
 * The public block of one survey from its month's counts: everything the pages, the open data and
 * the documents may show of it, with the rules of disclosure.ts applied. Pure, so that the
 * suppression can be attacked in tests with any counts.
 */
export function publishSurvey(
  survey: { id: string; title: TLocalized; definition: TSurveyDefinition },
  counts: QuestionCounts[],
  links: { id: string; channel: string; count: number }[],
  options: SummaryOptions,
  petitionRatings: { satisfied: number; unsatisfied: number } | null,
): SurveySummary {
  const responses = links.reduce((a, l) => a + l.count, 0);
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
  const index = satisfactionIndex(survey.definition, counts, { petitionRatings });
  const detailOf = new Map(index.questions.map((q) => [q.questionId, questionDetail(q)]));
  const channelCells = suppressSmallCells(links.map((l) => ({ key: l.id, count: l.count }))).cells;
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
      meanScore: e.criteria.every((c) => c.questionId === null || detailOf.get(c.questionId) === "all")
        ? e.meanScore
        : null,
      criteria: e.criteria.length,
      smallSample: e.smallSample,
      weight: e.weight,
    })),
    questions: index.questions
      .filter((q) => !hidden.has(q.questionId))
      .map((q) => {
        const question = questions.find((x) => x.id === q.questionId)!;
        const detail = detailOf.get(q.questionId)!;
        const box = q.topTwoBox;
        return {
          id: q.questionId,
          text: question.text,
          element: elementOf.get(q.questionId) ?? null,
          detail,
          n: detail === "none" && q.n > 0 ? null : q.n,
          mean: detail === "all" ? q.mean : null,
          topTwoBox:
            detail === "none" || box.share === null || !box.interval
              ? null
              : { share: box.share, low: box.interval.low, high: box.interval.high },
          smallSample: q.smallSample,
          distribution: q.distribution.map((d) =>
            detail === "all"
              ? { level: d.level, count: d.count, share: d.share, suppressed: false }
              : { level: d.level, count: null, share: null, suppressed: true },
          ),
        };
      }),
    channels: channelCells.map((cell, i) => ({ channel: links[i]!.channel, ...cellOf(cell) })),
  };
}

/**
 * The petition figures of the unit's subtree as published: the ratings' split is withheld when it
 * rests on fewer than 5 ratings, here or on the page of any unit below (see disclosure.ts).
 */
export async function publicPetitionMonth(db: Db, unitId: string, month: string, now: Date) {
  const { end } = monthBounds(month);
  const ids = await subtreeIds(db, unitId);
  const { facts, calendarOf } = await loadCaseFacts(db, ids, end);
  const targets = (await loadPetitionSettings(db, unitId)).targets;
  const figures = monthFigures(facts, month, now, calendarOf, targets);
  if (ids.length === 1) return publicPetitionFigures(figures, []);
  // Ratings per unit, then per unit's own subtree (each unit's page shows its subtree's figures).
  const { start } = monthBounds(month);
  const ratedBy = new Map<string, number>();
  for (const f of facts)
    if (f.ratedAt !== null && f.ratedAt >= start && f.ratedAt < end)
      ratedBy.set(f.unitId, (ratedBy.get(f.unitId) ?? 0) + 1);
  const units = await db.selectFrom("unit").select(["id", "parent_id"]).where("id", "in", ids).execute();
  const children = new Map<string, string[]>();
  for (const u of units)
    if (u.parent_id) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u.id]);
  const subtreeRated = (id: string): number =>
    (ratedBy.get(id) ?? 0) + (children.get(id) ?? []).reduce((sum, c) => sum + subtreeRated(c), 0);
  return publicPetitionFigures(figures, ids.filter((id) => id !== unitId).map(subtreeRated));
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
  const petitions = await publicPetitionMonth(db, unitId, month, now);
  // Withheld ratings stay out of the index too, or the feedback element would publish them.
  const ratings =
    settings.petitionRatingsInIndex && petitions.satisfied !== null
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
    if (summary.responses !== 0 || (summary.review && summary.review.held + summary.review.excluded > 0))
      summaries.push(summary);
  }
  const procedures = await db
    .selectFrom("procedure_month")
    .selectAll()
    .where("unit_id", "=", unitId)
    .where("month", "=", month)
    .executeTakeFirst();

  return {
    schema: 2,
    unit,
    month,
    asOf: vnIso(asOf),
    satisfaction: unitSatisfaction(summaries, settings.satisfactionTarget),
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
