// `npm run backup` and `npm run restore`, run as users run them (the CLI entry points in a child
// process), on the engine this suite runs on; on PostgreSQL also the move from the embedded engine.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "@gopy/api";
import { fixedClock } from "@gopy/api/clock.ts";
import { seedOnFirstStart } from "@gopy/api/seed.ts";
import { type DatabaseHandle, migrateToLatest, openDatabase } from "@gopy/db";
import { sql } from "kysely";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fullSipasAnswers, jsonRequest, START, signIn, testConfig } from "../support/app.ts";
import { createPostgresDatabase, engine, type TestEngine } from "../support/database.ts";
import { repoRoot, templatePath } from "../support/template.ts";

const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");

interface Cli {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `npm run backup` / `npm run restore` (their tsx entry points) with the given environment. */
function cli(command: "backup" | "restore", args: string[], env: Record<string, string>): Promise<Cli> {
  const started = Date.now();
  const child = spawn(tsx, [path.join(repoRoot, "db", "src", "cli", `${command}.ts`), ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: "", DATA_DIR: "", INIT_CWD: repoRoot, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

/** A database of the service: what the CLI sees in its environment, and a way to open it here. */
interface Place {
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
  drop(): Promise<void>;
}

/** An empty database: a new PostgreSQL database, or a new DATA_DIR. */
async function newPlace(kind: TestEngine, fromTemplate = false): Promise<Place> {
  if (kind === "postgres") {
    const { url, drop } = await createPostgresDatabase();
    return { env: { DATABASE_URL: url }, open: () => openDatabase(url, { maxConnections: 2 }), drop };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "gopy-backup-"));
  const dataDir = path.join(dir, "pglite");
  let first = fromTemplate;
  return {
    env: { DATA_DIR: dir },
    open: () => {
      // The migrated template spares an initdb; only for the first opening of a new folder.
      const loadDataDir = first ? new Blob([readFileSync(templatePath)]) : undefined;
      first = false;
      return openDatabase(undefined, { dataDir, ...(loadDataDir ? { loadDataDir } : {}) });
    },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A migrated database with the demo school and real use through the API: survey answers, a
 * petition, a staff sign-in. Returns the database still open.
 */
async function seededPlace(kind: TestEngine, adminEmail = "hieutruong@demo.edu.vn"): Promise<Place> {
  const place = await newPlace(kind, true);
  const database = await place.open();
  try {
    await migrateToLatest(database.db);
    const clock = fixedClock(START);
    const config = testConfig({ adminEmail });
    const seed = await seedOnFirstStart(database.db, {
      adminEmail: config.adminEmail,
      adminPassword: config.adminPassword,
      seedDemo: true,
      now: clock.now(),
    });
    const app = createApp({ database, clock, config, logger: pino({ level: "silent" }) });
    for (const level of [5, 4, 2]) {
      const res = await app.request(
        `/api/public/s/${seed.demoLinkCode}/responses`,
        jsonRequest("POST", { submissionId: crypto.randomUUID(), answers: fullSipasAnswers(level) }),
      );
      expect(res.status).toBe(201);
      clock.advance(60_000);
    }
    const petition = await app.request(
      "/api/public/units/demo/petitions",
      jsonRequest("POST", {
        submissionId: crypto.randomUUID(),
        kind: "reflection",
        subject: "Cổng trường đông xe giờ tan học",
        content: "Giờ tan học buổi chiều, xe máy đỗ tràn ra lòng đường trước cổng trường, rất nguy hiểm.",
        contact: { name: "Nguyễn Văn An", phone: "0912 345 678", email: "an.nguyen@example.vn" },
        consentToContact: true,
        consentToPublish: false,
      }),
    );
    expect(petition.status).toBe(201);
    await signIn(app, adminEmail);
  } finally {
    await database.close();
  }
  return place;
}

interface TableFingerprint {
  rows: number;
  md5: string;
}

/**
 * Every table of the public schema (the migration tables too): its row count and the md5 of its
 * rows in primary-key order; and every sequence's position.
 */
async function fingerprint(place: Place): Promise<{
  tables: Record<string, TableFingerprint>;
  sequences: Record<string, number | null>;
}> {
  const database = await place.open();
  try {
    return await database.db.transaction().execute(async (trx) => {
      // Row text of timestamps depends on the session's time zone.
      await sql`set local timezone = 'UTC'`.execute(trx);
      const names = await sql<{ name: string }>`
        select tablename as name from pg_catalog.pg_tables where schemaname = 'public' order by tablename
      `.execute(trx);
      const tables: Record<string, TableFingerprint> = {};
      for (const { name } of names.rows) {
        const key = await sql<{ column: string }>`
          select a.attname as column
          from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
          where i.indrelid = ${`public.${name}`}::regclass and i.indisprimary
          order by array_position(i.indkey::int2[], a.attnum)
        `.execute(trx);
        const order = [...key.rows.map((r) => `t.${quote(r.column)}`), `t::text collate "C"`].join(", ");
        const result = await sql<TableFingerprint>`
          select count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by ${sql.raw(order)}), ''))
            as md5
          from ${sql.raw(`public.${quote(name)}`)} t
        `.execute(trx);
        tables[name] = result.rows[0]!;
      }
      const sequences = await sql<{ name: string; last: string | number | null }>`
        select sequencename as name, last_value as last from pg_catalog.pg_sequences
        where schemaname = 'public' order by sequencename
      `.execute(trx);
      return {
        tables,
        sequences: Object.fromEntries(
          sequences.rows.map((s) => [s.name, s.last === null ? null : Number(s.last)]),
        ),
      };
    });
  } finally {
    await database.close();
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The public schema holds no table at all. */
async function tableNames(place: Place): Promise<string[]> {
  const database = await place.open();
  try {
    const result = await sql<{ name: string }>`
      select tablename as name from pg_catalog.pg_tables where schemaname = 'public'
    `.execute(database.db);
    return result.rows.map((r) => r.name);
  } finally {
    await database.close();
  }
}

describe(`npm run backup and npm run restore (${engine})`, () => {
  const work = mkdtempSync(path.join(tmpdir(), "gopy-backups-"));
  const extension = engine === "postgres" ? "dump" : "sql";
  const backupFile = path.join(work, `gopy.${extension}`);
  let source: Place;
  let backup: Cli;
  let sourcePrint: Awaited<ReturnType<typeof fingerprint>>;
  const places: Place[] = [];
  const place = async (make: Promise<Place>) => {
    const made = await make;
    places.push(made);
    return made;
  };

  beforeAll(async () => {
    source = await place(seededPlace(engine));
    sourcePrint = await fingerprint(source);
    backup = await cli("backup", ["--out", backupFile], source.env);
  }, 180_000);
  afterAll(async () => {
    for (const p of places) await p.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it("writes the backup and says where, how big, and how many rows per table", () => {
    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    const size = statSync(backupFile).size;
    expect(size).toBeGreaterThan(10_000);
    expect(statSync(backupFile).mode & 0o077).toBe(0); // personal data: owner only
    expect(existsSync(`${backupFile}.partial`)).toBe(false);
    // Named relative to where the command ran (INIT_CWD, the checkout here) when the file is inside it.
    const written = /^Wrote (\S+) \(/m.exec(backup.stdout)?.[1];
    expect(written && path.resolve(repoRoot, written)).toBe(backupFile);
    expect(backup.stdout).toContain(engine === "postgres" ? "pg_dump custom format" : "plain SQL");
    expect(backup.stdout).toMatch(/^ {2}survey_response +3$/m);
    expect(backup.stdout).toMatch(/^ {2}petition +1$/m);
    const header = readFileSync(backupFile).subarray(0, 5).toString("latin1");
    expect(header).toBe(engine === "postgres" ? "PGDMP" : "--\n--");
    console.log(`[backup] ${engine}: ${size} bytes in ${backup.ms} ms (CLI process included)`);
  });

  it("restores into a fresh database with the same rows and checksums in every table", async () => {
    const target = await place(newPlace(engine));
    const restored = await cli("restore", [backupFile], target.env);
    expect(restored.stderr).toBe("");
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^ {2}survey_response +3$/m);
    console.log(`[restore] ${engine}: ${restored.ms} ms (CLI process included)`);

    const targetPrint = await fingerprint(target);
    // The data is real: the comparison below would notice a table restored empty.
    expect(sourcePrint.tables.survey_response!.rows).toBe(3);
    expect(sourcePrint.tables.petition!.rows).toBe(1);
    expect(sourcePrint.tables.session!.rows).toBeGreaterThan(0);
    expect(sourcePrint.tables.kysely_migration!.rows).toBeGreaterThan(10);
    expect(Object.keys(sourcePrint.tables)).toContain("kysely_migration_lock");
    expect(targetPrint).toEqual(sourcePrint);

    // The restored database is the service's: migrations have nothing to do, and it takes new data.
    const database = await target.open();
    try {
      expect(await migrateToLatest(database.db)).toEqual([]);
      const config = testConfig();
      const app = createApp({
        database,
        clock: fixedClock(START),
        config,
        logger: pino({ level: "silent" }),
      });
      await signIn(app);
      const link = await database.db.selectFrom("survey_link").select("code").executeTakeFirstOrThrow();
      const res = await app.request(
        `/api/public/s/${link.code}/responses`,
        jsonRequest("POST", { submissionId: crypto.randomUUID(), answers: fullSipasAnswers(3) }),
      );
      expect(res.status).toBe(201);
    } finally {
      await database.close();
    }
  }, 180_000);

  it("refuses a database that holds data unless --force, which replaces it", async () => {
    const target = await place(seededPlace(engine, "khac@demo.edu.vn"));
    const before = await fingerprint(target);
    expect(before).not.toEqual(sourcePrint);

    const refused = await cli("restore", [backupFile], target.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is not empty \(\d+ tables, \d+ rows\).*--force/s);
    expect(await fingerprint(target)).toEqual(before);

    const forced = await cli("restore", [backupFile, "--force"], target.env);
    expect(forced.stderr).toBe("");
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("replacing what the database held");
    expect(await fingerprint(target)).toEqual(sourcePrint);
  }, 180_000);

  it("says clearly when the file is missing, not a backup, or cut short, and writes nothing", async () => {
    const target = await place(newPlace(engine));
    const missing = await cli("restore", [path.join(work, "nope.dump")], target.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.dump does not exist/);

    const foreign = path.join(work, "notes.txt");
    writeFileSync(foreign, "Danh sách lớp 5A\n");
    const notBackup = await cli("restore", [foreign], target.env);
    expect(notBackup.code).toBe(1);
    expect(notBackup.stderr).toMatch(/notes\.txt is not a backup/);

    const whole = readFileSync(backupFile);
    const cut = path.join(work, `cut.${extension}`);
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const truncated = await cli("restore", [cut], target.env);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(
      engine === "postgres" ? /cut\.dump could not be read as a backup/ : /cut\.sql is incomplete/,
    );
    expect(truncated.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace

    if (engine === "pglite") {
      // Refused before the embedded engine was even started: no database folder was created.
      expect(existsSync(path.join(target.env.DATA_DIR!, "pglite"))).toBe(false);
    } else {
      expect(await tableNames(target)).toEqual([]);
    }
  }, 180_000);

  it.runIf(engine === "pglite")(
    "refuses to back up or restore the embedded database while the service has it open",
    async () => {
      // The service's own lock, as `npm start` takes it.
      const running = await source.open();
      try {
        const refusedBackup = await cli(
          "backup",
          ["--out", path.join(work, "while-running.sql")],
          source.env,
        );
        expect(refusedBackup.code).toBe(1);
        expect(refusedBackup.stderr).toMatch(
          /in use by process \d+ \(the running service\).*stop the service/s,
        );
        expect(existsSync(path.join(work, "while-running.sql"))).toBe(false);
        const refusedRestore = await cli("restore", [backupFile, "--force"], source.env);
        expect(refusedRestore.code).toBe(1);
        expect(refusedRestore.stderr).toMatch(/in use by process/);
      } finally {
        await running.close();
      }
    },
    120_000,
  );

  it.runIf(engine === "postgres")(
    "backs up PostgreSQL while the service is connected, and moves an embedded database to PostgreSQL",
    async () => {
      const running = await source.open();
      try {
        const live = await cli("backup", ["--out", path.join(work, "live.dump")], source.env);
        expect(live.code).toBe(0);
      } finally {
        await running.close();
      }

      const embedded = await place(seededPlace("pglite"));
      const sqlFile = path.join(work, "embedded.sql");
      const dumped = await cli("backup", ["--out", sqlFile], embedded.env);
      expect(dumped.code).toBe(0);
      const target = await place(newPlace("postgres"));
      const moved = await cli("restore", [sqlFile], target.env);
      expect(moved.stderr).toBe("");
      expect(moved.code).toBe(0);
      expect(await fingerprint(target)).toEqual(await fingerprint(embedded));
    },
    180_000,
  );
});
