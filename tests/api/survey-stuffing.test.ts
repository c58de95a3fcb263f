import { DEFAULT_SURVEY_BURSTS, DEFAULT_SURVEY_LIMITS } from "@gopy/api/config.ts";
import { rollupDueDays, surveyCounts } from "@gopy/api/reports/rollup.ts";
import { reviewCounts } from "@gopy/api/surveys/review.ts";
import { BASE_DIFFICULTY } from "@gopy/api/surveys/stuffing.ts";
import { afterEach, describe, expect, it } from "vitest";
import { type Challenge, solveAltcha } from "../support/altcha.ts";
import { createTestApp, fullSipasAnswers, jsonRequest, signIn, type TestApp } from "../support/app.ts";

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const uuid = () => crypto.randomUUID();
/** The service's own defaults: every answer pays a proof of work, bursts are held. */
const PRODUCTION = {
  surveyLimits: { ...DEFAULT_SURVEY_LIMITS },
  surveyBursts: { ...DEFAULT_SURVEY_BURSTS },
  trustProxy: true,
};
/** Answers need no proof of work (to keep the suite fast) but bursts are held as in production. */
const FREE_ANSWERS = { ...PRODUCTION, surveyLimits: { perIp: 1e9, perLink: 1e9 } };

const post = (body: Record<string, unknown>, ip = "203.0.113.7") =>
  t.app.request(
    `/api/public/s/${t.demoCode}/responses`,
    jsonRequest("POST", body, { "X-Forwarded-For": ip }),
  );

async function challengeFor(ip: string): Promise<Challenge> {
  const res = await t.app.request(`/api/public/s/${t.demoCode}/challenge`, {
    headers: { "X-Forwarded-For": ip },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { challenge: Challenge }).challenge;
}

const solve = async (c: Challenge) => (await solveAltcha(c)).altcha;

/** Sends one answer the way the survey page does: 428, solve, send again. */
async function answer(answers: Record<string, unknown>, ip: string) {
  const body = { submissionId: uuid(), answers };
  const first = await post(body, ip);
  if (first.status !== 428) return first;
  const { challenge } = (await first.json()) as { challenge: Challenge };
  return post({ ...body, altcha: await solve(challenge) }, ip);
}

async function surveyId(cookie: string): Promise<string> {
  const { items } = (await (
    await t.app.request("/api/admin/surveys", { headers: { Cookie: cookie } })
  ).json()) as {
    items: { id: string }[];
  };
  return items[0]!.id;
}

async function counted(cookie: string, id: string): Promise<number> {
  const res = await t.app.request(`/api/admin/surveys/${id}/results`, { headers: { Cookie: cookie } });
  return ((await res.json()) as { responseCount: number }).responseCount;
}

/** Responses counted in November by the figures the monthly reports read. */
async function monthResponses(id: string): Promise<number> {
  const rows = await surveyCounts(t.database.db, id, "2026-11-01", "2026-11-30", t.clock.now());
  return rows.filter((r) => r.questionId === "").reduce((n, r) => n + r.count, 0);
}

const varied = (i: number) => ({ ...fullSipasAnswers((i % 5) + 1), access_place: ((i * 3) % 5) + 1 });

describe("the cost of a fake answer", () => {
  it("no answer is free: the first one from an address is asked for a proof of work at base difficulty", async () => {
    t = await createTestApp({ config: PRODUCTION });
    const body = { submissionId: uuid(), answers: fullSipasAnswers() };
    const first = await post(body);
    expect(first.status).toBe(428);
    const { challenge } = (await first.json()) as { challenge: Challenge };
    expect(challenge.maxnumber).toBe(BASE_DIFFICULTY);
    expect((await post({ ...body, altcha: await solve(challenge) })).status).toBe(201);
    // The ordinary handshake is not a refusal in the staff's figures.
    expect(await t.database.db.selectFrom("survey_rejection").selectAll().execute()).toEqual([]);
  });

  it("a burst from one address gets harder challenges; another address does not pay for it", async () => {
    t = await createTestApp({ config: PRODUCTION });
    const early = await challengeFor("203.0.113.7");
    expect(early.maxnumber).toBe(BASE_DIFFICULTY);
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      seen.push((await challengeFor("203.0.113.7")).maxnumber);
      expect((await answer(varied(i), "203.0.113.7")).status).toBe(201);
    }
    expect(seen).toEqual([50_000, 50_000, 50_000, 100_000, 100_000, 100_000]);
    expect((await challengeFor("203.0.113.7")).maxnumber).toBe(200_000);
    expect((await challengeFor("198.51.100.20")).maxnumber).toBe(BASE_DIFFICULTY);

    // An easy challenge collected before the burst does not pay for an answer in it.
    const stale = await post({ submissionId: uuid(), answers: varied(9), altcha: await solve(early) });
    expect(stale.status).toBe(428);
    expect(((await stale.json()) as { challenge: Challenge }).challenge.maxnumber).toBe(200_000);

    // Ten minutes later the address is quiet again.
    t.clock.advance(10 * 60_000 + 1000);
    expect((await challengeFor("203.0.113.7")).maxnumber).toBe(BASE_DIFFICULTY);
    // Seven real proofs of work (up to 500,000 hashes with the library's slow solver): seconds of CPU.
  }, 120_000);
});

describe("bursts that get through are held for review", () => {
  it("holds the answers past the limit from one address, out of the month's figures, until staff decide", async () => {
    t = await createTestApp({ config: FREE_ANSWERS });
    const cookie = await signIn(t.app);
    const id = await surveyId(cookie);
    const receipts: string[] = [];
    for (let i = 0; i < 13; i++) {
      const res = await post({ submissionId: uuid(), answers: varied(i) }, "203.0.113.7");
      // A held answer gets a receipt like any other: the sender cannot tell.
      expect(res.status).toBe(201);
      receipts.push(((await res.json()) as { receipt: string }).receipt);
      t.clock.advance(10_000);
    }
    expect(await counted(cookie, id)).toBe(DEFAULT_SURVEY_BURSTS.perAddress);
    expect(await monthResponses(id)).toBe(DEFAULT_SURVEY_BURSTS.perAddress);
    expect(await reviewCounts(t.database.db, id, "2026-11-01", "2026-11-30")).toEqual({
      held: 3,
      excluded: 0,
    });

    const list = await t.app.request(`/api/admin/surveys/${id}/held`, { headers: { Cookie: cookie } });
    expect(list.status).toBe(200);
    const text = await list.text();
    // Evidence names networks and hash prefixes, never an address.
    expect(text).not.toContain("203.0.113.7");
    const { bursts, held } = JSON.parse(text);
    expect(held).toBe(3);
    expect(bursts).toHaveLength(1);
    const burst = bursts[0];
    expect(burst).toMatchObject({
      reason: "address",
      count: 3,
      networks: ["203.0.113.0/24"],
      firstAt: "2026-11-23T02:01:40.000Z",
      lastAt: "2026-11-23T02:02:00.000Z",
    });
    expect(burst.source).toMatch(/^[0-9a-f]{12}$/);
    expect(burst.addresses).toEqual([burst.source]);
    expect(burst.items.map((x: any) => x.receipt)).toEqual(receipts.slice(10));
    expect(burst.items[0].answers).toMatchObject(varied(10));

    // Include one, discard the rest: each decision is audited with who and when.
    const decide = (decision: string, ids: number[]) =>
      t.app.request(
        `/api/admin/surveys/${id}/held/decisions`,
        jsonRequest("POST", { decision, ids }, { Cookie: cookie }),
      );
    const included = await decide("include", [burst.items[0].id]);
    expect(included.status).toBe(200);
    expect(await included.json()).toEqual({
      decision: "include",
      decided: [{ id: burst.items[0].id, receipt: receipts[10] }],
    });
    t.clock.advance(60_000);
    expect(
      (
        await decide(
          "discard",
          burst.items.map((x: any) => x.id),
        )
      ).status,
    ).toBe(200);
    expect((await decide("discard", [burst.items[1].id])).status).toBe(404);

    expect(await counted(cookie, id)).toBe(DEFAULT_SURVEY_BURSTS.perAddress + 1);
    expect(await monthResponses(id)).toBe(DEFAULT_SURVEY_BURSTS.perAddress + 1);
    expect(await reviewCounts(t.database.db, id, "2026-11-01", "2026-11-30")).toEqual({
      held: 0,
      excluded: 2,
    });
    expect(await reviewCounts(t.database.db, id, "2026-11-24", "2026-11-30")).toEqual({
      held: 0,
      excluded: 0,
    });
    const audit = await t.database.db
      .selectFrom("audit_log")
      .select(["action", "actor_email", "at", "summary"])
      .where("action", "like", "survey.held_%")
      .orderBy("at")
      .execute();
    expect(audit).toEqual([
      {
        action: "survey.held_included",
        actor_email: "hieutruong@demo.edu.vn",
        at: new Date("2026-11-23T02:02:10.000Z"),
        summary: { count: 1, ids: [burst.items[0].id], receipts: [receipts[10]] },
      },
      {
        action: "survey.held_discarded",
        actor_email: "hieutruong@demo.edu.vn",
        at: new Date("2026-11-23T02:03:10.000Z"),
        summary: { count: 2, ids: [burst.items[1].id, burst.items[2].id], receipts: receipts.slice(11) },
      },
    ]);
    const after = (await (
      await t.app.request(`/api/admin/surveys/${id}/held`, { headers: { Cookie: cookie } })
    ).json()) as any;
    expect(after).toEqual({ bursts: [], held: 0 });

    // The month's summary counts the 11 and states the 2 discarded after review.
    const unit = await t.database.db
      .selectFrom("unit")
      .select("id")
      .where("slug", "=", "demo")
      .executeTakeFirstOrThrow();
    const draft = await t.app.request(
      `/api/admin/units/${unit.id}/reports/2026-11/draft`,
      jsonRequest("POST", {}, { Cookie: cookie }),
    );
    const figures = ((await draft.json()) as any).figures;
    expect(figures.surveys[0]).toMatchObject({ responses: 11, review: { held: 0, excluded: 2 } });
  });

  it("an included answer of a day already rolled up is counted when the day is counted again", async () => {
    t = await createTestApp({
      config: { ...FREE_ANSWERS, surveyBursts: { ...DEFAULT_SURVEY_BURSTS, perAddress: 1 } },
    });
    const cookie = await signIn(t.app);
    const id = await surveyId(cookie);
    for (let i = 0; i < 2; i++)
      expect((await post({ submissionId: uuid(), answers: varied(i) })).status).toBe(201);
    t.clock.advance(24 * 3600_000);
    await rollupDueDays(t.database.db, t.clock.now());
    expect(await monthResponses(id)).toBe(1);
    const next = await signIn(t.app); // the session of yesterday has expired
    const { bursts } = (await (
      await t.app.request(`/api/admin/surveys/${id}/held`, { headers: { Cookie: next } })
    ).json()) as any;
    const res = await t.app.request(
      `/api/admin/surveys/${id}/held/decisions`,
      jsonRequest("POST", { decision: "include", ids: [bursts[0].items[0].id] }, { Cookie: next }),
    );
    expect(res.status).toBe(200);
    await rollupDueDays(t.database.db, t.clock.now());
    expect(await monthResponses(id)).toBe(2);
  });

  it("holds the same answers sent many times from many networks, and many answers from one network", async () => {
    t = await createTestApp({ config: FREE_ANSWERS });
    const cookie = await signIn(t.app);
    const id = await surveyId(cookie);
    const same = { ...fullSipasAnswers(1), comment: "Trường rất tệ" };
    for (let i = 0; i < 12; i++) {
      expect((await post({ submissionId: uuid(), answers: same }, `10.${i}.0.1`)).status).toBe(201);
    }
    for (let i = 0; i < 32; i++) {
      expect((await post({ submissionId: uuid(), answers: varied(i) }, `192.0.2.${i + 1}`)).status).toBe(201);
    }
    const { bursts } = (await (
      await t.app.request(`/api/admin/surveys/${id}/held`, { headers: { Cookie: cookie } })
    ).json()) as any;
    expect(bursts.map((b: any) => [b.reason, b.count])).toEqual([
      ["pattern", 2],
      ["network", 2],
    ]);
    expect(bursts[0].repeated).toEqual({ answers: same, count: 2 });
    expect(bursts[0].networks).toEqual(["10.10.0.0/24", "10.11.0.0/24"]);
    expect(bursts[1].source).toBe("192.0.2.0/24");
    expect(await counted(cookie, id)).toBe(10 + 30);
  });

  it("never holds a normal stream of answers from different addresses", async () => {
    t = await createTestApp({ config: FREE_ANSWERS });
    const cookie = await signIn(t.app);
    const id = await surveyId(cookie);
    // A busy evening: 60 parents in 30 minutes, some sharing a home network or the same answers.
    for (let i = 0; i < 60; i++) {
      const ip = i % 7 === 0 ? "198.51.100.77" : `100.${64 + (i % 50)}.${i}.9`;
      expect((await post({ submissionId: uuid(), answers: varied(i) }, ip)).status).toBe(201);
      t.clock.advance(30_000);
    }
    expect(await counted(cookie, id)).toBe(60);
    expect(await reviewCounts(t.database.db, id, "2026-11-01", "2026-11-30")).toEqual({
      held: 0,
      excluded: 0,
    });
  });

  it("a device whose answer is held cannot send another one, and retries get the same receipt", async () => {
    t = await createTestApp({
      config: { ...FREE_ANSWERS, surveyBursts: { ...DEFAULT_SURVEY_BURSTS, perAddress: 1 } },
    });
    await post({ submissionId: uuid(), answers: varied(1) });
    const token = Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64url");
    const body = { submissionId: uuid(), answers: varied(2), deviceToken: token };
    const heldRes = await post(body);
    expect(heldRes.status).toBe(201);
    const { receipt } = (await heldRes.json()) as { receipt: string };
    const retry = await post(body);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ receipt });
    const again = await post({ ...body, submissionId: uuid() });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "already_answered", receipt, editable: false });
  });

  it("only staff who manage the survey see and decide held answers", async () => {
    t = await createTestApp({ config: FREE_ANSWERS });
    const cookie = await signIn(t.app);
    const id = await surveyId(cookie);
    expect((await t.app.request(`/api/admin/surveys/${id}/held`)).status).toBe(401);
    const bad = await t.app.request(
      `/api/admin/surveys/${id}/held/decisions`,
      jsonRequest("POST", { decision: "keep", ids: [] }, { Cookie: cookie }),
    );
    expect(bad.status).toBe(422);
    const fields = ((await bad.json()) as any).errors.map((e: any) => e.field).sort();
    expect(fields).toEqual(["decision", "ids"]);
  });
});
