import { type PublishedBreakdown, recoveredCells } from "@gopy/api/reports/inference.ts";
import { runMonthEnd } from "@gopy/api/reports/month-end.ts";
import { rollupDueDays, surveyCounts } from "@gopy/api/reports/rollup.ts";
import { sql } from "kysely";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, fullSipasAnswers, jsonRequest, signIn, type TestApp } from "../support/app.ts";

let t: TestApp;
let admin: string;
let demoUnitId: string;
let surveyId: string;
const silent = pino({ level: "silent" });
beforeEach(async () => {
  t = await createTestApp();
  admin = await signIn(t.app);
  demoUnitId = (
    await t.database.db.selectFrom("unit").select("id").where("slug", "=", "demo").executeTakeFirstOrThrow()
  ).id;
  surveyId = (await t.database.db.selectFrom("survey").select("id").executeTakeFirstOrThrow()).id;
});
afterEach(() => t.close());

const send = async (method: string, path: string, body: unknown = {}) => {
  const res = await t.app.request(path, jsonRequest(method, body, { Cookie: admin }));
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};
const get = async (path: string) => {
  const res = await t.app.request(path, { headers: { Cookie: admin } });
  return { status: res.status, body: (await res.json()) as any };
};
async function answer(level: number, extra: Record<string, unknown> = {}, code = t.demoCode) {
  const res = await t.app.request(
    `/api/public/s/${code}/responses`,
    jsonRequest("POST", {
      submissionId: crypto.randomUUID(),
      answers: { ...fullSipasAnswers(level), ...extra },
    }),
  );
  expect(res.status).toBe(201);
}
const reports = (unitId = demoUnitId) => `/api/admin/units/${unitId}/reports`;
const publicJson = async (path: string) => {
  const res = await t.app.request(path);
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
};

describe("per-day rollups", () => {
  it("count finished days once, recount a day whose answer was edited, and agree with a live count", async () => {
    // Monday 23/11 and Tuesday 24/11 (Vietnam time).
    for (const level of [5, 4, 4, 2]) await answer(level);
    t.clock.advance(86_400_000);
    for (const level of [3, 5]) await answer(level);
    const live = await surveyCounts(t.database.db, surveyId, "2026-11-01", "2026-11-30", t.clock.now());

    t.clock.set("2026-11-26T02:00:00Z");
    expect(await rollupDueDays(t.database.db, t.clock.now())).toBe(3); // 23, 24 and 25 (empty)
    expect(await rollupDueDays(t.database.db, t.clock.now())).toBe(0);
    const rolled = await surveyCounts(t.database.db, surveyId, "2026-11-01", "2026-11-30", t.clock.now());
    const key = (rows: typeof live) =>
      rows.map((r) => `${r.linkId}|${r.questionId}|${r.value}|${r.count}`).sort();
    expect(key(rolled)).toEqual(key(live));
    const staff = rolled.find((r) => r.questionId === "staff_polite" && r.value === "4");
    expect(staff?.count).toBe(2);
    const responses = rolled.filter((r) => r.questionId === "").reduce((s, r) => s + r.count, 0);
    expect(responses).toBe(6);
    // Free text is never counted into the rollups.
    const rows = await t.database.db
      .selectFrom("survey_day_rollup")
      .select("question_id")
      .distinct()
      .execute();
    expect(rows.map((r) => r.question_id)).not.toContain("comment");

    // A device edits its Monday answer on Thursday: Monday is counted again.
    const token = crypto.randomUUID();
    t.clock.set("2026-11-23T05:00:00Z");
    await t.app.request(
      `/api/public/s/${t.demoCode}/responses`,
      jsonRequest("POST", {
        submissionId: crypto.randomUUID(),
        deviceToken: token,
        answers: fullSipasAnswers(1),
      }),
    );
    t.clock.set("2026-11-26T03:00:00Z");
    await rollupDueDays(t.database.db, t.clock.now());
    const edit = await t.app.request(
      `/api/public/s/${t.demoCode}/responses`,
      jsonRequest("PUT", {
        submissionId: crypto.randomUUID(),
        deviceToken: token,
        answers: fullSipasAnswers(5),
      }),
    );
    expect(edit.status).toBe(200);
    expect(await rollupDueDays(t.database.db, t.clock.now())).toBe(1);
    const after = await surveyCounts(t.database.db, surveyId, "2026-11-23", "2026-11-23", t.clock.now());
    expect(after.find((r) => r.questionId === "staff_polite" && r.value === "1")).toBeUndefined();
    expect(after.find((r) => r.questionId === "staff_polite" && r.value === "5")?.count).toBe(2);
  });
});

describe("the month-end job", () => {
  it("drafts every unit's summary on the last day at the set hour, once, and records the run", async () => {
    await answer(4);
    t.clock.set("2026-11-30T08:59:00Z"); // 15:59 in Hà Nội, the hour is 16
    expect(await runMonthEnd(t.database.db, t.clock.now(), 16, silent)).toEqual([]);
    expect(await t.database.db.selectFrom("monthly_summary").selectAll().execute()).toHaveLength(0);

    t.clock.set("2026-11-30T09:00:00Z");
    const [first, second] = await Promise.all([
      runMonthEnd(t.database.db, t.clock.now(), 16, silent),
      runMonthEnd(t.database.db, t.clock.now(), 16, silent),
    ]);
    const done = [...first!, ...second!].filter((r) => r.month === "2026-11");
    expect(done).toHaveLength(1); // two servers: one of them ran November
    expect(done[0]).toMatchObject({ drafted: 1 });
    const drafts = await t.database.db.selectFrom("monthly_summary").selectAll().execute();
    expect(drafts.filter((d) => d.month === "2026-11")).toHaveLength(1);
    const run = await t.database.db
      .selectFrom("job_run")
      .selectAll()
      .where("period", "=", "2026-11")
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ job: "month_end", outcome: "ok", attempts: 1 });
    expect(run.duration_ms).toBeGreaterThanOrEqual(0);
    expect(run.details).toMatchObject({ month: "2026-11", drafted: 1 });

    t.clock.advance(3600_000);
    expect(await runMonthEnd(t.database.db, t.clock.now(), 16, silent)).toEqual([]);
  });

  it("catches up a month missed while the service was down, and takes over a run that died", async () => {
    await answer(4);
    // Down from 29/11 to 3/1: on the first tick, November and December are both drafted.
    t.clock.set("2027-01-03T01:00:00Z");
    const done = await runMonthEnd(t.database.db, t.clock.now(), 16, silent);
    expect(done.map((d) => d.month)).toEqual(["2026-11", "2026-12"]);
    admin = await signIn(t.app); // weeks have passed: sign in again
    const nov = await get(`${reports()}/2026-11`);
    // One answer only: not even the count is shown.
    expect(nov.body.draft.figures.satisfaction.responses).toBeNull();
    expect(nov.body.draft.figures.surveys[0]).toMatchObject({ responses: null, responsesSuppressed: true });

    // A server died while running January's: its claim expires and the next tick runs it again.
    t.clock.set("2027-01-31T09:30:00Z");
    await sql`insert into job_run (job, period, started_at, claimed_until, outcome)
      values ('month_end', '2027-01', ${t.clock.now()}, ${new Date(t.clock.now().getTime() + 60_000)}, 'running')`.execute(
      t.database.db,
    );
    expect(await runMonthEnd(t.database.db, t.clock.now(), 16, silent)).toEqual([]); // still claimed
    t.clock.advance(2 * 60_000);
    const retaken = await runMonthEnd(t.database.db, t.clock.now(), 16, silent);
    expect(retaken.map((d) => d.month)).toEqual(["2027-01"]);
    const run = await t.database.db
      .selectFrom("job_run")
      .selectAll()
      .where("period", "=", "2027-01")
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ outcome: "ok", attempts: 2 });
  });
});

describe("reports due to the supervising level", () => {
  it("remind the unit's admins before the yearly and quarterly reports fall due, once", async () => {
    const bad = await send("PUT", `${reports()}/settings`, { yearlyReportDate: "13-40" });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: "yearlyReportDate" })]);
    const set = await send("PUT", `${reports()}/settings`, { quarterlyReportDay: 5, reportReminderDays: 2 });
    expect(set.body).toMatchObject({
      quarterlyReportDay: 5,
      yearlyReportDate: "12-15",
      reportReminderDays: 2,
    });
    const mails = () =>
      t.database.db
        .selectFrom("outbox")
        .select(["recipient", "subject"])
        .where("subject", "like", "%báo cáo%")
        .execute();

    t.clock.set("2026-12-12T02:00:00Z"); // 3 days before 15/12: not yet (2 days are set)
    await runMonthEnd(t.database.db, t.clock.now(), 16, silent);
    expect(await mails()).toEqual([]);
    t.clock.set("2026-12-13T02:00:00Z");
    await runMonthEnd(t.database.db, t.clock.now(), 16, silent);
    await runMonthEnd(t.database.db, t.clock.now(), 16, silent);
    expect(await mails()).toEqual([
      {
        recipient: "hieutruong@demo.edu.vn",
        subject: "Trường Tiểu học Demo: báo cáo năm 2026 đến hạn ngày 15/12/2026",
      },
    ]);
    t.clock.set("2027-01-03T02:00:00Z"); // the fourth quarter's report is due on 5/1
    await runMonthEnd(t.database.db, t.clock.now(), 16, silent);
    expect((await mails()).map((m) => m.subject)).toContain(
      "Trường Tiểu học Demo: báo cáo quý IV/2026 đến hạn ngày 05/01/2027",
    );
  });
});

describe("reviewing and publishing a month", () => {
  it("publishes an immutable snapshot; a correction is a new revision naming what changed", async () => {
    for (const level of [5, 5, 4, 4, 4, 3, 2, 5, 4, 1])
      await answer(level, { comment: "Cô Hạnh lớp 2B rất tận tâm" });
    const draft = await send("POST", `${reports()}/2026-11/draft`, {
      commentary: "Nhà trường sẽ lắp mái che ở cổng phụ.",
      excerpts: ["Phụ huynh đề nghị có mái che chờ đón con."],
    });
    expect(draft.status).toBe(200);
    const f = draft.body.figures;
    expect(f.surveys[0].responses).toBe(10);
    // 7 of 10 answered 4 or 5 on every criterion: every element's index is 0.7.
    expect(f.surveys[0].index).toBeCloseTo(0.7, 10);
    expect(f.satisfaction).toMatchObject({ responses: 10, target: 0.85, met: false });
    const place = f.surveys[0].questions.find((q: { id: string }) => q.id === "access_place");
    expect(place.topTwoBox.share).toBeCloseTo(0.7, 10);
    // Levels with 1-4 answers: every level and the mean are withheld, the satisfied share is not.
    expect(place).toMatchObject({ detail: "share", n: 10, mean: null });
    expect(place.distribution.map((d: { suppressed: boolean }) => d.suppressed)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(JSON.stringify(draft.body)).not.toContain("Cô Hạnh");

    // Nothing is public before publishing.
    expect((await publicJson("/api/public/units/demo/reports/2026-11.json")).status).toBe(404);
    const published = await send("POST", `${reports()}/2026-11/publish`);
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ status: "published", revision: 1, changes: null });

    const first = await publicJson("/api/public/units/demo/reports/2026-11.json");
    expect(first.status).toBe(200);
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    expect(first.body).toMatchObject({
      unit: { slug: "demo", name: "Trường Tiểu học Demo" },
      revision: 1,
      commentary: "Nhà trường sẽ lắp mái che ở cổng phụ.",
      trend: [{ month: "2026-11", index: expect.any(Number) }],
    });
    expect(first.body.figures.excerpts).toEqual(["Phụ huynh đề nghị có mái che chờ đón con."]);

    // Later answers do not change what was published; the database refuses to change it.
    for (let i = 0; i < 5; i++) await answer(5);
    expect((await publicJson("/api/public/units/demo/reports/2026-11.json")).body.figures).toEqual(
      first.body.figures,
    );
    await expect(
      sql`update monthly_summary set commentary = 'x' where status = 'published'`.execute(t.database.db),
    ).rejects.toThrow(/never changes/);
    await expect(
      sql`delete from monthly_summary where status = 'published'`.execute(t.database.db),
    ).rejects.toThrow(/never changes/);

    // A correction: a new draft, published only with a note of what changed.
    expect((await send("POST", `${reports()}/2026-11/draft`)).status).toBe(200);
    const unnamed = await send("POST", `${reports()}/2026-11/publish`);
    expect(unnamed.status).toBe(422);
    expect(unnamed.body.errors).toEqual([expect.objectContaining({ field: "changes" })]);
    const corrected = await send("POST", `${reports()}/2026-11/publish`, {
      changes: "Bổ sung 5 phiếu nộp muộn ngày 30/11.",
    });
    expect(corrected.body).toMatchObject({ revision: 2, changes: "Bổ sung 5 phiếu nộp muộn ngày 30/11." });
    const latest = await publicJson("/api/public/units/demo/reports/2026-11.json");
    expect(latest.body.figures.surveys[0].responses).toBe(15);
    expect(latest.body.revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2]);
    const old = await publicJson("/api/public/units/demo/reports/2026-11.json?revision=1");
    expect(old.body.figures).toEqual(first.body.figures);
    const list = await publicJson("/api/public/units/demo/reports");
    expect(list.body.months).toEqual([expect.objectContaining({ month: "2026-11", revision: 2 })]);
  });

  it("hides too few answers, and every figure from which a small group could be worked out", async () => {
    const gate = t.demoCode;
    const link = await send("POST", `/api/admin/surveys/${surveyId}/links`, { channel: "Nhóm Zalo lớp 3A" });
    expect(link.status).toBe(201);
    const zalo = link.body.code as string;
    for (let i = 0; i < 3; i++) await answer(4, {}, gate); // a small channel
    let draft = await send("POST", `${reports()}/2026-11/draft`);
    expect(draft.body.figures.surveys[0]).toMatchObject({
      responses: null,
      responsesSuppressed: true,
      questions: [],
    });
    for (let i = 0; i < 9; i++) await answer(5, {}, zalo);
    draft = await send("POST", `${reports()}/2026-11/draft`);
    const survey = draft.body.figures.surveys[0];
    // One channel of 3: the whole breakdown is withheld, with the same mark for both cells.
    expect(survey.channels).toEqual([
      { channel: "Cổng trường", count: null, share: null, suppressed: true },
      { channel: "Nhóm Zalo lớp 3A", count: null, share: null, suppressed: true },
    ]);
    // 3 answered 4 and 9 answered 5: each question shows its 12 answers and its 100% satisfied
    // share, never the levels nor the mean, from which the 3 would follow.
    for (const q of survey.questions) {
      expect(q).toMatchObject({ detail: "share", n: 12, mean: null, topTwoBox: { share: 1 } });
      expect(q.distribution.every((d: { count: number | null }) => d.count === null)).toBe(true);
    }
    // The open data says "*" for every hidden figure, keeps Vietnamese intact, and has no free text.
    await send("POST", `${reports()}/2026-11/publish`);
    const csv = await t.app.request("/api/public/units/demo/reports/2026-11.csv");
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs for UTF-8
    const text = new TextDecoder().decode(bytes);
    expect(
      text.startsWith(
        "section,survey_id,survey_title,element,question_id,question_text,level,channel,metric,value",
      ),
    ).toBe(true);
    expect(text).toContain("Cổng trường");
    expect(text).toMatch(/channel,.*Cổng trường,responses,\*/);
    expect(text).toMatch(/channel,.*Nhóm Zalo lớp 3A,responses,\*/);
    expect(text).not.toMatch(/,mean,\d/);
    // An attacker solving over everything the CSV publishes pins down no hidden count.
    const rows = text
      .slice(1)
      .trim()
      .split("\r\n")
      .slice(1)
      .map((line) => line.split(","));
    const question = (id: string, metric: string) =>
      rows.filter((r) => r[0] !== "distribution" && r[4] === id && r[8] === metric).map((r) => r[9]!)[0]!;
    const ids = [...new Set(rows.filter((r) => r[0] === "question").map((r) => r[4]!))];
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) {
      const levels = rows.filter((r) => r[0] === "distribution" && r[4] === id);
      const n = Number(question(id, "answers"));
      const published: PublishedBreakdown = {
        cells: levels.map((r) => (r[9] === "*" ? null : Number(r[9]))),
        total: n,
        subsetSums: [{ cells: [3, 4], sum: Math.round(Number(question(id, "top_two_box")) * n) }],
        hasSmallCell: true,
        smallCell: 5,
      };
      expect(recoveredCells(published), id).toEqual([]);
    }
    // Cached by ETag.
    const etag = csv.headers.get("etag")!;
    const again = await t.app.request("/api/public/units/demo/reports/2026-11.csv", {
      headers: { "If-None-Match": etag },
    });
    expect(again.status).toBe(304);
  });

  it("lets a ward compare its schools for a month, with no person in it", async () => {
    const ward = await send("POST", "/api/admin/units", {
      kind: "ward",
      name: "Phường Hoà Bình",
      slug: "hoa-binh",
      parentId: null,
    });
    for (const slug of ["th-hoa-binh", "thcs-hoa-binh"]) {
      const school = await send("POST", "/api/admin/units", {
        kind: "school",
        name: `Trường ${slug}`,
        slug,
        parentId: ward.body.id,
      });
      expect(school.status).toBe(201);
    }
    await t.app.request(
      "/api/public/units/th-hoa-binh/petitions",
      jsonRequest("POST", {
        submissionId: crypto.randomUUID(),
        kind: "reflection",
        subject: "Đèn cổng hỏng",
        content: "Đèn cổng phụ hỏng đã một tuần, buổi tối rất tối.",
        contact: { name: "Lê Văn Cường", phone: "0987654321" },
        consentToContact: true,
        consentToPublish: false,
      }),
    );
    const compared = await get(`${reports(ward.body.id)}/compare?month=2026-11`);
    expect(compared.status).toBe(200);
    expect(
      compared.body.items.map((i: any) => [i.unit.slug, i.published, i.figures.petitions.received]),
    ).toEqual([
      ["th-hoa-binh", false, 1],
      ["thcs-hoa-binh", false, 0],
    ]);
    expect(JSON.stringify(compared.body)).not.toMatch(/Lê Văn Cường|0987654321|Đèn cổng/);
  });

  it("withholds petition ratings under 5, and a ward's when subtracting its schools would give one", async () => {
    const ward = await send("POST", "/api/admin/units", {
      kind: "ward",
      name: "Phường Hoà Bình",
      slug: "hoa-binh",
      parentId: null,
    });
    const schools: Record<string, string> = {};
    for (const slug of ["th-hoa-binh", "thcs-hoa-binh"]) {
      const school = await send("POST", "/api/admin/units", {
        kind: "school",
        name: `Trường ${slug}`,
        slug,
        parentId: ward.body.id,
      });
      schools[slug] = school.body.id;
    }
    // Cases sent by citizens, then rated: 2 at one school (both satisfied), 6 at the other.
    const rate = async (slug: string, ratings: ("satisfied" | "not_satisfied")[]) => {
      for (const rating of ratings) {
        const res = await t.app.request(
          `/api/public/units/${slug}/petitions`,
          jsonRequest("POST", {
            submissionId: crypto.randomUUID(),
            kind: "reflection",
            subject: "Đèn cổng hỏng",
            content: "Đèn cổng phụ hỏng đã một tuần, buổi tối rất tối.",
            consentToContact: false,
            consentToPublish: false,
          }),
        );
        expect(res.status).toBe(201);
        const code = ((await res.json()) as { trackingCode: string }).trackingCode;
        await t.database.db
          .updateTable("petition")
          .set({ rating, rated_at: t.clock.now(), rating_reason: rating === "satisfied" ? null : "slow" })
          .where("tracking_code", "=", code)
          .execute();
      }
    };
    await rate("th-hoa-binh", ["satisfied", "satisfied"]);
    await rate("thcs-hoa-binh", [
      "satisfied",
      "satisfied",
      "satisfied",
      "satisfied",
      "satisfied",
      "not_satisfied",
    ]);
    const petitionsOf = async (unitId: string) =>
      (await send("POST", `${reports(unitId)}/2026-11/draft`)).body.figures.petitions;
    // Two ratings: how many, yes; how satisfied, no ("2/2, 100%" is two families' opinion).
    expect(await petitionsOf(schools["th-hoa-binh"]!)).toMatchObject({
      rated: 2,
      satisfied: null,
      satisfiedRate: null,
      ratingsWithheld: true,
      targets: { satisfied: null },
    });
    // Six ratings with one reason given once: the split is published, the reasons are withheld whole.
    const six = await petitionsOf(schools["thcs-hoa-binh"]!);
    expect(six).toMatchObject({ rated: 6, satisfied: 5, ratingsWithheld: false });
    expect(six.notSatisfiedReasons).toEqual({
      vague: null,
      no_evidence: null,
      not_resolved: null,
      slow: null,
      other: null,
    });
    // The ward's 7 of 8 minus the second school's 5 of 6 would give the first school's 2 of 2.
    expect(await petitionsOf(ward.body.id)).toMatchObject({
      rated: 8,
      satisfied: null,
      ratingsWithheld: true,
    });
  });

  it("lets only the embeddable widget be framed by the school's website", async () => {
    const embed = await t.app.request("/embed/r/demo");
    expect(embed.status).toBe(200);
    expect(embed.headers.get("x-frame-options")).toBeNull();
    expect(embed.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(embed.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    const page = await t.app.request("/r/demo");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("records the month's administrative procedures for the notice", async () => {
    const put = await send("PUT", `${reports()}/2026-11/procedures`, {
      received: 42,
      resolvedEarly: 30,
      resolvedOnTime: 11,
      resolvedLate: 1,
    });
    expect(put.status).toBe(200);
    const bad = await send("PUT", `${reports()}/2026-11/procedures`, {
      received: -1,
      resolvedEarly: 0,
      resolvedOnTime: 0,
      resolvedLate: 0,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: "received" })]);
    const draft = await send("POST", `${reports()}/2026-11/draft`);
    expect(draft.body.figures.procedures).toEqual({
      received: 42,
      resolvedEarly: 30,
      resolvedOnTime: 11,
      resolvedLate: 1,
    });
    expect((await send("POST", `${reports()}/2027-01/draft`)).status).toBe(422); // not started yet
  });
});
