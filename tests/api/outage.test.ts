/**
 * The database goes away and comes back (PostgreSQL only; the embedded engine lives in the
 * process). While it is away every request that needs it fails at once with 503, `Retry-After` and
 * a problem a person can read, `/healthz` says 503, the survey page itself still loads (it keeps
 * the answer and sends it later); when it is back the service recovers by itself, and an answer
 * refused during the outage is stored once when sent again.
 */

import { createApp } from "@gopy/api";
import { systemClock } from "@gopy/api/clock.ts";
import { seedOnFirstStart } from "@gopy/api/seed.ts";
import { migrateToLatest, openDatabase } from "@gopy/db";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_EMAIL, ADMIN_PASSWORD, fullSipasAnswers, jsonRequest, testConfig } from "../support/app.ts";
import { createPostgresDatabase, engine } from "../support/database.ts";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.ts";

describe.skipIf(engine !== "postgres")("a database outage", () => {
  let proxy: TcpProxy;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let close: () => Promise<void>;
  let code: string;

  beforeAll(async () => {
    const created = await createPostgresDatabase();
    drop = created.drop;
    const direct = await openDatabase(created.url, { maxConnections: 2 });
    await migrateToLatest(direct.db);
    const seed = await seedOnFirstStart(direct.db, {
      adminEmail: ADMIN_EMAIL,
      adminPassword: ADMIN_PASSWORD,
      seedDemo: true,
      now: new Date(),
    });
    code = seed.demoLinkCode!;
    await direct.close();
    const target = new URL(created.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(created.url);
    viaProxy.port = String(proxy.port);
    const database = await openDatabase(viaProxy.toString(), { maxConnections: 5 });
    close = () => database.close();
    app = createApp({
      database,
      clock: systemClock,
      config: testConfig({ databaseUrl: viaProxy.toString() }),
      logger: pino({ level: "silent" }),
    });
  });
  afterAll(async () => {
    await close?.();
    await proxy?.close();
    await drop?.();
  });

  const answer = async (submissionId: string) =>
    app.request(
      `/api/public/s/${code}/responses`,
      jsonRequest("POST", { submissionId, answers: fullSipasAnswers() }),
    );

  /** Every request that needs the database: 503 with Retry-After and a readable problem, quickly. */
  async function expectUnavailable() {
    const requests: [string, () => Response | Promise<Response>][] = [
      ["survey", () => app.request(`/api/public/s/${code}`)],
      ["answer", () => answer(crypto.randomUUID())],
      [
        "petition",
        () =>
          app.request(
            "/api/public/units/demo/petitions",
            jsonRequest("POST", {
              submissionId: crypto.randomUUID(),
              kind: "question",
              subject: "Lịch họp phụ huynh",
              content: "Xin hỏi nhà trường khi nào họp phụ huynh học kỳ I?",
              consentToContact: false,
              consentToPublish: false,
            }),
          ),
      ],
      [
        "sign-in",
        () =>
          app.request(
            "/api/auth/login",
            jsonRequest("POST", { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
          ),
      ],
      ["open data", () => app.request("/api/public/units/demo/reports")],
    ];
    const took: Record<string, number> = {};
    for (const [name, send] of requests) {
      const started = performance.now();
      const res = await send();
      took[name] = Math.round(performance.now() - started);
      expect(res.status, name).toBe(503);
      expect(res.headers.get("retry-after"), name).toBe("5");
      expect(res.headers.get("content-type"), name).toContain("application/problem+json");
      const body = (await res.json()) as any;
      expect(body.code, name).toBe("database_unavailable");
      expect(body.detail, name).toContain("cơ sở dữ liệu");
    }
    const health = await app.request("/healthz");
    expect(health.status).toBe(503);
    expect(health.headers.get("retry-after")).toBe("5");
    // The page itself needs no database: it opens, keeps the answer and sends it later.
    const page = await app.request(`/s/${code}`);
    expect(page.status).toBe(200);
    return took;
  }

  async function expectRecovered() {
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i++) {
      status = (await app.request("/healthz")).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
  }

  it("answers 503 at once while the server is stopped, and recovers by itself", async () => {
    const submissionId = crypto.randomUUID();
    expect((await app.request("/healthz")).status).toBe(200);
    await proxy.down();
    const took = await expectUnavailable();
    console.log(`[outage] server stopped: 503 after ${JSON.stringify(took)} ms`);
    expect((await answer(submissionId)).status).toBe(503);

    await proxy.up();
    await expectRecovered();
    const again = await answer(submissionId);
    expect(again.status).toBe(201);
    expect((await answer(submissionId)).status).toBe(200);
  });

  it("gives up on a database that accepts connections but never answers, then recovers", async () => {
    await proxy.blackHole();
    const took = await expectUnavailable();
    console.log(`[outage] unanswered connections: 503 after ${JSON.stringify(took)} ms`);
    await proxy.up();
    await expectRecovered();
    expect((await answer(crypto.randomUUID())).status).toBe(201);
  });
});
