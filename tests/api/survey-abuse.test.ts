import { afterEach, describe, expect, it } from "vitest";
import { type Challenge, solveAltcha } from "../support/altcha.ts";
import { createTestApp, fullSipasAnswers, jsonRequest, signIn, type TestApp } from "../support/app.ts";

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const uuid = () => crypto.randomUUID();
const device = () => Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64url");
const post = (body: Record<string, unknown>, ip = "203.0.113.7") =>
  t.app.request(
    `/api/public/s/${t.demoCode}/responses`,
    jsonRequest("POST", body, { "X-Forwarded-For": ip }),
  );
const stored = () => t.database.db.selectFrom("survey_response").selectAll().execute();
async function rejected() {
  const cookie = await signIn(t.app);
  const { items } = (await (
    await t.app.request("/api/admin/surveys", { headers: { Cookie: cookie } })
  ).json()) as any;
  const res = await t.app.request(`/api/admin/surveys/${items[0].id}/results`, {
    headers: { Cookie: cookie },
  });
  return ((await res.json()) as any).rejected as { reason: string; count: number }[];
}

describe("one answer per device", () => {
  it("offers the first answer for editing instead of counting a second one", async () => {
    t = await createTestApp();
    const token = device();
    const first = await post({ submissionId: uuid(), deviceToken: token, answers: fullSipasAnswers(2) });
    expect(first.status).toBe(201);
    const { receipt } = (await first.json()) as { receipt: string };

    const second = await post({ submissionId: uuid(), deviceToken: token, answers: fullSipasAnswers(5) });
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ code: "already_answered", receipt, editable: true });
    expect(await stored()).toHaveLength(1);

    const mine = await t.app.request(`/api/public/s/${t.demoCode}/responses/mine`, {
      headers: { "X-Device-Token": token },
    });
    expect(await mine.json()).toMatchObject({ receipt, answers: { overall_satisfaction: 2 } });

    const edit = await t.app.request(
      `/api/public/s/${t.demoCode}/responses`,
      jsonRequest("PUT", { submissionId: uuid(), deviceToken: token, answers: fullSipasAnswers(5) }),
    );
    expect(edit.status).toBe(200);
    expect(await edit.json()).toEqual({ receipt });
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.answers).toMatchObject({ overall_satisfaction: 5 });
    expect(rows[0]!.device_hash).not.toContain(token);

    // Another phone is another answer; a phone that never answered has nothing to edit.
    expect(
      (await post({ submissionId: uuid(), deviceToken: device(), answers: fullSipasAnswers() })).status,
    ).toBe(201);
    const nothing = await t.app.request(
      `/api/public/s/${t.demoCode}/responses`,
      jsonRequest("PUT", { submissionId: uuid(), deviceToken: device(), answers: fullSipasAnswers() }),
    );
    expect(nothing.status).toBe(404);
    expect(((await nothing.json()) as any).code).toBe("response_not_found");
  });

  it("an edit is checked like an answer and refused once the survey closed", async () => {
    t = await createTestApp();
    const token = device();
    await post({ submissionId: uuid(), deviceToken: token, answers: fullSipasAnswers() });
    const put = (answers: Record<string, unknown>) =>
      t.app.request(
        `/api/public/s/${t.demoCode}/responses`,
        jsonRequest("PUT", { submissionId: uuid(), deviceToken: token, answers }),
      );
    const invalid = await put({ ...fullSipasAnswers(), overall_satisfaction: 9 });
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as any).errors[0].field).toBe("answers.overall_satisfaction");
    await t.database.db
      .updateTable("survey")
      .set({ closes_at: new Date("2026-11-01T00:00:00Z") })
      .execute();
    expect((await put(fullSipasAnswers(5))).status).toBe(410);
    expect((await stored())[0]!.answers).toMatchObject({ overall_satisfaction: 4 });
  });
});

describe("abuse without asking parents to log in", () => {
  it("a filled honeypot is refused with a message, counted, and stores nothing", async () => {
    t = await createTestApp();
    const res = await post({
      submissionId: uuid(),
      answers: fullSipasAnswers(),
      website: "http://spam.example",
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.code).toBe("spam_suspected");
    expect(body.detail).toContain("Website");
    expect(await stored()).toHaveLength(0);
    expect(await rejected()).toEqual([{ reason: "honeypot", count: 1 }]);
  });

  it("past the per-address limit asks for a proof of work, accepts a solution once", async () => {
    t = await createTestApp({ config: { surveyLimits: { perIp: 3, perLink: 1000 }, trustProxy: true } });
    for (let i = 0; i < 3; i++) {
      expect((await post({ submissionId: uuid(), answers: fullSipasAnswers() })).status).toBe(201);
    }
    const body = { submissionId: uuid(), answers: fullSipasAnswers() };
    const limited = await post(body);
    expect(limited.status).toBe(428);
    const problem = (await limited.json()) as any;
    expect(problem.code).toBe("challenge_required");
    expect(problem.challenge).toMatchObject({ algorithm: "SHA-256" });

    // Another school behind another address is not affected.
    expect((await post({ submissionId: uuid(), answers: fullSipasAnswers() }, "198.51.100.9")).status).toBe(
      201,
    );

    const { altcha } = await solveAltcha(problem.challenge);
    const solved = await post({ ...body, altcha });
    expect(solved.status).toBe(201);
    const replayed = await post({ submissionId: uuid(), answers: fullSipasAnswers(), altcha });
    expect(replayed.status).toBe(428);
    const forged = await post({
      submissionId: uuid(),
      answers: fullSipasAnswers(),
      altcha: "bm90IGEgc29sdXRpb24=",
    });
    expect(forged.status).toBe(428);

    expect(await stored()).toHaveLength(5);
    expect(await rejected()).toEqual([{ reason: "rate_limited", count: 3 }]);
  });

  it("a proof of work expires ten minutes after it was asked for, by the service's clock", async () => {
    t = await createTestApp({ config: { surveyLimits: { perIp: 1, perLink: 1000 }, trustProxy: true } });
    const solve = async (res: Response) => {
      expect(res.status).toBe(428);
      return (await solveAltcha(((await res.json()) as { challenge: Challenge }).challenge)).altcha;
    };
    const late = { submissionId: uuid(), answers: fullSipasAnswers() };
    expect((await post({ submissionId: uuid(), answers: fullSipasAnswers() })).status).toBe(201);
    const stale = await solve(await post(late));

    // Past its ten minutes, and over the limit again in the next window: the old solution is refused.
    t.clock.advance(10 * 60_000 + 1_000);
    expect((await post({ submissionId: uuid(), answers: fullSipasAnswers() })).status).toBe(201);
    const fresh = await solve(await post({ ...late, altcha: stale }));

    // A challenge given now is good for ten minutes of the service's time, whatever the machine's date.
    t.clock.advance(9 * 60_000);
    expect((await post({ ...late, altcha: fresh })).status).toBe(201);
    expect(await stored()).toHaveLength(3);
  });

  it("a retry of an accepted submission is never limited", async () => {
    t = await createTestApp({ config: { surveyLimits: { perIp: 1, perLink: 1000 } } });
    const body = { submissionId: uuid(), answers: fullSipasAnswers() };
    expect((await post(body)).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await post(body)).status).toBe(200);
    expect(await stored()).toHaveLength(1);
  });
});
