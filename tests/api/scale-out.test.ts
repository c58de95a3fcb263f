/**
 * Several stateless API processes on one PostgreSQL (PostgreSQL only: the embedded engine is for
 * one process). Two real server processes start together on an empty database: the migrations run
 * once, the demo school is seeded once, the month-end job drafts each missed month once, the rate
 * limits count the answers sent to either, and a staff session made on one works on the other.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "@gopy/db";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fullSipasAnswers } from "../support/app.ts";
import { createPostgresDatabase, engine } from "../support/database.ts";
import { type ServerProcess, startServerProcess } from "../support/server-process.ts";

const PASSWORD = "Mat-khau-rat-dai-2026";
const EMAIL = "hieutruong@demo.edu.vn";

describe.skipIf(engine !== "postgres")("two API processes on one PostgreSQL", () => {
  let url: string;
  let drop: () => Promise<void>;
  let dataDirs: string[] = [];
  let a: ServerProcess;
  let b: ServerProcess;
  const both = (started: ServerProcess[]) => {
    [a, b] = started as [ServerProcess, ServerProcess];
  };

  beforeAll(async () => {
    ({ url, drop } = await createPostgresDatabase());
    dataDirs = [0, 1].map(() => mkdtempSync(path.join(tmpdir(), "gopy-scale-")));
    const env = (dataDir: string) => ({
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      ADMIN_EMAIL: EMAIL,
      ADMIN_PASSWORD: PASSWORD,
      TRUST_PROXY: "1",
      SURVEY_LIMIT_PER_IP: "4",
      // The link allows any number free (the default is none), so the address's limit is what is counted.
      SURVEY_LIMIT_PER_LINK: "1000",
    });
    // Both start on the empty database at the same moment.
    both(await Promise.all(dataDirs.map((d) => startServerProcess(env(d)))));
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
    await drop?.();
  });

  const withDb = async <T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>["db"]) => Promise<T>) => {
    const handle = await openDatabase(url, { maxConnections: 1 });
    try {
      return await fn(handle.db);
    } finally {
      await handle.close();
    }
  };

  it("migrate and seed once, both serving", async () => {
    const counts = await withDb(async (db) => ({
      migrations: await sql<{ name: string; n: number }>`
        select name, count(*)::int as n from kysely_migration group by name having count(*) > 1`.execute(db),
      applied: (await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(db))
        .rows[0]!.n,
      admins: await db.selectFrom("app_user").select("email").execute(),
      schools: await db.selectFrom("unit").select("slug").where("slug", "=", "demo").execute(),
    }));
    expect(counts.migrations.rows).toEqual([]);
    expect(counts.applied).toBeGreaterThan(10);
    expect(counts.admins.map((u) => u.email)).toEqual([EMAIL]);
    expect(counts.schools).toHaveLength(1);
    expect(a.demoCode).toBe(b.demoCode);
    for (const s of [a, b]) expect((await fetch(`${s.baseUrl}/healthz`)).status).toBe(200);
    // Exactly one of the two printed the first-start password line.
    expect([a, b].filter((s) => s.output().includes("the one given in ADMIN_PASSWORD"))).toHaveLength(1);
  });

  it("count the limits in the database: answers from one address to either process add up", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const server = i % 2 === 0 ? a : b;
      const res = await fetch(`${server.baseUrl}/api/public/s/${a.demoCode}/responses`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.77" },
        body: JSON.stringify({ submissionId: crypto.randomUUID(), answers: fullSipasAnswers() }),
      });
      statuses.push(res.status);
    }
    // SURVEY_LIMIT_PER_IP=4: three on each process, the fifth and sixth are asked for a proof of work.
    expect(statuses).toEqual([201, 201, 201, 201, 428, 428]);
  });

  it("share staff sessions: signed in on one, recognised and signed out on the other", async () => {
    const login = await fetch(`${a.baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const me = await fetch(`${b.baseUrl}/api/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as any).user.email).toBe(EMAIL);
    const out = await fetch(`${b.baseUrl}/api/auth/logout`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: b.baseUrl },
      body: "{}",
    });
    expect(out.status).toBeLessThan(300);
    expect((await fetch(`${a.baseUrl}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
  });

  it("run a month's month-end job once, whichever process gets there first", async () => {
    // The units existed two months ago and the month-end never ran: both processes catch up at
    // their next tick, on start. Restart both at the same moment to make them race.
    await withDb((db) => sql`update unit set created_at = now() - interval '70 days'`.execute(db));
    await Promise.all([a.stop(), b.stop()]);
    const env = (dataDir: string) => ({ DATABASE_URL: url, DATA_DIR: dataDir, TRUST_PROXY: "1" });
    both(await Promise.all(dataDirs.map((d) => startServerProcess(env(d)))));
    let runs: { period: string; outcome: string; attempts: number }[] = [];
    for (let i = 0; i < 60; i++) {
      runs = await withDb((db) =>
        db.selectFrom("job_run").select(["period", "outcome", "attempts"]).orderBy("period").execute(),
      );
      if (runs.length > 0 && runs.every((r) => r.outcome === "ok")) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) expect(run).toMatchObject({ outcome: "ok", attempts: 1 });
    const drafts = await withDb((db) =>
      sql<{ unit_id: string; month: string; n: number }>`
        select unit_id, month, count(*)::int as n from monthly_summary group by unit_id, month`.execute(db),
    );
    expect(drafts.rows.length).toBeGreaterThan(0);
    expect(drafts.rows.filter((r) => r.n !== 1)).toEqual([]);
  }, 120_000);
});
