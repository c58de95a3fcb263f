import type { DatabaseHandle } from "@gopy/db";
import { migrateToLatest } from "@gopy/db";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, engine } from "../support/database.ts";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe(`one parsing policy (${engine})`, () => {
  it("reads counts and int8 as numbers, numeric as numbers", async () => {
    const { rows } = await sql<{ n: unknown; big: unknown; num: unknown }>`
      select count(*) as n, 9007199254740991::int8 as big, 12.5::numeric as num`.execute(database.db);
    expect(rows[0]).toEqual({ n: 1, big: 9007199254740991, num: 12.5 });
  });

  it("reads timestamptz as a Date at the right UTC instant whatever the session time zone", async () => {
    // One connection, so the session setting applies to the query that follows it.
    await database.db.connection().execute(async (conn) => {
      await sql`set time zone 'Asia/Ho_Chi_Minh'`.execute(conn);
      const { rows } = await sql<{ t: Date }>`select '2026-11-23 09:00:00+07'::timestamptz as t`.execute(
        conn,
      );
      expect(rows[0]!.t).toBeInstanceOf(Date);
      expect(rows[0]!.t.toISOString()).toBe("2026-11-23T02:00:00.000Z");
      await sql`set time zone 'UTC'`.execute(conn);
    });
  });

  it("reads a calendar date as the plain YYYY-MM-DD string", async () => {
    const { rows } = await sql<{ d: unknown }>`select '2027-02-06'::date as d`.execute(database.db);
    expect(rows[0]!.d).toBe("2027-02-06");
  });

  it("has nothing left to migrate after migrating, and migrating again is harmless", async () => {
    expect(await migrateToLatest(database.db)).toEqual([]);
  });
});
