// `npm run restore -- FILE [--force]`: restores a backup made by `npm run backup` into DATABASE_URL or
// into the embedded database in DATA_DIR, in one transaction.
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  BackupError,
  describeTarget,
  formatBytes,
  formatTables,
  parseArgs,
  resolveTarget,
  restoreDatabase,
} from "../backup.ts";

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const userDir = process.env.INIT_CWD ?? process.cwd();

const usage = `Usage: npm run restore -- FILE [--force]

Restores FILE (from npm run backup) into the service's database: PostgreSQL when DATABASE_URL is set,
otherwise the embedded database in DATA_DIR (stop the service first). A database that already holds
tables is refused unless --force is given, which replaces everything in it. The restore runs in one
transaction: if it fails, the database is left as it was.`;

try {
  const args = parseArgs(process.argv.slice(2), ["--force", "--help", "-h"], []);
  if (args.flags.has("--help") || args.flags.has("-h")) {
    console.log(usage);
    process.exit(0);
  }
  if (args.positional.length !== 1) {
    throw new BackupError(
      `${args.positional.length ? "Give one backup file" : "Which backup file?"}\n\n${usage}`,
    );
  }
  const file = path.resolve(userDir, args.positional[0]!);
  const target = resolveTarget(process.env, rootDir);
  console.log(`Restoring ${file} into ${describeTarget(target)}…`);
  const report = await restoreDatabase(target, file, { force: args.flags.has("--force") });
  const format = report.format === "custom" ? "pg_dump custom format" : "plain SQL";
  console.log(
    `Restored ${formatBytes(report.bytes)} (${format}) in ${(report.ms / 1000).toFixed(1)} s${report.replaced ? ", replacing what the database held" : ""}.`,
  );
  console.log(`Rows per table:\n${formatTables(report.tables)}`);
  console.log("Start the service (or run npm run migrate) to apply any migrations newer than the backup.");
} catch (error) {
  console.error(
    error instanceof BackupError ? error.message : `Restore failed: ${(error as Error).stack ?? error}`,
  );
  process.exit(1);
}
