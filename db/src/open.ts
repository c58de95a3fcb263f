import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Database } from "./schema.ts";

export type Engine = "pglite" | "postgres";

export interface OpenDatabaseOptions {
  /** Folder of the embedded engine; omitted means an in-memory database (tests). */
  dataDir?: string;
  /** Start the embedded engine from a dumped data folder (a migrated template, in tests). */
  loadDataDir?: Blob;
  /** Pool size on PostgreSQL. */
  maxConnections?: number;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

// One parsing policy for both engines: int8 and numeric as numbers (counts never exceed 2^53),
// timestamptz as Date (UTC instants), and `date` as the plain "YYYY-MM-DD" string, because
// turning a calendar day into a Date silently shifts it by the host's time zone.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const toNumber = (value: string) => Number(value);
const asIs = (value: string) => value;

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

/**
 * Opens the service's database: PostgreSQL (a `pg` pool) for a `postgres://` URL, otherwise the
 * embedded PGlite engine in `options.dataDir` (or in memory).
 *
 * @example
 * const { db, close } = await openDatabase(process.env.DATABASE_URL, { dataDir: "./data" });
 */
export async function openDatabase(url?: string, options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  if (url !== undefined && url !== "") {
    if (!isPostgresUrl(url)) {
      throw new Error(
        `DATABASE_URL must start with postgres:// or postgresql:// (got "${String(url).split(":")[0]}:")`,
      );
    }
    return openPostgres(url, options);
  }
  return openPglite(options.dataDir, options.loadDataDir);
}

function openPostgres(url: string, options: OpenDatabaseOptions): DatabaseHandle {
  const typeOverrides = new pg.TypeOverrides();
  typeOverrides.setTypeParser(INT8, toNumber);
  typeOverrides.setTypeParser(NUMERIC, toNumber);
  typeOverrides.setTypeParser(DATE, asIs);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    types: typeOverrides,
    // Fail fast when the server is down instead of queueing requests forever.
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    // A connection whose server vanished without closing it (a dead network path) fails its query
    // after this instead of holding the request for ever; keep-alive notices such paths sooner.
    query_timeout: 60_000,
    keepAlive: true,
  });
  // A client losing its connection (server restart, network) must not crash the process: an idle
  // one is reported on the pool, one in use on the client itself, whose query fails with the
  // error anyway (answered 503) and which the pool drops when it is released.
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: "postgres",
    ping: (timeoutMs = 2000) =>
      withTimeout(
        sql`select 1`.execute(db).then(() => undefined),
        timeoutMs,
      ),
    close: () => db.destroy(),
  };
}

async function openPglite(
  dataDir: string | undefined,
  loadDataDir: Blob | undefined,
): Promise<DatabaseHandle> {
  // Loaded only when used: a PostgreSQL deployment does not carry the embedded engine in memory.
  const [{ PGlite, types: pgliteTypes }, { PGliteDialect }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("kysely-pglite-dialect"),
  ]);
  const releaseLock = dataDir === undefined ? () => {} : lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create({
      ...(dataDir === undefined ? {} : { dataDir }),
      ...(loadDataDir === undefined ? {} : { loadDataDir }),
      parsers: {
        [pgliteTypes.INT8]: toNumber,
        [pgliteTypes.NUMERIC]: toNumber,
        [pgliteTypes.DATE]: asIs,
      },
    });
  } catch (error) {
    releaseLock();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return {
    db,
    engine: "pglite",
    ping: (timeoutMs = 2000) =>
      withTimeout(
        sql`select 1`.execute(db).then(() => undefined),
        timeoutMs,
      ),
    close: async () => {
      await db.destroy();
      releaseLock();
    },
  };
}

/**
 * The embedded engine is single-process: a second process opening the same folder would corrupt
 * it. A pid file refuses that with a clear message and is taken over when its owner is gone.
 */
export function lockDataDir(
  dataDir: string,
  inUse: (owner: number) => Error = (owner) =>
    new Error(
      `The embedded database in ${dataDir} is in use by process ${owner}. Stop it first, or set DATABASE_URL to use PostgreSQL for several processes.`,
    ),
): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(path.dirname(path.resolve(dataDir)), `.${path.basename(dataDir)}.lock`);
  let owner = 0;
  try {
    owner = Number(readFileSync(lockFile, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (owner && owner !== process.pid && processIsAlive(owner)) throw inUse(owner);
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
