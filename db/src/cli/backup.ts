// `npm run backup [-- --out FILE]`: writes a backup of DATABASE_URL (pg_dump custom format, while the
// service runs) or of the embedded database in DATA_DIR (plain SQL, while the service is stopped).
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  BackupError,
  backupDatabase,
  defaultBackupFile,
  describeTarget,
  formatBytes,
  formatTables,
  parseArgs,
  resolveTarget,
} from "../backup.ts";

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
// `npm run` starts in the project root; paths typed by the user are relative to where they typed them.
const userDir = process.env.INIT_CWD ?? process.cwd();

/** A path relative to where the user is, unless it lies elsewhere. */
function shown(file: string): string {
  const relative = path.relative(userDir, file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

const usage = `Usage: npm run backup [-- --out FILE]

Backs up the service's database: PostgreSQL when DATABASE_URL is set (pg_dump custom format; the
service may keep running), otherwise the embedded database in DATA_DIR (plain SQL; stop the service
first). Without --out the file goes to backups/gopy-<UTC time>.dump or .sql.`;

try {
  const args = parseArgs(process.argv.slice(2), ["--help", "-h"], ["--out"]);
  if (args.flags.has("--help") || args.flags.has("-h")) {
    console.log(usage);
    process.exit(0);
  }
  if (args.positional.length > 0)
    throw new BackupError(`Unexpected argument ${args.positional[0]}.\n\n${usage}`);
  const target = resolveTarget(process.env, rootDir);
  const out = args.values["--out"];
  const file = out ? path.resolve(userDir, out) : defaultBackupFile(target, path.join(rootDir, "backups"));
  console.log(`Backing up ${describeTarget(target)}…`);
  const report = await backupDatabase(target, file);
  const format = report.format === "custom" ? "pg_dump custom format" : "plain SQL";
  console.log(
    `Wrote ${shown(report.file)} (${formatBytes(report.bytes)}, ${format}) in ${(report.ms / 1000).toFixed(1)} s.`,
  );
  console.log(`Rows per table:\n${formatTables(report.tables)}`);
  console.log(`Restore with: npm run restore -- ${shown(report.file)}`);
} catch (error) {
  console.error(
    error instanceof BackupError ? error.message : `Backup failed: ${(error as Error).stack ?? error}`,
  );
  process.exit(1);
}
