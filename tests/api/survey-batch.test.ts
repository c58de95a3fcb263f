/**
 * Survey submissions arriving together are written together (group commit). Whatever shares a
 * batch, each parent gets the answer the one-at-a-time rules give: one row per submission id, one
 * answer per device, limits and caps counted exactly, refusals counted for the staff.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Config } from "../../api/src/config.ts";
import { createTestApp, fullSipasAnswers, jsonRequest, type TestApp } from "../support/app.ts";

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
