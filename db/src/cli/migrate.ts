// `npm run migrate`: applies pending migrations to DATABASE_URL, or to the embedded database in DATA_DIR.
import path from "node:path";
import { migrateToLatest } from "../migrate.ts";
import { openDatabase } from "../open.ts";

const dataDir = path.join(process.env.DATA_DIR ?? "./data", "pglite");
const handle = await openDatabase(process.env.DATABASE_URL, { dataDir });
try {
  const applied = await migrateToLatest(handle.db);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
} finally {
  await handle.close();
}
