import { migrateToLatest, openDatabase } from "@gopy/db";
import { describe, expect, it } from "vitest";
import { createPostgresDatabase, engine } from "../support/database.ts";

describe.runIf(engine === "postgres")("migrations on PostgreSQL", () => {
  it("run once when two processes start together", async () => {
    const { url, drop } = await createPostgresDatabase();
    const a = await openDatabase(url);
    const b = await openDatabase(url);
    try {
      const [first, second] = await Promise.all([migrateToLatest(a.db), migrateToLatest(b.db)]);
      const applied = [...first, ...second];
      expect(applied).toContain("20261123090000_init");
      expect(new Set(applied).size).toBe(applied.length);
      expect(first.length === 0 || second.length === 0).toBe(true);
    } finally {
      await a.close();
      await b.close();
      await drop();
    }
  });
});

describe.runIf(engine === "pglite")("the embedded database folder", () => {
  it("refuses a second process with a clear message", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const dir = mkdtempSync(path.join(tmpdir(), "gopy-lock-"));
    // A live process other than this one (our parent) holds the lock.
    writeFileSync(path.join(dir, ".pglite.lock"), String(process.ppid));
    await expect(openDatabase(undefined, { dataDir: path.join(dir, "pglite") })).rejects.toThrow(
      /in use by process/,
    );
  });
});

describe("timestamps", () => {
  it("never default to the database's clock: every stamp comes from the service's injected clock", async () => {
    const { createTestDatabase } = await import("../support/database.ts");
    const { sql } = await import("kysely");
    const handle = await createTestDatabase();
    try {
      const defaults = await sql<{ column: string }>`
        select table_name || '.' || column_name as column from information_schema.columns
        where table_schema = current_schema()
          and (column_default ilike '%now()%' or column_default ilike '%current_%'
            or column_default ilike '%clock_timestamp%' or column_default ilike '%transaction_timestamp%')`.execute(
        handle.db,
      );
      expect(defaults.rows.map((r) => r.column)).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
