import path from "node:path";
import { createApp } from "@gopy/api";
import { fixedClock } from "@gopy/api/clock.ts";
import type { Config } from "@gopy/api/config.ts";
import { seedOnFirstStart } from "@gopy/api/seed.ts";
import type { DatabaseHandle } from "@gopy/db";
import pino from "pino";
import { createTestDatabase } from "./database.ts";
import { ResponseChecker } from "./openapi.ts";
import { repoRoot } from "./template.ts";

export const ADMIN_EMAIL = "hieutruong@demo.edu.vn";
export const ADMIN_PASSWORD = "Mat-khau-rat-dai-2026";
export const START = "2026-11-23T02:00:00.000Z"; // 09:00 in Hà Nội

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: "127.0.0.1",
    databaseUrl: undefined,
    dataDir: path.join(repoRoot, ".tmp", "data"),
    publicBaseUrl: "http://gopy.test",
    adminEmail: ADMIN_EMAIL,
    adminPassword: ADMIN_PASSWORD,
    seedDemo: true,
    surveyWebDir: path.join(repoRoot, "survey-web", "dist"),
    adminWebDir: path.join(repoRoot, "admin-web", "dist"),
    secureCookies: false,
    logLevel: "silent",
    smtpUrl: undefined,
    trustProxy: false,
    // Suites about other things send many answers from one in-process "address" without solving
    // proofs of work or being held; the stuffing suites set the service's defaults
    // (`DEFAULT_SURVEY_LIMITS`, `DEFAULT_SURVEY_BURSTS`) explicitly.
    surveyLimits: { perIp: 300, perLink: 3000 },
    surveyBursts: { perAddress: 1_000_000, perNetwork: 1_000_000, sameAnswers: 1_000_000 },
    monthEndHour: 16,
    webhookAllowPrivate: false,
    ...overrides,
  };
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  database: DatabaseHandle;
  clock: ReturnType<typeof fixedClock>;
  config: Config;
  demoCode: string;
  close(): Promise<void>;
}

/** An app on a fresh database, seeded with the demo school, at a fixed time. */
export async function createTestApp(
  options: { config?: Partial<Config>; logger?: pino.Logger } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = fixedClock(START);
  const config = testConfig(options.config);
  const seed = await seedOnFirstStart(database.db, {
    adminEmail: config.adminEmail,
    adminPassword: config.adminPassword,
    seedDemo: true,
    now: clock.now(),
  });
  const logger = options.logger ?? pino({ level: "silent" });
  const app = createApp({ database, clock, config, logger });
  await checkResponsesAgainstOpenApi(app);
  return { app, database, clock, config, demoCode: seed.demoLinkCode!, close: () => database.close() };
}

/**
 * Every response the suites receive through `app.request` is checked against the app's own
 * OpenAPI document; a mismatch throws, failing the test that made the request.
 */
async function checkResponsesAgainstOpenApi(app: ReturnType<typeof createApp>): Promise<void> {
  const checker = await ResponseChecker.forApp(app);
  const request = app.request;
  app.request = (async (input: RequestInfo | URL, init?: RequestInit, ...rest: unknown[]) => {
    const res = await (request as (...args: unknown[]) => Promise<Response>)(input, init, ...rest);
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    const url = input instanceof Request ? input.url : String(input);
    await checker.check(method, url, res);
    return res;
  }) as typeof app.request;
}

/** JSON request helper for `app.request`. */
export function jsonRequest(
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method,
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

/** Answers every required question of the demo SIPAS survey with the given level. */
export function fullSipasAnswers(level = 4): Record<string, unknown> {
  const ids = [
    "access_place",
    "access_facilities",
    "access_contact",
    "procedure_public",
    "procedure_documents",
    "procedure_fees",
    "staff_polite",
    "staff_listen",
    "staff_guidance",
    "staff_rules",
    "result_correct",
    "result_on_time",
    "feedback_channels",
    "feedback_handling",
    "overall_satisfaction",
  ];
  return Object.fromEntries(ids.map((id) => [id, level]));
}

export async function signIn(
  app: TestApp["app"],
  email = ADMIN_EMAIL,
  password = ADMIN_PASSWORD,
): Promise<string> {
  const res = await app.request("/api/auth/login", jsonRequest("POST", { email, password }));
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get("set-cookie") ?? "";
  return cookie.split(";")[0]!;
}
