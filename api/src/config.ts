import path from "node:path";
import { z } from "zod";

export interface Config {
  port: number;
  host: string;
  /** `postgres://…` for PostgreSQL; undefined for the embedded engine in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Base of every public link, including those inside QR codes. */
  publicBaseUrl: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  seedDemo: boolean;
  /** Folders of the built web apps. */
  surveyWebDir: string;
  adminWebDir: string;
  /** Cookies get the Secure flag when the public base URL is HTTPS. */
  secureCookies: boolean;
  logLevel: string;
  /** SMTP server for outgoing email; unset writes `.eml` files under `DATA_DIR/outbox`. */
  smtpUrl: string | undefined;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  /**
   * New survey submissions accepted per 10 minutes from one address and per link without a
   * proof of work. By default none: every answer carries a solved challenge, whose difficulty grows
   * with the address's and the link's recent answers (see `surveys/stuffing.ts`).
   */
  surveyLimits: { perIp: number; perLink: number };
  /**
   * Answers in 10 minutes, to one survey, from one address, from one network (/24 or /48), or with
   * the same answers, from which further answers are held for review instead of counted.
   */
  surveyBursts: { perAddress: number; perNetwork: number; sameAnswers: number };
  /** Hour (Vietnam time) of a month's last day when the month's summaries are drafted. */
  monthEndHour: number;
  /** Webhooks may reach loopback, private and link-local addresses (a receiver on the school's network). */
  webhookAllowPrivate: boolean;
}

export const DEFAULT_SURVEY_LIMITS = { perIp: 0, perLink: 0 };
export const DEFAULT_SURVEY_BURSTS = { perAddress: 10, perNetwork: 30, sameAnswers: 10 };

const ZEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATA_DIR: z.string().min(1).default("./data"),
  PUBLIC_BASE_URL: z.url().optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(10, "must have at least 10 characters").optional(),
  SEED_DEMO: z.enum(["0", "1", "false", "true"]).default("1"),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  TRUST_PROXY: z.enum(["0", "1", "false", "true"]).default("0"),
  MONTH_END_HOUR: z.coerce.number().int().min(0).max(23).default(16),
  WEBHOOK_ALLOW_PRIVATE: z.enum(["0", "1", "false", "true"]).default("0"),
  SURVEY_LIMIT_PER_IP: z.coerce.number().int().min(0).default(DEFAULT_SURVEY_LIMITS.perIp),
  SURVEY_LIMIT_PER_LINK: z.coerce.number().int().min(0).default(DEFAULT_SURVEY_LIMITS.perLink),
  SURVEY_BURST_PER_ADDRESS: z.coerce.number().int().min(1).default(DEFAULT_SURVEY_BURSTS.perAddress),
  SURVEY_BURST_PER_NETWORK: z.coerce.number().int().min(1).default(DEFAULT_SURVEY_BURSTS.perNetwork),
  SURVEY_BURST_SAME_ANSWERS: z.coerce.number().int().min(1).default(DEFAULT_SURVEY_BURSTS.sameAnswers),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export class ConfigError extends Error {}

/**
 * Reads the service's settings from an environment-like record. Only `server.ts` passes the real
 * `process.env`; tests build a `Config` directly.
 */
export function loadConfig(env: Record<string, string | undefined>, rootDir: string): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(rootDir, e.DATA_DIR),
    publicBaseUrl,
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    seedDemo: e.SEED_DEMO === "1" || e.SEED_DEMO === "true",
    surveyWebDir: path.join(rootDir, "survey-web", "dist"),
    adminWebDir: path.join(rootDir, "admin-web", "dist"),
    secureCookies: publicBaseUrl.startsWith("https://"),
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    trustProxy: e.TRUST_PROXY === "1" || e.TRUST_PROXY === "true",
    surveyLimits: { perIp: e.SURVEY_LIMIT_PER_IP, perLink: e.SURVEY_LIMIT_PER_LINK },
    surveyBursts: {
      perAddress: e.SURVEY_BURST_PER_ADDRESS,
      perNetwork: e.SURVEY_BURST_PER_NETWORK,
      sameAnswers: e.SURVEY_BURST_SAME_ANSWERS,
    },
    monthEndHour: e.MONTH_END_HOUR,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE === "1" || e.WEBHOOK_ALLOW_PRIVATE === "true",
  };
}
