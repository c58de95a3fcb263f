// Backups of the service's database, for `npm run backup` and `npm run restore`.
//
// - PostgreSQL: `pg_dump -Fc` while the service runs; restored with `pg_restore` + `psql` in one
//   transaction.
// - Embedded engine: a plain SQL dump made by PGlite's own pg_dump (WASM, @electric-sql/pglite-tools)
//   while the service is stopped. Plain SQL with INSERT statements is portable: it restores into the
//   embedded engine and into any PostgreSQL 15+, which is the way to move from one to the other.
//
// Every restore runs in one transaction: a failure (corrupt file, error in the SQL) leaves the
// target as it was.
import { spawn } from "node:child_process";
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { isPostgresUrl, lockDataDir } from "./open.ts";

/** A refusal or failure with a message meant for the person at the console (no stack trace). */
export class BackupError extends Error {}

/** Where the service keeps its data: PostgreSQL, or the embedded engine's folder. */
export type Target = { engine: "postgres"; url: string } | { engine: "pglite"; dataDir: string };

export interface TableCount {
  table: string;
  rows: number;
}

export interface BackupReport {
  file: string;
  bytes: number;
  format: "custom" | "sql";
  ms: number;
  tables: TableCount[];
}

export interface RestoreReport {
  file: string;
  bytes: number;
  format: "custom" | "sql";
  ms: number;
  /** Whether the target held tables that the restore replaced (`--force`). */
  replaced: boolean;
  tables: TableCount[];
}

/** The service's database as `api/src/config.ts` resolves it: DATABASE_URL, else DATA_DIR/pglite. */
export function resolveTarget(env: Record<string, string | undefined>, rootDir: string): Target {
  const url = env.DATABASE_URL;
  if (url !== undefined && url !== "") {
    if (!isPostgresUrl(url)) {
      throw new BackupError(
        `DATABASE_URL must start with postgres:// or postgresql:// (got "${String(url).split(":")[0]}:")`,
      );
    }
    return { engine: "postgres", url };
  }
  const dataDir = env.DATA_DIR && env.DATA_DIR !== "" ? env.DATA_DIR : "./data";
  return { engine: "pglite", dataDir: path.join(path.resolve(rootDir, dataDir), "pglite") };
}

/** The target in words, without any password. */
export function describeTarget(target: Target): string {
  if (target.engine === "pglite") return `the embedded database in ${target.dataDir}`;
  const { url } = splitPassword(target.url);
  const u = new URL(url);
  return `PostgreSQL database ${decodeURIComponent(u.pathname.slice(1)) || "(default)"} on ${u.hostname || "localhost"}${u.port ? `:${u.port}` : ""}`;
}

/** `backups/gopy-2026-11-23T09-00-00Z.dump` (PostgreSQL) or `.sql` (embedded engine). */
export function defaultBackupFile(target: Target, backupsDir: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/:/g, "-");
  return path.join(backupsDir, `gopy-${stamp}.${target.engine === "postgres" ? "dump" : "sql"}`);
}

// ---------------------------------------------------------------------------------------------
// Back up

export async function backupDatabase(target: Target, file: string): Promise<BackupReport> {
  const started = Date.now();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Written beside the target and renamed at the end: a failed backup never leaves a partial file
  // under the final name.
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    let tables: TableCount[];
    if (target.engine === "postgres") {
      tables = await backupPostgres(target.url, partial);
    } else {
      tables = await backupEmbedded(target.dataDir, partial);
    }
    // Backups hold personal data (petition contacts): readable by their owner only.
    chmodSync(partial, 0o600);
    renameSync(partial, file);
    return {
      file,
      bytes: statSync(file).size,
      format: target.engine === "postgres" ? "custom" : "sql",
      ms: Date.now() - started,
      tables,
    };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

async function backupPostgres(url: string, file: string): Promise<TableCount[]> {
  const pgDumpBin = findPgTool("pg_dump");
  const conn = toolConnection(url);
  const result = await run(pgDumpBin, ["-Fc", "--no-password", "-f", file, "-d", conn.url], conn.env);
  if (result.code !== 0) {
    throw new BackupError(`pg_dump failed (exit code ${result.code}):\n${result.stderr.trim()}`);
  }
  return withPostgres(url, (query) => tableCounts(query));
}

async function backupEmbedded(dataDir: string, file: string): Promise<TableCount[]> {
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    throw new BackupError(
      `There is no embedded database in ${dataDir}. Set DATA_DIR to the service's data folder, or DATABASE_URL to back up PostgreSQL.`,
    );
  }
  return withEmbedded(dataDir, "back up", async (client) => {
    const query = pgliteQuery(client);
    const { pgDump } = await import("@electric-sql/pglite-tools/pg_dump");
    const dump = await pgDump({ pg: client, args: ["--no-owner", "--no-privileges"] });
    const text = await dump.text();
    checkPlainDump(text, file);
    writeFileSync(file, text, { mode: 0o600 });
    return tableCounts(query);
  });
}

// ---------------------------------------------------------------------------------------------
// Restore

export async function restoreDatabase(
  target: Target,
  file: string,
  options: { force: boolean },
): Promise<RestoreReport> {
  const started = Date.now();
  const format = detectFormat(file);
  const bytes = statSync(file).size;
  let result: { replaced: boolean; tables: TableCount[] };
  if (format === "custom") {
    if (target.engine === "pglite") {
      throw new BackupError(
        `${file} is a PostgreSQL backup (pg_dump custom format). The embedded engine restores the plain SQL backups that \`npm run backup\` writes without DATABASE_URL; set DATABASE_URL to restore this file into PostgreSQL.`,
      );
    }
    result = await restoreCustomIntoPostgres(target.url, file, options.force);
  } else {
    const text = readFileSync(file, "utf8");
    checkPlainDump(text, file);
    if (/^COPY \S+ .*FROM stdin;$/m.test(text)) {
      throw new BackupError(
        `${file} loads data with COPY (a pg_dump plain dump without --inserts). Restore it with psql, or dump again with \`pg_dump --inserts\`.`,
      );
    }
    result =
      target.engine === "postgres"
        ? await restoreSqlIntoPostgres(target.url, text, options.force)
        : await restoreSqlIntoEmbedded(target.dataDir, text, options.force);
  }
  return { file, bytes, format, ms: Date.now() - started, ...result };
}

async function restoreSqlIntoEmbedded(
  dataDir: string,
  text: string,
  force: boolean,
): Promise<{ replaced: boolean; tables: TableCount[] }> {
  return withEmbedded(dataDir, "restore into", async (client) => {
    const query = pgliteQuery(client);
    const replaced = await refuseUnlessEmpty(query, force, `the embedded database in ${dataDir}`);
    await client.transaction(async (tx) => {
      if (replaced) await tx.exec(CLEAR_PUBLIC_SCHEMA);
      await tx.exec(stripPsqlCommands(text));
    });
    // The dump empties search_path for its own statements.
    await client.exec("reset search_path");
    return { replaced, tables: await tableCounts(query) };
  });
}

async function restoreSqlIntoPostgres(
  url: string,
  text: string,
  force: boolean,
): Promise<{ replaced: boolean; tables: TableCount[] }> {
  return withPostgres(url, async (query, client) => {
    const version = Number((await query("show server_version_num"))[0]!.server_version_num);
    await client.query("begin");
    try {
      const replaced = await refuseUnlessEmpty(query, force, describeTarget({ engine: "postgres", url }));
      if (replaced) await client.query(CLEAR_PUBLIC_SCHEMA);
      await client.query(filterHeader(stripPsqlCommands(text), version));
      await client.query("commit");
      await client.query("reset search_path");
      return { replaced, tables: await tableCounts(query) };
    } catch (error) {
      await client.query("rollback").catch(() => {});
      if (error instanceof BackupError) throw error;
      throw new BackupError(`The restore failed and was rolled back: ${(error as Error).message}`);
    }
  });
}

async function restoreCustomIntoPostgres(
  url: string,
  file: string,
  force: boolean,
): Promise<{ replaced: boolean; tables: TableCount[] }> {
  const pgRestoreBin = findPgTool("pg_restore");
  const psqlBin = findPgTool("psql", path.dirname(pgRestoreBin));
  const { version, replaced } = await withPostgres(url, async (query) => ({
    version: Number((await query("show server_version_num"))[0]!.server_version_num),
    replaced: await refuseUnlessEmpty(query, force, describeTarget({ engine: "postgres", url })),
  }));

  // Read the whole archive first (pg_restore to a script): a corrupt or truncated file fails here,
  // before anything touches the database.
  const work = mkdtempSync(path.join(tmpdir(), "gopy-restore-"));
  try {
    const script = path.join(work, "restore.sql");
    const child = spawn(pgRestoreBin, ["--no-owner", "--no-privileges", "-f", "-", file], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? 1)));
    await pipeline(child.stdout, new HeaderFilter(version), createWriteStream(script, { mode: 0o600 }));
    const code = await exited;
    if (code !== 0) {
      throw new BackupError(
        `${file} could not be read as a backup (pg_restore exit code ${code}):\n${stderr.trim()}`,
      );
    }

    const conn = toolConnection(url);
    const args = [
      "-X",
      "-q",
      "--no-password",
      "-v",
      "ON_ERROR_STOP=1",
      "--single-transaction",
      "-d",
      conn.url,
    ];
    if (replaced) args.push("-c", CLEAR_PUBLIC_SCHEMA);
    args.push("-f", script);
    const result = await run(psqlBin, args, conn.env);
    if (result.code !== 0) {
      throw new BackupError(
        `The restore failed and was rolled back (psql exit code ${result.code}):\n${result.stderr.trim()}`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const tables = await withPostgres(url, (query) => tableCounts(query));
  return { replaced, tables };
}

/** Returns whether the target holds anything to replace; refuses that without `force`. */
async function refuseUnlessEmpty(query: Query, force: boolean, where: string): Promise<boolean> {
  const objects = await query(
    `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')`,
  );
  const count = Number(objects[0]!.n);
  if (count === 0) return false;
  if (!force) {
    const tables = await tableCounts(query);
    const rows = tables.reduce((sum, t) => sum + t.rows, 0);
    throw new BackupError(
      `${capitalize(where)} is not empty (${tables.length} tables, ${rows} rows). Restoring replaces everything in it: run again with --force to do so, or restore into an empty database.`,
    );
  }
  return true;
}

/**
 * Drops everything in the public schema (tables, views, sequences, functions, types), in the
 * restore's own transaction. Extensions are left alone.
 */
export const CLEAR_PUBLIC_SCHEMA = `do $clear$
declare r record;
begin
  for r in select relname from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p', 'f') loop
    execute format('drop table if exists public.%I cascade', r.relname);
  end loop;
  for r in select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'm' loop
    execute format('drop materialized view if exists public.%I cascade', r.relname);
  end loop;
  for r in select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'v' loop
    execute format('drop view if exists public.%I cascade', r.relname);
  end loop;
  for r in select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'S' loop
    execute format('drop sequence if exists public.%I cascade', r.relname);
  end loop;
  for r in select p.oid::regprocedure::text as fn from pg_proc p
           left join pg_depend d on d.objid = p.oid and d.deptype = 'e'
           where p.pronamespace = 'public'::regnamespace and d.objid is null loop
    execute format('drop routine if exists %s cascade', r.fn);
  end loop;
  for r in select t.typname from pg_type t
           left join pg_depend d on d.objid = t.oid and d.deptype = 'e'
           where t.typnamespace = 'public'::regnamespace and t.typtype in ('e', 'd', 'r', 'm', 'c')
             and (t.typrelid = 0 or (select relkind from pg_class where oid = t.typrelid) = 'c')
             and d.objid is null loop
    execute format('drop type if exists public.%I cascade', r.typname);
  end loop;
end $clear$;`;

// ---------------------------------------------------------------------------------------------
// The files

/** `custom` for a pg_dump archive, `sql` for a plain SQL dump; refuses anything else. */
export function detectFormat(file: string): "custom" | "sql" {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackupError(
      code === "ENOENT" ? `${file} does not exist.` : `Cannot read ${file}: ${(error as Error).message}`,
    );
  }
  try {
    if (statSync(file).isDirectory()) throw new BackupError(`${file} is a folder, not a backup file.`);
    const head = Buffer.alloc(64);
    const n = readSync(fd, head, 0, head.length, 0);
    const start = head.subarray(0, n).toString("latin1");
    if (start.startsWith("PGDMP")) return "custom";
    if (/^(\uFEFF)?--\s*\n-- PostgreSQL database dump/.test(start.replace(/^\xEF\xBB\xBF/, ""))) return "sql";
    throw new BackupError(
      `${file} is not a backup: it is neither a pg_dump archive (npm run backup on PostgreSQL) nor a plain SQL dump (npm run backup on the embedded engine).`,
    );
  } finally {
    closeSync(fd);
  }
}

/** A plain dump ends with pg_dump's completion line; a file cut short does not. */
function checkPlainDump(text: string, file: string): void {
  if (
    !text.startsWith("--") ||
    !/-- PostgreSQL database dump complete\s*(--\s*)?(\\unrestrict \S+\s*)?$/.test(text.slice(-300))
  ) {
    throw new BackupError(
      `${file} is incomplete: it lacks pg_dump's closing line, so it was cut short or edited.`,
    );
  }
}

/** Drops psql's `\restrict`/`\unrestrict` lines (newer pg_dump versions) that only psql understands. */
function stripPsqlCommands(text: string): string {
  return text.replace(/^\\(un)?restrict [A-Za-z0-9]{20,}$/gm, "");
}

/**
 * Removes settings that a server older than the dumping pg_dump does not know (PGlite's pg_dump is
 * version 17 and writes `SET transaction_timeout`, which PostgreSQL 15 and 16 refuse). Only the
 * leading block of SET statements is looked at, never the data.
 */
export function filterHeader(text: string, serverVersionNum: number): string {
  if (serverVersionNum >= 170000) return text;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "" || line.startsWith("--") || line.startsWith("\\")) continue;
    if (!/^(SET |SELECT pg_catalog\.set_config)/.test(line)) break;
    if (/^SET transaction_timeout\b/.test(line)) lines[i] = "";
  }
  return lines.join("\n");
}

/** The same as `filterHeader`, on a stream (a pg_restore script can be large). */
class HeaderFilter extends Transform {
  private pending = "";
  private done: boolean;
  constructor(private readonly serverVersionNum: number) {
    super();
    this.done = serverVersionNum >= 170000;
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.done) {
      callback(null, chunk);
      return;
    }
    // latin1 maps bytes one to one, so the bytes after the header pass through unchanged.
    this.pending += chunk.toString("latin1");
    const lastNewline = this.pending.lastIndexOf("\n");
    if (lastNewline < 0) {
      callback();
      return;
    }
    const complete = this.pending.slice(0, lastNewline + 1);
    const filtered = filterHeader(complete, this.serverVersionNum);
    this.pending = this.pending.slice(lastNewline + 1);
    // The header has ended once a statement other than SET appeared.
    if (/^(?!SET |SELECT pg_catalog\.set_config|--|\\)\S/m.test(complete)) {
      this.done = true;
      const out = Buffer.from(filtered + this.pending, "latin1");
      this.pending = "";
      callback(null, out);
      return;
    }
    callback(null, Buffer.from(filtered, "latin1"));
  }
  override _flush(callback: TransformCallback): void {
    callback(
      null,
      this.pending ? Buffer.from(filterHeader(this.pending, this.serverVersionNum), "latin1") : null,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Engines

type Query = (text: string) => Promise<Record<string, unknown>[]>;

/** Rows in every table of the public schema, by name. */
export async function tableCounts(query: Query): Promise<TableCount[]> {
  const tables = await query(
    "select tablename from pg_catalog.pg_tables where schemaname = 'public' order by tablename",
  );
  const counts: TableCount[] = [];
  for (const { tablename } of tables) {
    const name = String(tablename);
    const [row] = await query(`select count(*)::int as n from public."${name.replace(/"/g, '""')}"`);
    counts.push({ table: name, rows: Number(row!.n) });
  }
  return counts;
}

async function withPostgres<T>(url: string, fn: (query: Query, client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new BackupError(
      `Cannot connect to ${describeTarget({ engine: "postgres", url })}: ${(error as Error).message}`,
    );
  }
  client.on("error", () => {});
  try {
    return await fn(async (text) => (await client.query(text)).rows, client);
  } finally {
    await client.end().catch(() => {});
  }
}

function pgliteQuery(client: PGlite): Query {
  return async (text) => (await client.query<Record<string, unknown>>(text)).rows;
}

/**
 * Opens the embedded database for this process alone, under the service's own pid-file lock
 * (`lockDataDir`): the embedded engine is single-process, so a backup or restore while the service
 * runs is refused.
 */
async function withEmbedded<T>(
  dataDir: string,
  verb: string,
  fn: (client: PGlite) => Promise<T>,
): Promise<T> {
  const release = lockDataDir(
    dataDir,
    (owner) =>
      new BackupError(
        `The embedded database in ${dataDir} is in use by process ${owner} (the running service). The embedded engine allows one process at a time: stop the service, ${verb} it, then start the service again.`,
      ),
  );
  try {
    // Loaded only here: backing up PostgreSQL does not load the embedded engine.
    const { PGlite } = await import("@electric-sql/pglite");
    const client = await PGlite.create({ dataDir });
    try {
      return await fn(client);
    } finally {
      await client.close();
    }
  } finally {
    release();
  }
}

/**
 * A PostgreSQL client program: on PATH, else the newest `/usr/lib/postgresql/<version>/bin`
 * (Debian and Ubuntu packages), else in `preferDir` when given.
 */
export function findPgTool(name: "pg_dump" | "pg_restore" | "psql", preferDir?: string): string {
  const dirs = [
    ...(preferDir ? [preferDir] : []),
    ...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean),
  ];
  try {
    const versions = readdirSync("/usr/lib/postgresql")
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => path.join("/usr/lib/postgresql", v, "bin")));
  } catch {
    // Not a Debian-style installation.
  }
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Try the next folder.
    }
  }
  throw new BackupError(
    `${name} was not found on PATH or in /usr/lib/postgresql/*/bin. Install the PostgreSQL client programs of the server's major version or newer (e.g. apt-get install postgresql-client).`,
  );
}

/** The URL without its password, and the password in PGPASSWORD: never on a command line. */
function toolConnection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const { url: bare, password } = splitPassword(url);
  return {
    url: bare,
    env: {
      ...process.env,
      PGCONNECT_TIMEOUT: "10",
      ...(password === undefined ? {} : { PGPASSWORD: password }),
    },
  };
}

function splitPassword(url: string): { url: string; password: string | undefined } {
  try {
    const u = new URL(url);
    if (u.password === "") return { url, password: undefined };
    const password = decodeURIComponent(u.password);
    u.password = "";
    return { url: u.toString(), password };
  } catch {
    return { url, password: undefined };
  }
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stderr }));
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Console output

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

export function formatTables(tables: TableCount[]): string {
  const width = Math.max(5, ...tables.map((t) => t.table.length));
  const lines = tables.map((t) => `  ${t.table.padEnd(width)}  ${String(t.rows).padStart(8)}`);
  const total = tables.reduce((sum, t) => sum + t.rows, 0);
  lines.push(`  ${"total".padEnd(width)}  ${String(total).padStart(8)}`);
  return lines.join("\n");
}

/** Arguments: `--name value`, `--flag` and positional ones; `--` is skipped (npm run passes it). */
export function parseArgs(argv: string[], flags: string[], options: string[]) {
  const values: Record<string, string> = {};
  const set = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") continue;
    const [name, inline] = arg.split(/=(.*)/s) as [string, string | undefined];
    if (options.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === "") throw new BackupError(`${name} needs a value.`);
      values[name] = value;
    } else if (flags.includes(arg)) {
      set.add(arg);
    } else if (arg.startsWith("-")) {
      throw new BackupError(`Unknown option ${arg}.`);
    } else {
      positional.push(arg);
    }
  }
  return { values, flags: set, positional };
}
