import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Challenge, solveAltcha } from "../support/altcha.ts";
import { fullSipasAnswers } from "../support/app.ts";
import { createPostgresDatabase, engine } from "../support/database.ts";
import { startServerProcess } from "../support/server-process.ts";

/** Runs `server.ts` as `npm start` does, logging requests, and waits for its welcome text. */
const startServer = (env: Record<string, string>) => startServerProcess({ LOG_LEVEL: "info", ...env });

describe(`npm start as a new user runs it (${engine})`, () => {
  let dataDir: string;
  let env: Record<string, string>;
  let dropDatabase: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "gopy-start-"));
    env = { DATA_DIR: dataDir, PUBLIC_BASE_URL: "http://school.example" };
    if (engine === "postgres") {
      const created = await createPostgresDatabase();
      env.DATABASE_URL = created.url;
      dropDatabase = created.drop;
    }
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await dropDatabase?.();
  });

  it("seeds the demo school on first start, prints where to go, serves, and stops cleanly on SIGTERM", async () => {
    const first = await startServer(env);
    const text = first.output();
    const code = text.match(/Public survey:\s+http:\/\/school\.example\/s\/([a-z0-9]+)/)?.[1];
    expect(code).toBeDefined();
    expect(text).toMatch(/Staff console:\s+http:\/\/school\.example\/admin/);
    expect(text).toMatch(/Staff login:\s+admin@gopy\.local/);
    const password = text.match(/Password:\s+(\S+)\s+\(shown only this once/)?.[1];
    expect(password).toBeDefined();
    const qrFile = text.match(/Its QR code:\s+(\S+\.svg)/)?.[1];
    expect(readFileSync(qrFile!, "utf8")).toContain("<svg");

    const base = `http://127.0.0.1:${first.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // Every answer pays a proof of work: the first send is asked for one, as the survey page is.
    const body = { submissionId: crypto.randomUUID(), answers: fullSipasAnswers() };
    const send = (extra: object = {}) =>
      fetch(`${base}/api/public/s/${code}/responses`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ ...body, ...extra }),
      });
    const asked = await send();
    expect(asked.status).toBe(428);
    const { challenge } = (await asked.json()) as { challenge: Challenge };
    const { altcha } = await solveAltcha(challenge);
    const posted = await send({ altcha });
    expect(posted.status).toBe(201);
    const login = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "admin@gopy.local", password }),
    });
    expect(login.status).toBe(200);

    // Structured JSON logs with a request id, and no password in them.
    await new Promise((r) => setTimeout(r, 200));
    const logLines = first
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"));
    const requestLine = logLines.find((l) => l.includes('"msg":"request"'));
    expect(JSON.parse(requestLine!)).toMatchObject({
      requestId: expect.any(String),
      status: expect.any(Number),
    });
    expect(logLines.filter((l) => l.includes(password!))).toEqual([]);
    expect(await first.stop()).toBe(0);
    expect(first.output()).toContain('"msg":"stopped"');

    // A second start keeps the data and never seeds again.
    const second = await startServer(env);
    expect(second.output()).toContain(`/s/${code}`);
    expect(second.output()).not.toContain("shown only this once");
    const survey = await fetch(`http://127.0.0.1:${second.port}/api/public/s/${code}`);
    expect(survey.status).toBe(200);
    expect(await second.stop()).toBe(0);
  }, 90_000); // a real process, twice: starting can take long on a busy machine (not a timed test)

  it("refuses a malformed DATABASE_URL with a clear message", async () => {
    await expect(startServer({ ...env, DATABASE_URL: "mysql://nope" })).rejects.toThrow(
      /DATABASE_URL: must start with postgres:\/\//,
    );
  });
});
