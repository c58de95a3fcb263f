import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, fullSipasAnswers, jsonRequest, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const uuid = () => crypto.randomUUID();
const countResponses = async () =>
  (
    await t.database.db
      .selectFrom("survey_response")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow()
  ).n;
const submit = (body: unknown, headers?: Record<string, string>) =>
  t.app.request(`/api/public/s/${t.demoCode}/responses`, jsonRequest("POST", body, headers));

describe("a parent opening the survey link", () => {
  it("gets the unit name, the title and the questions in order", async () => {
    const res = await t.app.request(`/api/public/s/${t.demoCode}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.unit).toEqual({ slug: "demo", name: "Trường Tiểu học Demo" });
    expect(body.survey.title.vi).toContain("hài lòng");
    expect(body.sections.map((s: { element: string }) => s.element)).toEqual([
      "access",
      "procedure",
      "staff",
      "result",
      "feedback",
      "overall",
    ]);
    expect(body.sections[0].questions[0]).toMatchObject({
      id: "access_place",
      type: "likert5",
      required: true,
    });
  });

  it("gets a 404 problem for an unknown code", async () => {
    const res = await t.app.request("/api/public/s/zzzzzzzz");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ status: 404, code: "link_not_found" });
    expect(body.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("gets 410 once the campaign has closed, and before it opens", async () => {
    await t.database.db
      .updateTable("survey")
      .set({ closes_at: new Date(t.clock.now().getTime() - 1000) })
      .execute();
    const closed = await t.app.request(`/api/public/s/${t.demoCode}`);
    expect(closed.status).toBe(410);
    expect(((await closed.json()) as any).code).toBe("survey_closed");
    const post = await submit({ submissionId: uuid(), answers: fullSipasAnswers() });
    expect(post.status).toBe(410);

    await t.database.db
      .updateTable("survey")
      .set({ closes_at: null, opens_at: new Date(t.clock.now().getTime() + 86_400_000) })
      .execute();
    const early = await t.app.request(`/api/public/s/${t.demoCode}`);
    expect(early.status).toBe(410);
    expect(((await early.json()) as any).code).toBe("survey_not_open");
    expect(await countResponses()).toBe(0);
  });

  it("answers in English when the browser asks for it", async () => {
    const res = await t.app.request("/api/public/s/zzzzzzzz", {
      headers: { "Accept-Language": "en-US,en;q=0.9" },
    });
    expect(((await res.json()) as any).detail).toMatch(/Survey not found/);
  });
});

describe("submitting answers", () => {
  it("stores a valid response and returns a receipt", async () => {
    const res = await submit({
      submissionId: uuid(),
      answers: { ...fullSipasAnswers(5), comment: "Rất tốt" },
    });
    expect(res.status).toBe(201);
    const { receipt } = (await res.json()) as any;
    expect(receipt).toMatch(/^R-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const row = await t.database.db.selectFrom("survey_response").selectAll().executeTakeFirstOrThrow();
    expect(row.receipt).toBe(receipt);
    expect(row.answers).toMatchObject({ access_place: 5, comment: "Rất tốt" });
    expect(row.created_at).toBeInstanceOf(Date);
  });

  it("returns the same receipt for the same submissionId and stores it once", async () => {
    const body = { submissionId: uuid(), answers: fullSipasAnswers() };
    const first = await submit(body);
    const second = await submit(body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect((await second.json()) as any).toEqual((await first.json()) as any);
    expect(await countResponses()).toBe(1);
  });

  it("stores concurrent retries of one submission once", async () => {
    const body = { submissionId: uuid(), answers: fullSipasAnswers() };
    const results = await Promise.all([submit(body), submit(body), submit(body)]);
    const receipts = new Set(await Promise.all(results.map(async (r) => ((await r.json()) as any).receipt)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(receipts.size).toBe(1);
    expect(await countResponses()).toBe(1);
  });

  it("still confirms a stored submission after the campaign closed", async () => {
    const body = { submissionId: uuid(), answers: fullSipasAnswers() };
    const first = (await (await submit(body)).json()) as any;
    await t.database.db.updateTable("survey").set({ closes_at: t.clock.now() }).execute();
    const retry = await submit(body);
    expect(retry.status).toBe(200);
    expect((await retry.json()) as any).toEqual(first);
  });

  it("keeps the answers of hidden questions out and normalises Vietnamese text to NFC", async () => {
    const nfd = "Giáo viên tận tình".normalize("NFD");
    const res = await submit({ submissionId: uuid(), answers: { ...fullSipasAnswers(), comment: nfd } });
    expect(res.status).toBe(201);
    const row = await t.database.db.selectFrom("survey_response").select("answers").executeTakeFirstOrThrow();
    expect(row.answers.comment).toBe("Giáo viên tận tình".normalize("NFC"));
  });
});

describe("bad input is refused with a problem naming the field, and nothing is stored", () => {
  const cases: Array<[string, () => Response | Promise<Response>, number, string | undefined]> = [
    ["malformed JSON", () => submit("{not json"), 400, undefined],
    [
      "an unknown question",
      () => submit({ submissionId: uuid(), answers: { ...fullSipasAnswers(), q_nope: 3 } }),
      422,
      "answers.q_nope",
    ],
    [
      "a wrong value type",
      () => submit({ submissionId: uuid(), answers: { ...fullSipasAnswers(), access_place: "5" } }),
      422,
      "answers.access_place",
    ],
    [
      "an out-of-range level",
      () => submit({ submissionId: uuid(), answers: { ...fullSipasAnswers(), staff_polite: 6 } }),
      422,
      "answers.staff_polite",
    ],
    [
      "a missing required answer",
      () => {
        const answers = fullSipasAnswers();
        delete answers.result_on_time;
        return submit({ submissionId: uuid(), answers });
      },
      422,
      "answers.result_on_time",
    ],
    [
      "a text over its limit",
      () => submit({ submissionId: uuid(), answers: { ...fullSipasAnswers(), comment: "a".repeat(1001) } }),
      422,
      "answers.comment",
    ],
    [
      "an option that does not exist",
      () =>
        submit({
          submissionId: uuid(),
          answers: { ...fullSipasAnswers(), expectations: ["online", "bribes"] },
        }),
      422,
      "answers.expectations",
    ],
    [
      "a submissionId that is not a UUID",
      () => submit({ submissionId: "abc", answers: fullSipasAnswers() }),
      422,
      "submissionId",
    ],
    ["a missing submissionId", () => submit({ answers: fullSipasAnswers() }), 422, "submissionId"],
    [
      "an unknown top-level field",
      () => submit({ submissionId: uuid(), answers: fullSipasAnswers(), name: "Nguyễn Văn A" }),
      422,
      "name",
    ],
    [
      "an oversized body",
      () =>
        submit({ submissionId: uuid(), answers: { ...fullSipasAnswers(), comment: "x".repeat(100_000) } }),
      413,
      undefined,
    ],
    [
      "a body that is not JSON",
      () =>
        t.app.request(`/api/public/s/${t.demoCode}/responses`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: "answers=1",
        }),
      415,
      undefined,
    ],
    [
      "an unknown link",
      () =>
        t.app.request(
          "/api/public/s/zzzzzzzz/responses",
          jsonRequest("POST", { submissionId: uuid(), answers: {} }),
        ),
      404,
      undefined,
    ],
  ];

  it.each(cases)("%s", async (_name, send, status, field) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as any;
    expect(body.status).toBe(status);
    expect(typeof body.code).toBe("string");
    expect(body.detail.length).toBeGreaterThan(0);
    if (field) expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await countResponses()).toBe(0);
  });
});

describe("the QR code", () => {
  it("is an SVG of the public survey URL", async () => {
    const res = await t.app.request(`/api/public/s/${t.demoCode}/qr.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(await res.text()).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });

  it("decodes back to the survey URL with an independent decoder", async () => {
    const res = await t.app.request(`/api/public/s/${t.demoCode}/qr.png`);
    expect(res.status).toBe(200);
    const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(`http://gopy.test/s/${t.demoCode}`);
  });

  it("is not drawn for an unknown code", async () => {
    expect((await t.app.request("/api/public/s/zzzzzzzz/qr.svg")).status).toBe(404);
  });
});
