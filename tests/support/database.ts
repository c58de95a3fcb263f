import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { type DatabaseHandle, migrateToLatest, openDatabase } from "@gopy/db";
import pg from "pg";
import { templatePath } from "./template.ts";

export type TestEngine = "pglite" | "postgres";
export const engine: TestEngine = process.env.TEST_ENGINE === "postgres" ? "postgres" : "pglite";

/** A PostgreSQL URL for a database of its own, created empty. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is required for the PostgreSQL suite");
  const name = `gopy_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** A fresh, migrated database on the engine this suite runs on; `close` throws it away. */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  if (engine === "postgres") {
    const { url, drop } = await createPostgresDatabase();
    const handle = await openDatabase(url, { maxConnections: 5 });
    await migrateToLatest(handle.db);
    return {
      ...handle,
      close: async () => {
        await handle.close();
        await drop();
      },
    };
  }
  const handle = await openDatabase(undefined, { loadDataDir: new Blob([readFileSync(templatePath)]) });
  await migrateToLatest(handle.db);
  return handle;
}
