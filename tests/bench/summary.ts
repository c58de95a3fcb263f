/**
 * Benchmark: building a unit's monthly summary with 10,000 vs 1,000,000 survey responses in the
 * database, on the embedded engine and on PostgreSQL (when BENCH_DATABASE_URL or TEST_DATABASE_URL
 * points at a server). The summary reads per-day rollups, so it should barely grow with the data;
 * the live count (no rollups) is measured beside it for comparison.
 *
 *   npm run bench -- summary            full run (1,000,000 rows: minutes on the embedded engine)
 *   npm run bench -- summary --smoke    a few seconds, to keep the script working (CI)
 */

import { rollupDueDays, surveyCounts } from "@gopy/api/reports/rollup.ts";
import { buildSummary } from "@gopy/api/reports/summary.ts";
import { seedOnFirstStart } from "@gopy/api/seed.ts";
import { type DatabaseHandle, migrateToLatest, openDatabase } from "@gopy/db";
import { sql } from "kysely";
import { createPostgresDatabase } from "../support/database.ts";

const QUESTIONS = [
  "access_place",
  "access_facilities",
  "access_contact",
  "procedure_public",
  "procedure_documents",
  "procedure_fees",
  "staff_polite",
  "staff_listen",
  "staff_guidance",
  "staff_rules",
  "result_correct",
  "result_on_time",
  "feedback_channels",
  "feedback_handling",
  "overall_satisfaction",
];
const MONTH = "2026-10";
const NOW = new Date("2026-11-05T03:00:00Z");

export interface SummaryBenchRow {
  engine: "pglite" | "postgres";
  responses: number;
  insertS: number;
  liveMs: number;
  rollupS: number;
  summaryMs: number;
}

async function fill(db: DatabaseHandle["db"], n: number) {
  const link = await db
    .selectFrom("survey_link as l")
    .innerJoin("survey as s", "s.id", "l.survey_id")
    .select(["l.id as link_id", "s.id as survey_id", "s.current_version_id as version_id"])
    .executeTakeFirstOrThrow();
  const answers = sql.raw(
    `jsonb_build_object(${QUESTIONS.map((q) => `'${q}', 1 + floor(random() * 5)::int`).join(", ")})`,
  );
  // Batches keep each statement's memory bounded on the embedded engine.
  for (let from = 1; from <= n; from += 100_000) {
    const to = Math.min(n, from + 99_999);
    await sql`
      insert into survey_response (submission_id, survey_id, version_id, link_id, receipt, answers, created_at)
      select gen_random_uuid(), ${link.survey_id}, ${link.version_id}, ${link.link_id}, 'B' || i, ${answers},
        ${`${MONTH}-01T00:00:00+07:00`}::timestamptz + (i % 31) * interval '1 day' + (i % 86000) * interval '1 second'
      from generate_series(${from}::int, ${to}::int) as i`.execute(db);
  }
  return link.survey_id as string;
}

async function median(times: number, run: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

async function one(engine: "pglite" | "postgres", n: number): Promise<SummaryBenchRow> {
  let handle: DatabaseHandle;
  let drop = async () => {};
  if (engine === "postgres") {
    const created = await createPostgresDatabase();
    handle = await openDatabase(created.url, { maxConnections: 2 });
    drop = created.drop;
  } else {
    handle = await openDatabase(undefined);
  }
  try {
    await migrateToLatest(handle.db);
    await seedOnFirstStart(handle.db, {
      adminEmail: "bench@demo.edu.vn",
      adminPassword: "Mat-khau-rat-dai-2026",
      seedDemo: true,
      now: new Date("2026-09-01T00:00:00Z"),
    });
    const unit = await handle.db
      .selectFrom("unit")
      .select("id")
      .where("slug", "=", "demo")
      .executeTakeFirstOrThrow();
    let started = performance.now();
    const surveyId = await fill(handle.db, n);
    const insertS = (performance.now() - started) / 1000;
    await sql`analyze`.execute(handle.db);
    // Without rollups: every answer of the month is read.
    const liveMs = await median(1, () =>
      surveyCounts(handle.db, surveyId, `${MONTH}-01`, `${MONTH}-31`, NOW),
    );
    started = performance.now();
    while ((await rollupDueDays(handle.db, NOW)) > 0);
    const rollupS = (performance.now() - started) / 1000;
    const summaryMs = await median(5, () => buildSummary(handle.db, unit.id, MONTH, NOW));
    return { engine, responses: n, insertS, liveMs, rollupS, summaryMs };
  } finally {
    await handle.close();
    await drop();
  }
}

export async function benchSummary(smoke: boolean): Promise<SummaryBenchRow[]> {
  const sizes = smoke ? [1_000, 10_000] : [10_000, 1_000_000];
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (pgUrl) process.env.TEST_DATABASE_URL = pgUrl;
  const engines: ("pglite" | "postgres")[] = pgUrl ? ["pglite", "postgres"] : ["pglite"];
  const rows: SummaryBenchRow[] = [];
  for (const engine of engines) for (const n of sizes) rows.push(await one(engine, n));
  console.log("\nMonthly summary of one unit (median of 5; live = counting the raw answers instead)");
  console.table(
    rows.map((r) => ({
      engine: r.engine,
      responses: r.responses,
      "insert s": r.insertS.toFixed(1),
      "live count ms": r.liveMs.toFixed(0),
      "rollup job s": r.rollupS.toFixed(1),
      "summary ms": r.summaryMs.toFixed(1),
    })),
  );
  const ratios = engines.map((engine) => {
    const [small, large] = rows.filter((r) => r.engine === engine);
    return {
      engine,
      sizeRatio: large!.responses / small!.responses,
      summaryRatio: large!.summaryMs / small!.summaryMs,
    };
  });
  for (const r of ratios) {
    console.log(`${r.engine}: ${r.sizeRatio}x the answers → summary ${r.summaryRatio.toFixed(2)}x the time`);
  }
  if (!pgUrl) console.log("(PostgreSQL skipped: set BENCH_DATABASE_URL=postgres://… to include it)");
  console.log(JSON.stringify({ bench: "summary", smoke, rows, ratios }));
  return rows;
}
