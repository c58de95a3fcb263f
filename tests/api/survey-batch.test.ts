/**
 * Survey submissions arriving together are written together (group commit). Whatever shares a
 * batch, each parent gets the answer the one-at-a-time rules give: one row per submission id, one
 * answer per device, limits and caps counted exactly, refusals counted for the staff.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Config } from "../../api/src/config.ts";
import type { AppError } from "../../api/src/errors.ts";
import { type Submission, submitResponseAlone } from "../../api/src/surveys/service.ts";
import { createTestApp, fullSipasAnswers, jsonRequest, signIn, type TestApp } from "../support/app.ts";

let t: TestApp;
afterEach(async () => {
  await t.close();
});

const uuid = () => crypto.randomUUID();
const device = () => crypto.randomUUID().replaceAll("-", "");
const post = (body: unknown, ip = "203.0.113.7") =>
  t.app.request(
    `/api/public/s/${t.demoCode}/responses`,
    jsonRequest("POST", body, { "X-Forwarded-For": ip }),
  );
const together = async (bodies: { body: unknown; ip?: string }[]) => {
  const responses = await Promise.all(bodies.map((b) => post(b.body, b.ip)));
  return Promise.all(responses.map(async (r) => ({ status: r.status, body: (await r.json()) as any })));
};
const stored = () =>
  t.database.db.selectFrom("survey_response").select(["submission_id", "receipt", "device_hash"]).execute();
const rejected = () =>
  t.database.db.selectFrom("survey_rejection").select(["reason", "count"]).orderBy("reason").execute();

async function app(config: Partial<Config> = {}) {
  t = await createTestApp({ config: { trustProxy: true, ...config } });
}

describe("submissions sent at the same moment", () => {
  it("are all stored, each with its own receipt", async () => {
    await app();
    const results = await together(
      Array.from({ length: 40 }, (_, i) => ({
        body: { submissionId: uuid(), deviceToken: device(), answers: fullSipasAnswers((i % 5) + 1) },
        ip: `198.51.100.${i}`,
      })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(201));
    const receipts = results.map((r) => r.body.receipt as string);
    expect(new Set(receipts).size).toBe(40);
    const rows = await stored();
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.receipt))).toEqual(new Set(receipts));
  });

  it("store a submission sent three times once, and give all three the same receipt", async () => {
    await app();
    const body = { submissionId: uuid(), answers: fullSipasAnswers() };
    const results = await together([{ body }, { body }, { body }]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(results.map((r) => r.body.receipt)).size).toBe(1);
    expect(await stored()).toHaveLength(1);
  });

  it("keep one answer per device: the second is offered the first one's receipt to edit", async () => {
    await app();
    const token = device();
    const results = await together([
      { body: { submissionId: uuid(), deviceToken: token, answers: fullSipasAnswers(5) } },
      { body: { submissionId: uuid(), deviceToken: token, answers: fullSipasAnswers(2) } },
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const created = results.find((r) => r.status === 201)!;
    const refused = results.find((r) => r.status === 409)!;
    expect(refused.body).toMatchObject({
      code: "already_answered",
      editable: true,
      receipt: created.body.receipt,
    });
    expect(await stored()).toHaveLength(1);
  });

  it("refuse the invalid and the honeypot ones alone, counting each refusal once", async () => {
    await app();
    const results = await together([
      { body: { submissionId: uuid(), answers: fullSipasAnswers() } },
      { body: { submissionId: uuid(), answers: { ...fullSipasAnswers(), overall_satisfaction: 9 } } },
      { body: { submissionId: uuid(), answers: fullSipasAnswers(), website: "http://spam.example" } },
      { body: { submissionId: uuid(), answers: { ...fullSipasAnswers(), access_place: "x" } } },
      { body: { submissionId: uuid(), answers: fullSipasAnswers(3) } },
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 422, 400, 422, 201]);
    expect(results[1]!.body.errors).toEqual([
      expect.objectContaining({ field: "answers.overall_satisfaction" }),
    ]);
    expect(results[2]!.body.code).toBe("spam_suspected");
    expect(await stored()).toHaveLength(2);
    expect(await rejected()).toEqual([
      { reason: "honeypot", count: 1 },
      { reason: "invalid", count: 2 },
    ]);
  });

  it("count every one against the per-address limit: past it, a proof of work is asked", async () => {
    await app({ surveyLimits: { perIp: 3, perLink: 1000 } });
    const results = await together(
      Array.from({ length: 5 }, () => ({ body: { submissionId: uuid(), answers: fullSipasAnswers() } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 428, 428]);
    for (const r of results.filter((x) => x.status === 428)) {
      expect(r.body.code).toBe("challenge_required");
      expect(r.body.challenge).toMatchObject({ algorithm: "SHA-256" });
    }
    expect(await stored()).toHaveLength(3);
    expect(await rejected()).toEqual([{ reason: "rate_limited", count: 2 }]);
    // The window still holds them: the next one is asked too.
    expect((await post({ submissionId: uuid(), answers: fullSipasAnswers() })).status).toBe(428);
  });

  it("never go past a campaign's response cap", async () => {
    await app();
    await t.database.db.updateTable("survey").set({ response_cap: 5 }).execute();
    const results = await together(
      Array.from({ length: 8 }, (_, i) => ({
        body: { submissionId: uuid(), answers: fullSipasAnswers() },
        ip: `198.51.100.${i}`,
      })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    const full = results.filter((r) => r.status === 410);
    expect(full).toHaveLength(3);
    for (const r of full) expect(r.body.code).toBe("survey_full");
    expect(await stored()).toHaveLength(5);
  });

  it("store every character of a comment as it was sent, whatever its batch-mates", async () => {
    await app();
    const tricky = [
      'Cô giáo nói: "Con học tốt", nhưng {lớp} đông; thầy \\ cô, a\\"b',
      "NULL",
      "'); drop table survey_response; --",
      'Ngoặc nhọn {a,b} và dấu phẩy, "trích dẫn" và\ttab',
    ];
    const results = await together(
      tricky.map((comment, i) => ({
        body: { submissionId: uuid(), answers: { ...fullSipasAnswers(), comment } },
        ip: `198.51.100.${i}`,
      })),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const rows = await t.database.db.selectFrom("survey_response").select(["receipt", "answers"]).execute();
    const byReceipt = new Map(rows.map((r) => [r.receipt, (r.answers as { comment?: string }).comment]));
    expect(results.map((r) => byReceipt.get(r.body.receipt))).toEqual(tricky.map((c) => c.trim()));
  });

  it("answer a retry of an answer stored earlier with its first receipt, beside new ones", async () => {
    await app();
    const first = { submissionId: uuid(), answers: fullSipasAnswers() };
    const earlier = await post(first);
    expect(earlier.status).toBe(201);
    const receipt = ((await earlier.json()) as any).receipt;
    const results = await together([
      { body: first },
      { body: { submissionId: uuid(), answers: fullSipasAnswers() }, ip: "198.51.100.1" },
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 201]);
    expect(results[0]!.body.receipt).toBe(receipt);
    expect(await stored()).toHaveLength(2);
  });
});

describe("a submission id already used for another survey", () => {
  /** A second published survey of the demo school, with its gate link. */
  async function otherSurvey() {
    const cookie = await signIn(t.app);
    const unit = await t.database.db
      .selectFrom("unit")
      .select("id")
      .where("slug", "=", "demo")
      .executeTakeFirstOrThrow();
    const created = await t.app.request(
      `/api/admin/units/${unit.id}/surveys`,
      jsonRequest("POST", { templateId: "sipas" }, { Cookie: cookie }),
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const published = await t.app.request(
      `/api/admin/surveys/${id}/publish`,
      jsonRequest("POST", {}, { Cookie: cookie }),
    );
    expect(published.status).toBe(200);
    const detail = (await (
      await t.app.request(`/api/admin/surveys/${id}`, { headers: { Cookie: cookie } })
    ).json()) as { links: { code: string }[] };
    return { id, code: detail.links[0]!.code };
  }
  const postTo = async (code: string, body: unknown, ip = "203.0.113.7") =>
    t.app.request(`/api/public/s/${code}/responses`, jsonRequest("POST", body, { "X-Forwarded-For": ip }));
  const outcome = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });
  /** The one-at-a-time path, as the batch hands a submission over to it. */
  const alone = (code: string, body: Submission, ip = "203.0.113.7") =>
    submitResponseAlone({ database: t.database, clock: t.clock, config: t.config }, code, body, { ip }).then(
      (result) => ({ status: result.created ? 201 : 200, body: result as any }),
      (error: AppError) => ({ status: error.status, body: { code: error.code, ...error.extensions } }),
    );
  const demoSurvey = async () =>
    (
      await t.database.db
        .selectFrom("survey_link")
        .select("survey_id")
        .where("code", "=", t.demoCode)
        .executeTakeFirstOrThrow()
    ).survey_id;
  const rowsOf = (submissionId: string) =>
    t.database.db
      .selectFrom("survey_response")
      .select(["survey_id", "receipt"])
      .where("submission_id", "=", submissionId)
      .union(
        t.database.db
          .selectFrom("survey_held_response")
          .select(["survey_id", "receipt"])
          .where("submission_id", "=", submissionId),
      )
      .execute();

  for (const path of ["batch", "one at a time"] as const) {
    const send = (code: string, body: Submission) =>
      path === "batch" ? postTo(code, body).then(outcome) : alone(code, body);

    it(`is refused as a conflict, never with the first survey's receipt (${path})`, async () => {
      await app();
      const other = await otherSurvey();
      const submissionId = uuid();
      const first = await postTo(t.demoCode, { submissionId, answers: fullSipasAnswers() });
      expect(first.status).toBe(201);
      const { receipt } = (await first.json()) as { receipt: string };

      const second = await send(other.code, { submissionId, answers: fullSipasAnswers(2) });
      expect(second.status).toBe(409);
      expect(second.body.code).toBe("submission_conflict");
      expect(second.body.receipt).toBeUndefined();
      expect(await rowsOf(submissionId)).toEqual([{ survey_id: await demoSurvey(), receipt }]);
      // The first survey still answers a retry with its receipt.
      expect(await send(t.demoCode, { submissionId, answers: fullSipasAnswers() })).toMatchObject({
        status: 200,
        body: { receipt },
      });
    });

    it(`is refused as a conflict when the first answer is held for review (${path})`, async () => {
      await app({ surveyBursts: { perAddress: 0, perNetwork: 1e6, sameAnswers: 1e6 } });
      const other = await otherSurvey();
      const submissionId = uuid();
      const first = await postTo(t.demoCode, { submissionId, answers: fullSipasAnswers() });
      expect(first.status).toBe(201);
      const { receipt } = (await first.json()) as { receipt: string };
      expect(await rowsOf(submissionId)).toEqual([{ survey_id: await demoSurvey(), receipt }]);
      // The answer to the other survey would be counted at once, not held.
      t.config.surveyBursts = { perAddress: 1e6, perNetwork: 1e6, sameAnswers: 1e6 };

      const second = await send(other.code, { submissionId, answers: fullSipasAnswers(2) });
      expect(second).toMatchObject({ status: 409, body: { code: "submission_conflict" } });
      expect(second.body.receipt).toBeUndefined();
      expect(await rowsOf(submissionId)).toHaveLength(1);
    });

    it(`is answered as the closed survey it was sent to (${path})`, async () => {
      await app();
      const other = await otherSurvey();
      await t.database.db
        .updateTable("survey")
        .set({ closes_at: t.clock.now() })
        .where("id", "=", other.id)
        .execute();
      const submissionId = uuid();
      expect((await postTo(t.demoCode, { submissionId, answers: fullSipasAnswers() })).status).toBe(201);
      const second = await send(other.code, { submissionId, answers: fullSipasAnswers() });
      expect(second).toMatchObject({ status: 410, body: { code: "survey_closed" } });
    });

    it(`does not use up the sender's allowance for the other survey (${path})`, async () => {
      await app({ surveyLimits: { perIp: 1, perLink: 1000 } });
      const other = await otherSurvey();
      const submissionId = uuid();
      expect((await postTo(t.demoCode, { submissionId, answers: fullSipasAnswers() })).status).toBe(201);
      expect((await send(other.code, { submissionId, answers: fullSipasAnswers() })).status).toBe(409);
      // The parent's own first answer to the other survey is still within the free allowance.
      expect((await postTo(other.code, { submissionId: uuid(), answers: fullSipasAnswers() })).status).toBe(
        201,
      );
    });
  }

  it("sent to two surveys in one batch, the second does not share the first's receipt", async () => {
    await app();
    const other = await otherSurvey();
    const submissionId = uuid();
    const results = await Promise.all([
      postTo(t.demoCode, { submissionId, answers: fullSipasAnswers() }).then(outcome),
      postTo(other.code, { submissionId, answers: fullSipasAnswers(2) }, "198.51.100.1").then(outcome),
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 409]);
    expect(results[1]!.body).toMatchObject({ code: "submission_conflict" });
    expect(results[1]!.body.receipt).toBeUndefined();
    expect(await rowsOf(submissionId)).toEqual([
      { survey_id: await demoSurvey(), receipt: results[0]!.body.receipt },
    ]);
  });

  it("sent to two surveys in one batch, the second does not share the first's refusal", async () => {
    await app({ surveyLimits: { perIp: 1, perLink: 1000 } });
    const other = await otherSurvey();
    // This address has used its free allowance for the demo survey, not for the other one.
    expect((await postTo(t.demoCode, { submissionId: uuid(), answers: fullSipasAnswers() })).status).toBe(
      201,
    );
    const submissionId = uuid();
    const results = await Promise.all([
      postTo(t.demoCode, { submissionId, answers: fullSipasAnswers() }).then(outcome),
      postTo(other.code, { submissionId, answers: fullSipasAnswers(2) }).then(outcome),
    ]);
    expect(results.map((r) => r.status)).toEqual([428, 201]);
    expect(results[0]!.body.code).toBe("challenge_required");
    expect(await rowsOf(submissionId)).toEqual([{ survey_id: other.id, receipt: results[1]!.body.receipt }]);
  });
});
