import { hashPassword } from "@gopy/api/auth/password.ts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, jsonRequest, signIn, type TestApp } from "../support/app.ts";

let t: TestApp;
let admin: string;
let demoId: string;
beforeEach(async () => {
  t = await createTestApp();
  admin = await signIn(t.app); // the seeded principal, also the platform superadmin
  demoId = (
    await t.database.db.selectFrom("unit").select("id").where("slug", "=", "demo").executeTakeFirstOrThrow()
  ).id;
});
afterEach(async () => {
  await t.close();
});

const call = async (cookie: string, method: string, path: string, body?: unknown) => {
  const res = await t.app.request(
    path,
    body === undefined && method === "GET"
      ? { headers: { Cookie: cookie } }
      : jsonRequest(method, body ?? {}, { Cookie: cookie }),
  );
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
};
const unitCalendar = async (year: number) =>
  (await call(admin, "GET", `/api/admin/units/${demoId}/calendar?year=${year}`)).body.items as {
    day: string;
    kind: string;
    origin: string | null;
    reference: string | null;
  }[];
const submit = async (kind: string) => {
  const res = await t.app.request(
    "/api/public/units/demo/petitions",
    jsonRequest("POST", {
      submissionId: crypto.randomUUID(),
      kind,
      subject: "Thu tiền ngoài quy định",
      content: "Lớp 4A thu thêm tiền quỹ lớp mà không có thông báo của nhà trường.",
      contact: { name: "Trần Thị Bình", email: "binh@example.vn" },
      consentToContact: true,
      consentToPublish: false,
    }),
  );
  expect(res.status).toBe(201);
  const { trackingCode, citizenKey } = (await res.json()) as any;
  keys.set(trackingCode, citizenKey);
  const row = await t.database.db
    .selectFrom("petition")
    .select("id")
    .where("tracking_code", "=", trackingCode)
    .executeTakeFirstOrThrow();
  return { id: row.id, trackingCode };
};
/** Each case's key, as its sender keeps it from the receipt. */
const keys = new Map<string, string>();
const track = async (code: string) =>
  (await (
    await t.app.request(`/api/public/petitions/${code}`, { headers: { "X-Citizen-Key": keys.get(code)! } })
  ).json()) as any;
async function schoolAdmin(): Promise<string> {
  const email = "admin.truong@demo.edu.vn";
  const user = await t.database.db
    .insertInto("app_user")
    .values({
      email,
      display_name: "Quản trị trường",
      password_hash: await hashPassword("Mat-khau-truong-2026"),
      created_at: t.clock.now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.database.db
    .insertInto("membership")
    .values({ user_id: user.id, unit_id: demoId, role: "admin", created_at: t.clock.now() })
    .execute();
  return signIn(t.app, email, "Mat-khau-truong-2026");
}

describe("a unit's calendar", () => {
  it("shows every statutory day of 2026 and 2027 and every announced day, each with its source", async () => {
    const y2026 = await unitCalendar(2026);
    const day = (items: typeof y2026, d: string) => items.find((i) => i.day === d);
    // National Day 2026: two days by law, and the announced swap of Monday 31/8 with Saturday 22/8.
    expect(day(y2026, "2026-09-01")).toMatchObject({ kind: "holiday", origin: "announced" });
    expect(day(y2026, "2026-09-02")).toMatchObject({ kind: "holiday", origin: "announced" });
    expect(day(y2026, "2026-08-31")).toMatchObject({ kind: "day_off", origin: "announced" });
    expect(day(y2026, "2026-08-22")).toMatchObject({ kind: "working_day", origin: "announced" });
    // Tết Bính Ngọ: five days, announced; New Year 2026's swap.
    for (const d of ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"])
      expect(day(y2026, d)).toMatchObject({ kind: "holiday", reference: expect.stringContaining("9441") });
    expect(day(y2026, "2026-01-02")).toMatchObject({
      kind: "day_off",
      reference: expect.stringContaining("12729"),
    });
    expect(day(y2026, "2026-01-10")).toMatchObject({ kind: "working_day" });
    for (const item of y2026) expect(item.reference).toBeTruthy();

    // 2027 has no announcement yet: the law's days stand, each with its article.
    const y2027 = await unitCalendar(2027);
    for (const d of ["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09"])
      expect(day(y2027, d)).toMatchObject({
        kind: "holiday",
        origin: "statutory",
        reference: "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b",
      });
    // Saturday 6/2 and Sunday 7/2 are given back on Wednesday 10/2 and Thursday 11/2.
    for (const d of ["2027-02-10", "2027-02-11"])
      expect(day(y2027, d)).toMatchObject({
        origin: "statutory",
        reference: expect.stringContaining("Điều 111"),
      });
    expect(day(y2027, "2027-09-02")).toMatchObject({ origin: "statutory" });
    expect(day(y2027, "2027-09-03")).toMatchObject({ origin: "statutory" });
    expect(day(y2027, "2027-04-16")).toMatchObject({ origin: "statutory" }); // Hùng Kings' day
  });
});

describe("the national calendar, kept current by the platform superadmin", () => {
  it("takes a new announcement, moves the open cases' deadlines with a reason, and is audited", async () => {
    t.clock.set("2027-01-25T02:00:00Z"); // Monday 25/1/2027, 09:00 in Hà Nội
    admin = await signIn(t.app);
    const status = await call(admin, "GET", "/api/admin/national-calendar?year=2027");
    expect(status.body.tetBreak).toEqual({ year: 2027, entered: false, warn: true });

    const { id, trackingCode } = await submit("reflection");
    // 10 working days from 25/1 across the statutory Tết break 5-11/2: 15/2.
    const before = await track(trackingCode);
    expect(before.dueBy).toBe("2027-02-15T23:59:59+07:00");

    // A school's admin cannot change the national calendar.
    const school = await schoolAdmin();
    const refused = await call(school, "POST", "/api/admin/national-calendar", {
      day: "2027-02-12",
      kind: "day_off",
      name: "Nghỉ hoán đổi",
      reference: "Thông báo",
    });
    expect(refused.status).toBe(403);

    const bad = await call(admin, "POST", "/api/admin/national-calendar", {
      day: "2027-02-12",
      kind: "day_off",
      name: "Nghỉ hoán đổi",
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: "reference" })]);

    const set = await call(admin, "POST", "/api/admin/national-calendar", {
      day: "2027-02-12",
      kind: "day_off",
      name: "Nghỉ hoán đổi dịp Tết Đinh Mùi",
      reference: "Thông báo của Bộ Nội vụ ngày 20/01/2027",
    });
    expect(set.status).toBe(201);
    expect(set.body.moved).toBe(1);
    const after = await track(trackingCode);
    expect(after.dueBy).toBe("2027-02-16T23:59:59+07:00");
    expect(after.history.at(-1)).toMatchObject({
      event: "deadline_moved",
      note: expect.stringContaining("hạn trả lời từ 15/02/2027 sang 16/02/2027"),
    });
    const national = await call(admin, "GET", "/api/admin/national-calendar?year=2027");
    expect(national.body.tetBreak).toEqual({ year: 2027, entered: true, warn: false });
    expect(national.body.items.find((d: { day: string }) => d.day === "2027-02-12")).toMatchObject({
      origin: "national",
      reference: "Thông báo của Bộ Nội vụ ngày 20/01/2027",
    });

    // Removing a day the law gives (Thursday 11/2, in lieu of Sunday) works too, and is audited.
    const removed = await call(admin, "DELETE", "/api/admin/national-calendar/2027-02-11");
    expect(removed).toMatchObject({ status: 200, body: { moved: 1 } });
    expect((await track(trackingCode)).dueBy).toBe("2027-02-15T23:59:59+07:00");
    expect((await call(admin, "DELETE", "/api/admin/national-calendar/2027-02-11")).status).toBe(404);
    const audit = await t.database.db
      .selectFrom("audit_log")
      .select(["action", "target_id"])
      .where("action", "like", "calendar.national.%")
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "calendar.national.set", target_id: "2027-02-12" },
      { action: "calendar.national.remove", target_id: "2027-02-11" },
    ]);

    // A deadline that has passed is history: once overdue, a case's date no longer moves.
    t.clock.set("2027-02-17T02:00:00Z");
    admin = await signIn(t.app);
    const late = await call(admin, "POST", "/api/admin/national-calendar", {
      day: "2027-02-15",
      kind: "day_off",
      name: "Nghỉ hoán đổi",
      reference: "Thông báo của Bộ Nội vụ ngày 16/02/2027",
    });
    expect(late.body.moved).toBe(0);
    const overdue = await t.database.db
      .selectFrom("petition")
      .select("answer_by")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(overdue.answer_by.toISOString()).toBe("2027-02-15T16:59:59.999Z");
  });

  it("warns from 1 November until next year's Tết break is entered", async () => {
    t.clock.set("2026-10-31T10:00:00Z");
    admin = await signIn(t.app);
    expect((await call(admin, "GET", "/api/admin/national-calendar")).body.tetBreak).toEqual({
      year: 2027,
      entered: false,
      warn: false,
    });
    t.clock.set("2026-11-01T01:00:00Z");
    admin = await signIn(t.app);
    expect((await call(admin, "GET", "/api/admin/national-calendar")).body.tetBreak.warn).toBe(true);
  });
});

describe("the laws' clocks for complaints and denunciations", () => {
  it("count a complaint's 30 days from acceptance and extend a complex one to 45, only before the limit", async () => {
    const { id, trackingCode } = await submit("complaint");
    // Accepted on 23/11/2026: 30 days → 23/12.
    const accepted = await call(admin, "POST", `/api/admin/petitions/${id}/transitions`, {
      event: "acknowledge",
    });
    expect(accepted.body.dueBy).toBe("2026-12-23T23:59:59+07:00");
    const extended = await call(admin, "POST", `/api/admin/petitions/${id}/extend`, { reason: "complex" });
    expect(extended.status).toBe(200);
    expect(extended.body.dueBy).toBe("2027-01-07T23:59:59+07:00"); // 45 days from acceptance
    const again = await call(admin, "POST", `/api/admin/petitions/${id}/extend`, { reason: "complex" });
    expect(again).toMatchObject({ status: 409, body: { code: "extension_limit_reached" } });

    const page = await track(trackingCode);
    expect(page.clock).toEqual({
      countedFrom: "acceptance",
      law: "complaints",
      acceptedAt: "2026-11-23T09:00:00+07:00",
      extensions: [
        { at: "2026-11-23T09:00:00+07:00", reason: "complex", answerBy: "2027-01-07T23:59:59+07:00" },
      ],
    });
    expect(page.history.at(-1)).toMatchObject({
      event: "extend",
      note: expect.stringContaining("Luật Khiếu nại 2011, Điều 28"),
    });
  });

  it("refuse an extension once the limit has passed, so the on-time rate cannot be laundered", async () => {
    const { id } = await submit("denunciation");
    await call(admin, "POST", `/api/admin/petitions/${id}/transitions`, { event: "acknowledge" });
    t.clock.set("2027-01-05T02:00:00Z"); // accepted 23/11: its 30 days ended on 23/12
    admin = await signIn(t.app);
    const late = await call(admin, "POST", `/api/admin/petitions/${id}/extend`, {
      reason: "complex",
      days: 30,
    });
    expect(late).toMatchObject({ status: 409, body: { code: "extension_too_late" } });
    const answered = await call(admin, "POST", `/api/admin/petitions/${id}/transitions`, {
      event: "answer",
      answer: "Đã kết luận nội dung tố cáo.",
    });
    expect(answered.body.outcome).toBe("late");
  });

  it("extend a denunciation once by up to 30 days, twice when especially complex; other kinds never", async () => {
    const { id } = await submit("denunciation");
    const before = await call(admin, "POST", `/api/admin/petitions/${id}/extend`, { reason: "complex" });
    expect(before).toMatchObject({ status: 409, body: { code: "extension_before_acceptance" } });
    await call(admin, "POST", `/api/admin/petitions/${id}/transitions`, { event: "acknowledge" });
    const first = await call(admin, "POST", `/api/admin/petitions/${id}/extend`, {
      reason: "complex",
      days: 20,
    });
    expect(first.body.dueBy).toBe("2027-01-12T23:59:59+07:00"); // 23/12 + 20 days
    expect(
      (await call(admin, "POST", `/api/admin/petitions/${id}/extend`, { reason: "complex", days: 30 })).body
        .code,
    ).toBe("extension_limit_reached");
    const second = await call(admin, "POST", `/api/admin/petitions/${id}/extend`, {
      reason: "especially_complex",
    });
    // + 30 days is 11/2/2027, a day given back for Tết: moved to Friday 12/2.
    expect(second.body.dueBy).toBe("2027-02-12T23:59:59+07:00");
    expect(
      (await call(admin, "POST", `/api/admin/petitions/${id}/extend`, { reason: "especially_complex" })).body
        .code,
    ).toBe("extension_limit_reached");
    const tooLong = await call(admin, "POST", `/api/admin/petitions/${id}/extend`, {
      reason: "complex",
      days: 31,
    });
    expect(tooLong.status).toBe(422);

    const reflection = await submit("reflection");
    await call(admin, "POST", `/api/admin/petitions/${reflection.id}/transitions`, { event: "acknowledge" });
    expect(
      (await call(admin, "POST", `/api/admin/petitions/${reflection.id}/extend`, { reason: "complex" })).body
        .code,
    ).toBe("extension_not_allowed");
  });
});
