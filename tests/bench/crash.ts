/**
 * Durability under crashes: clients keep sending survey answers and petitions while the server is
 * killed with SIGKILL several times and started again on the same database. A client keeps an
 * answer until it is acknowledged and sends it again with the same submission id after a failure,
 * as the survey page and the petition form do. At the end every acknowledged receipt (or tracking
 * code) must be in the database exactly once, and nothing else may be: 0 lost, 0 duplicated.
 * The month-end job is killed half-way too: the next run after its claim expires must finish the
 * month with exactly one draft per unit. Runs on PostgreSQL (with BENCH_DATABASE_URL) and on the
 * embedded engine. Exits non-zero when anything is lost or duplicated.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { seedOnFirstStart } from "@gopy/api/seed.ts";
import { migrateToLatest, openDatabase } from "@gopy/db";
import { sql } from "kysely";
import { fullSipasAnswers } from "../support/app.ts";
import { createPostgresDatabase } from "../support/database.ts";
import { freePort, type ServerProcess, startServerProcess } from "../support/server-process.ts";
import { repoRoot } from "../support/template.ts";

interface CrashRow {
  run: string;
  kills: number;
  sent: number;
  acknowledged: number;
  stored: number;
  lost: number;
  duplicated: number;
  retried: number;
}

const CLIENTS = 16;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a client sends: a path, a body for a fresh submission id, and how to read the receipt. */
interface Workload {
  name: string;
  path: (server: ServerProcess) => string;
  body: (submissionId: string, n: number) => unknown;
  receipt: (body: any) => string;
  /** submission id → receipt, as stored. */
  stored: (target: string) => Promise<Map<string, string>>;
}

async function openTarget(target: string) {
  return target.startsWith("postgres")
    ? openDatabase(target, { maxConnections: 2 })
    : openDatabase(undefined, { dataDir: target });
}

const surveys: Workload = {
  name: "survey answers",
  path: (s) => `/api/public/s/${s.demoCode}/responses`,
  body: (submissionId, n) => ({
    submissionId,
    deviceToken: randomUUID(),
    answers: fullSipasAnswers((n % 5) + 1),
  }),
  receipt: (b) => b.receipt,
  stored: async (target) => {
    const h = await openTarget(target);
    const rows = await h.db.selectFrom("survey_response").select(["submission_id", "receipt"]).execute();
    await h.close();
    return new Map(rows.map((r) => [r.submission_id, r.receipt]));
  },
};

const petitions: Workload = {
  name: "petitions",
  path: () => "/api/public/units/demo/petitions",
  body: (submissionId, n) => ({
    submissionId,
    kind: "reflection",
    subject: `Góp ý số ${n}`,
    content: "Đề nghị nhà trường bố trí thêm chỗ để xe cho phụ huynh đón con giờ tan học buổi chiều.",
    consentToContact: false,
    consentToPublish: false,
  }),
  receipt: (b) => b.trackingCode,
  stored: async (target) => {
    const h = await openTarget(target);
    const rows = await h.db.selectFrom("petition").select(["submission_id", "tracking_code"]).execute();
    await h.close();
    return new Map(rows.map((r) => [r.submission_id ?? `staff:${r.tracking_code}`, r.tracking_code]));
  },
};

/** Clients sending `workload` while the server is killed `kills` times; then the count. */
async function crashRun(
  engine: string,
  workload: Workload,
  target: string,
  kills: number,
): Promise<CrashRow> {
  const dataDir = target.startsWith("postgres")
    ? mkdtempSync(path.join(tmpdir(), "gopy-crash-"))
    : path.dirname(target);
  const port = await freePort();
  const env = {
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: target.startsWith("postgres") ? target : "",
    ADMIN_PASSWORD: "Mat-khau-rat-dai-2026",
    TRUST_PROXY: "1",
    SURVEY_LIMIT_PER_LINK: "1000000000",
    SURVEY_LIMIT_PER_IP: "1000000000",
    SURVEY_BURST_PER_ADDRESS: "1000000000",
    SURVEY_BURST_PER_NETWORK: "1000000000",
    SURVEY_BURST_SAME_ANSWERS: "1000000000",
    LOG_LEVEL: "warn",
  };
  const before = await workload.stored(target);
  let server = await startServerProcess(env, { bundle: true });
  let up = true;
  let stopping = false;
  let sent = 0;
  let retried = 0;
  const acknowledged = new Map<string, string>();
  const refused: string[] = [];

  const client = async (c: number) => {
    while (!stopping) {
      const submissionId = randomUUID();
      const n = ++sent;
      const body = JSON.stringify(workload.body(submissionId, n));
      // Kept until acknowledged, like the survey page's queue: sent again after any failure.
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0) retried++;
        if (!up) {
          await sleep(50);
          continue;
        }
        try {
          const res = await fetch(`${server.baseUrl}${workload.path(server)}`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-forwarded-for": `10.9.${c}.${n % 250}` },
            body,
            signal: AbortSignal.timeout(10_000),
          });
          if (res.status === 200 || res.status === 201) {
            acknowledged.set(submissionId, workload.receipt(await res.json()));
            break;
          }
          if (res.status >= 500) {
            await sleep(100);
            continue;
          }
          refused.push(`${res.status} ${await res.text()}`);
          break;
        } catch {
          await sleep(100);
        }
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
  for (let k = 0; k < kills; k++) {
    await sleep(1500 + Math.random() * 1500);
    up = false;
    await server.stop("SIGKILL");
    server = await startServerProcess(env, { bundle: true });
    up = true;
  }
  await sleep(1500);
  stopping = true;
  await Promise.all(clients);
  await server.stop("SIGTERM");

  const stored = await workload.stored(target);
  let lost = 0;
  for (const [id, receipt] of acknowledged) if (stored.get(id) !== receipt) lost++;
  const duplicated = [...stored.keys()].filter((id) => !acknowledged.has(id) && !before.has(id)).length;
  if (refused.length > 0)
    console.error(`[crash] ${engine} ${workload.name}: refused ${refused.slice(0, 3).join(" | ")}`);
  if (target.startsWith("postgres")) rmSync(dataDir, { recursive: true, force: true });
  return {
    run: `${workload.name}, ${engine}`,
    kills,
    sent,
    acknowledged: acknowledged.size,
    stored: stored.size - before.size,
    lost: lost + refused.length,
    duplicated,
    retried,
  };
}

function runChild(
  target: string,
  now: Date,
  killAfter = 0,
): { child: ChildProcess; ready: Promise<void>; done: Promise<string> } {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(repoRoot, "tests/bench/month-end-child.ts"),
      target,
      now.toISOString(),
      String(killAfter),
    ],
    { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  let onReady: () => void = () => {};
  const ready = new Promise<void>((r) => (onReady = r));
  child.stdout!.on("data", (d) => {
    out += d;
    if (out.includes("ready")) onReady();
  });
  const done = new Promise<string>((resolve) => child.on("exit", () => resolve(out)));
  return { child, ready, done };
}

/** The month-end job killed half-way through a month of many schools, then run again. */
async function crashMonthEnd(engine: string, target: string, schools: number): Promise<CrashRow> {
  const h = await openTarget(target);
  const demo = await h.db
    .selectFrom("unit")
    .select("id")
    .where("slug", "=", "demo")
    .executeTakeFirstOrThrow();
  await sql`insert into unit (slug, name, kind, parent_id, created_at)
    select 'crash-school-' || g, 'Trường ' || g, 'school', ${demo.id}::uuid, ${new Date()}
    from generate_series(1, ${schools}) g`.execute(h.db);
  const units = Number(
    (
      await h.db
        .selectFrom("unit")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("kind", "!=", "team")
        .where("archived_at", "is", null)
        .executeTakeFirstOrThrow()
    ).n,
  );
  await h.close();

  // The last day of the current month at 16:30 Vietnam time: that month's drafts are due.
  const today = new Date();
  const lastDay = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 0));
  const due = new Date(
    Date.UTC(lastDay.getUTCFullYear(), lastDay.getUTCMonth(), lastDay.getUTCDate(), 9, 30),
  );

  // Killed once about a third of the units have their draft.
  const first = runChild(target, due, Math.ceil(units / 3));
  await first.done;
  const countDrafts = async () => {
    const db = await openTarget(target);
    const rows = await db.db
      .selectFrom("monthly_summary")
      .select(["unit_id"])
      .where("status", "=", "draft")
      .where("month", "=", due.toISOString().slice(0, 7))
      .execute();
    const job = await db.db.selectFrom("job_run").selectAll().executeTakeFirst();
    await db.close();
    return { rows, job };
  };
  const afterKill = await countDrafts();
  // A minute later the dead run's claim still holds: nobody else drafts.
  const early = runChild(target, new Date(due.getTime() + 60_000));
  await early.done;
  // Past the claim (15 minutes) the next tick takes the month over and finishes it.
  const second = runChild(target, new Date(due.getTime() + 16 * 60_000));
  const output = await second.done;
  const result = JSON.parse(output.split("\n").find((l) => l.startsWith("["))!) as { drafted: number }[];
  const end = await countDrafts();
  const distinct = new Set(end.rows.map((r) => r.unit_id)).size;
  console.log(
    `[crash] month-end ${engine}: ${units} units, ${afterKill.rows.length} drafted before the kill (job ${afterKill.job?.outcome}), ` +
      `${result[0]?.drafted ?? 0} by the run that took over; job ${end.job?.outcome} after ${end.job?.attempts} attempts`,
  );
  return {
    run: `month-end job, ${engine}`,
    kills: 1,
    sent: units,
    acknowledged: units,
    stored: distinct,
    lost: units - distinct + (end.job?.outcome === "ok" ? 0 : 1),
    duplicated: end.rows.length - distinct,
    retried: result[0]?.drafted ?? 0,
  };
}

/** Migrates and seeds the demo school into `target` (a PostgreSQL URL or an embedded data folder). */
async function seeded(target: string): Promise<void> {
  const h = await openTarget(target);
  await migrateToLatest(h.db);
  await seedOnFirstStart(h.db, {
    adminEmail: "crash@demo.edu.vn",
    adminPassword: "Mat-khau-rat-dai-2026",
    seedDemo: true,
    now: new Date(),
  });
  await h.close();
}

async function freshEmbedded(): Promise<{ target: string; cleanup: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), "gopy-crash-embedded-"));
  const target = path.join(dir, "pglite");
  await seeded(target);
  return { target, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function freshPostgres(): Promise<{ target: string; cleanup: () => Promise<void> }> {
  const { url, drop } = await createPostgresDatabase();
  await seeded(url);
  return { target: url, cleanup: drop };
}

export async function benchCrash(smoke: boolean): Promise<CrashRow[]> {
  const kills = smoke ? 1 : 3;
  const schools = smoke ? 60 : 300;
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const rows: CrashRow[] = [];
  const engines: [string, () => Promise<{ target: string; cleanup: () => unknown }>][] = [];
  if (base) {
    process.env.TEST_DATABASE_URL = base;
    engines.push(["PostgreSQL", freshPostgres]);
  }
  engines.push(["embedded PGlite", freshEmbedded]);
  for (const [engine, fresh] of engines) {
    for (const workload of [surveys, petitions]) {
      const db = await fresh();
      rows.push(await crashRun(engine, workload, db.target, kills));
      await db.cleanup();
    }
    const db = await fresh();
    rows.push(await crashMonthEnd(engine, db.target, schools));
    await db.cleanup();
  }
  console.log(`\nDurability: SIGKILL of the server (or the month-end job) under load, ${CLIENTS} clients`);
  console.table(rows);
  const failed = rows.filter((r) => r.lost > 0 || r.duplicated > 0);
  console.log(
    failed.length === 0
      ? "0 lost, 0 duplicated in every run"
      : `LOST OR DUPLICATED in: ${failed.map((r) => r.run).join("; ")}`,
  );
  if (!base) console.log("(PostgreSQL skipped: set BENCH_DATABASE_URL=postgres://… to include it)");
  console.log(JSON.stringify({ bench: "crash", smoke, clients: CLIENTS, rows }));
  if (failed.length > 0) process.exitCode = 1;
  return rows;
}
