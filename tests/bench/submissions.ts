/**
 * Benchmark: survey submissions under 50 concurrent connections, beside the database's own ceiling.
 *
 * - ceiling: 50 clients each running a prepared single-row INSERT into `survey_response` in a loop,
 *   on the same PostgreSQL (what the database can take, with nothing in front of it);
 * - ours: `POST /api/public/s/{code}/responses` through the real HTTP server (validation, device
 *   token, rate limiting on — each request from its own address so the limits are checked but not
 *   hit), on PostgreSQL and on the embedded engine.
 * Reports requests/s, p50/p99 latency, the server's RSS, and the ratios ours/ceiling and
 * embedded/PostgreSQL. Nothing here fails on a slow machine.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { seedOnFirstStart } from "@gopy/api/seed.ts";
import { type DatabaseHandle, migrateToLatest, openDatabase } from "@gopy/db";
import autocannon from "autocannon";
import pg from "pg";
import { fullSipasAnswers } from "../support/app.ts";
import { createPostgresDatabase } from "../support/database.ts";
import { type ServerProcess, startServerProcess } from "../support/server-process.ts";

const CONNECTIONS = 50;

export interface SubmissionBenchRow {
  name: string;
  requestsPerS: number;
  p50Ms: number | null;
  p99Ms: number | null;
  rssMb: number | null;
  errors: number;
}

async function prepare(url: string | undefined) {
  const handle: DatabaseHandle = await openDatabase(url, { maxConnections: 20 });
  await migrateToLatest(handle.db);
  const seed = await seedOnFirstStart(handle.db, {
    adminEmail: "bench@demo.edu.vn",
    adminPassword: "Mat-khau-rat-dai-2026",
    seedDemo: true,
    now: new Date(),
  });
  return { handle, code: seed.demoLinkCode! };
}

/** 50 clients inserting one row at a time with a prepared statement: the database's ceiling. */
async function ceiling(url: string, seconds: number): Promise<SubmissionBenchRow> {
  const { handle } = await prepare(url);
  const link = await handle.db
    .selectFrom("survey_link as l")
    .innerJoin("survey as s", "s.id", "l.survey_id")
    .select(["l.id", "s.id as survey_id", "s.current_version_id"])
    .executeTakeFirstOrThrow();
  await handle.close();
  const answers = JSON.stringify(fullSipasAnswers(4));
  const deadline = Date.now() + seconds * 1000;
  const latencies: number[] = [];
  let inserted = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      while (Date.now() < deadline) {
        const t0 = performance.now();
        await client.query({
          name: "insert-response",
          text: `insert into survey_response (submission_id, survey_id, version_id, link_id, receipt, answers, device_hash, created_at)
                 values ($1, $2, $3, $4, $5, $6, $7, now())`,
          values: [
            randomUUID(),
            link.survey_id,
            link.current_version_id,
            link.id,
            `C${randomUUID()}`,
            answers,
            randomUUID(),
          ],
        });
        latencies.push(performance.now() - t0);
        inserted++;
      }
      await client.end();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name: "ceiling: prepared INSERT, PostgreSQL",
    requestsPerS: inserted / elapsed,
    p50Ms: latencies[Math.floor(latencies.length * 0.5)] ?? null,
    p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? null,
    rssMb: null,
    errors: 0,
  };
}

/**
 * Our endpoint through the real server (`api/dist/server.js` in a process of its own, as `npm start`
 * runs it, so its memory is its own), under autocannon from this process. With `processes: 2`, two
 * servers share the database and the 50 connections are split between them.
 */
async function ours(
  name: string,
  url: string | undefined,
  seconds: number,
  processes = 1,
): Promise<SubmissionBenchRow> {
  const dataDirs = Array.from({ length: processes }, () => mkdtempSync(path.join(tmpdir(), "gopy-bench-")));
  const env = (dataDir: string) => ({
    DATA_DIR: dataDir,
    DATABASE_URL: url ?? "",
    ADMIN_PASSWORD: "Mat-khau-rat-dai-2026",
    SEED_DEMO: "1",
    TRUST_PROXY: "1",
    // The limits, proofs of work and burst windows are checked on every request, but this measures
    // storage: no answer pays a proof of work, and the one link takes far more than a school's
    // answers in 10 minutes without any being held.
    SURVEY_LIMIT_PER_LINK: "1000000000",
    SURVEY_LIMIT_PER_IP: "1000000000",
    SURVEY_BURST_PER_ADDRESS: "1000000000",
    SURVEY_BURST_PER_NETWORK: "1000000000",
    SURVEY_BURST_SAME_ANSWERS: "1000000000",
    LOG_LEVEL: "warn",
  });
  const servers: ServerProcess[] = [];
  // BENCH_PROFILE=1: each server writes a V8 CPU profile (open it in Chrome's DevTools) on exit.
  const nodeArgs = process.env.BENCH_PROFILE
    ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(".tmp", "bench-profile")}`]
    : [];
  for (const dir of dataDirs) servers.push(await startServerProcess(env(dir), { bundle: true, nodeArgs }));
  const answers = fullSipasAnswers(4);
  let n = 0;
  const results = await Promise.all(
    servers.map((server) =>
      autocannon({
        url: `${server.baseUrl}/api/public/s/${server.demoCode}/responses`,
        connections: CONNECTIONS / processes,
        duration: seconds,
        requests: [
          {
            method: "POST",
            setupRequest: (req) => {
              n++;
              return {
                ...req,
                headers: {
                  "content-type": "application/json",
                  "x-forwarded-for": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
                },
                body: JSON.stringify({ submissionId: randomUUID(), deviceToken: randomUUID(), answers }),
              };
            },
          },
        ],
      }),
    ),
  );
  const rss = servers.map((s) => s.peakRssMb() ?? 0);
  await Promise.all(servers.map((s) => s.stop()));
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  const sum = (f: (r: (typeof results)[number]) => number) => results.reduce((t, r) => t + f(r), 0);
  return {
    name,
    requestsPerS: sum((r) => r["2xx"]) / seconds,
    // Across processes: the worse of their percentiles.
    p50Ms: Math.max(...results.map((r) => r.latency.p50)),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    rssMb: Math.max(...rss),
    errors: sum((r) => r.non2xx + r.errors + r.timeouts),
  };
}

export async function benchSubmissions(smoke: boolean): Promise<SubmissionBenchRow[]> {
  const seconds = smoke ? 2 : 20;
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const rows: SubmissionBenchRow[] = [];
  const drops: (() => Promise<void>)[] = [];
  if (base) {
    process.env.TEST_DATABASE_URL = base;
    const a = await createPostgresDatabase();
    const b = await createPostgresDatabase();
    const c = await createPostgresDatabase();
    drops.push(a.drop, b.drop, c.drop);
    rows.push(await ceiling(a.url, seconds));
    rows.push(await ours("ours: POST responses, PostgreSQL", b.url, seconds));
    rows.push(await ours("ours: two processes, PostgreSQL", c.url, seconds, 2));
  }
  rows.push(await ours("ours: POST responses, embedded PGlite", undefined, seconds));
  for (const drop of drops) await drop();

  console.log(
    `\nSurvey submissions, ${CONNECTIONS} concurrent connections, ${seconds} s each (server in its own process, in turn)`,
  );
  console.table(
    rows.map((r) => ({
      run: r.name,
      "req/s": r.requestsPerS.toFixed(0),
      "p50 ms": r.p50Ms?.toFixed(1) ?? "",
      "p99 ms": r.p99Ms?.toFixed(1) ?? "",
      "server RSS MB": r.rssMb?.toFixed(0) ?? "",
      "non-2xx": r.errors,
    })),
  );
  const find = (prefix: string) => rows.find((r) => r.name.startsWith(prefix));
  const ceilingRow = find("ceiling");
  const pgRow = find("ours: POST responses, PostgreSQL");
  const embedded = find("ours: POST responses, embedded");
  const two = find("ours: two processes");
  const ratios = {
    twoProcessesOverOne: two && pgRow ? two.requestsPerS / pgRow.requestsPerS : null,
    oursOverCeiling: ceilingRow && pgRow ? pgRow.requestsPerS / ceilingRow.requestsPerS : null,
    embeddedOverPostgres: pgRow && embedded ? embedded.requestsPerS / pgRow.requestsPerS : null,
  };
  console.log(
    `ours/ceiling ${ratios.oursOverCeiling?.toFixed(2) ?? "n/a"} (goal ≥ 1.0), embedded/PostgreSQL ${
      ratios.embeddedOverPostgres?.toFixed(2) ?? "n/a"
    } (goal ≥ 0.5), two processes/one ${ratios.twoProcessesOverOne?.toFixed(2) ?? "n/a"}`,
  );
  if (!base) console.log("(PostgreSQL skipped: set BENCH_DATABASE_URL=postgres://… to include it)");
  console.log(
    JSON.stringify({ bench: "submissions", smoke, connections: CONNECTIONS, seconds, rows, ratios }),
  );
  return rows;
}
