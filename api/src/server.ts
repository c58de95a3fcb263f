// The one place that reads the environment, opens the database and listens.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrateToLatest, openDatabase } from "@gopy/db";
import { serve } from "@hono/node-server";
import pino from "pino";
import { createApp } from "./app.ts";
import { systemClock } from "./clock.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { LOG_SERIALIZERS } from "./logging.ts";
import { channelRouter, fileTransport, smtpTransport } from "./outbox/transports.ts";
import { startOutboxWorker } from "./outbox/worker.ts";
import { startReminderJob } from "./petitions/reminders.ts";
import { startMonthEndJob } from "./reports/month-end.ts";
import { seedOnFirstStart } from "./seed.ts";
import { qrSvg, surveyUrl } from "./surveys/qr.ts";
import { startSurveyResponseAnnouncer } from "./webhooks/batch.ts";
import { webhookTransport } from "./webhooks/transport.ts";

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const started = performance.now();

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env, rootDir);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(2);
}
// The same error serializer as request logs: a background job's database error keeps no values.
const logger = pino({ level: config.logLevel, base: { service: "gopy" }, serializers: LOG_SERIALIZERS });

const database = await openDatabase(config.databaseUrl, { dataDir: path.join(config.dataDir, "pglite") });
const applied = await migrateToLatest(database.db);
if (applied.length > 0) logger.info({ migrations: applied }, "database migrated");
const seed = await seedOnFirstStart(database.db, {
  adminEmail: config.adminEmail,
  adminPassword: config.adminPassword,
  seedDemo: config.seedDemo,
  now: systemClock.now(),
});

const app = createApp({ database, clock: systemClock, config, logger });
const outboxDir = path.join(config.dataDir, "outbox");
const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : fileTransport(outboxDir);
if (!config.smtpUrl) logger.info({ outboxDir }, "SMTP_URL not set: outgoing email is written as .eml files");
const outbox = startOutboxWorker(
  database.db,
  channelRouter({
    email: transport,
    webhook: webhookTransport(database.db, systemClock, { allowPrivate: config.webhookAllowPrivate }),
  }),
  systemClock,
  logger,
);
const announcer = startSurveyResponseAnnouncer(database.db, systemClock, logger);
const monthEnd = startMonthEndJob(
  database.db,
  systemClock,
  config.monthEndHour,
  config.publicBaseUrl,
  logger,
);
const reminders = startReminderJob(database.db, systemClock, config.publicBaseUrl, logger);
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, async (info) => {
  logger.info(
    { port: info.port, engine: database.engine, startupMs: Math.round(performance.now() - started) },
    "listening",
  );
  await printWelcome(info.port);
});

/** What a person starting the service needs: where to answer, the QR file, where to sign in. */
async function printWelcome(port: number) {
  const base = config.publicBaseUrl;
  const demo = await database.db
    .selectFrom("survey_link as l")
    .innerJoin("survey as s", "s.id", "l.survey_id")
    .innerJoin("unit as u", "u.id", "s.unit_id")
    .select(["l.code"])
    .where("u.slug", "=", "demo")
    .where("l.archived_at", "is", null)
    .orderBy("l.created_at")
    .executeTakeFirst();
  const lines = [
    "",
    `  Góp Ý is running on port ${port} (${database.engine === "pglite" ? `embedded database in ${config.dataDir}` : "PostgreSQL"})`,
  ];
  if (demo) {
    const qrDir = path.join(config.dataDir, "qr");
    mkdirSync(qrDir, { recursive: true });
    const qrFile = path.join(qrDir, `${demo.code}.svg`);
    writeFileSync(qrFile, await qrSvg(surveyUrl(base, demo.code)));
    lines.push(`  Public survey:   ${surveyUrl(base, demo.code)}`);
    lines.push(`  Its QR code:     ${qrFile}  (also ${base}/api/public/s/${demo.code}/qr.svg)`);
  }
  lines.push(`  Staff console:   ${base}/admin`);
  if (seed.seeded && seed.adminEmail) {
    lines.push(`  Staff login:     ${seed.adminEmail}`);
    lines.push(
      seed.generatedPassword
        ? `  Password:        ${seed.generatedPassword}   (shown only this once: write it down)`
        : "  Password:        the one given in ADMIN_PASSWORD",
    );
  } else {
    lines.push("  Staff login:     the account created at first start (its password was printed then)");
  }
  console.log(`${lines.join("\n")}\n`);
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down: draining requests");
  const force = setTimeout(() => {
    logger.warn("drain timed out; exiting");
    process.exit(1);
  }, 10_000);
  force.unref();
  // Stop accepting, let in-flight requests finish, then close the database.
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await reminders.stop();
  await announcer.stop();
  await monthEnd.stop();
  await outbox.stop();
  await database.close();
  logger.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
