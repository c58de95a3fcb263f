import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { migrateToLatest } from "@gopy/db";
import { Kysely } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import { templatePath } from "./template.ts";

/**
 * Creating an embedded database takes ~4 s, loading a dumped one ~0.7 s: build one migrated
 * template per run and let every test file start from a copy of it.
 */
export default async function setup() {
  const client = await PGlite.create();
  const db = new Kysely<any>({ dialect: new PGliteDialect(client) });
  await migrateToLatest(db);
  const dump = await client.dumpDataDir("none");
  mkdirSync(path.dirname(templatePath), { recursive: true });
  writeFileSync(templatePath, new Uint8Array(await dump.arrayBuffer()));
  await db.destroy();
}
