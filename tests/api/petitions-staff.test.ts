import { hashPassword } from "@gopy/api/auth/password.ts";
import type { Role } from "@gopy/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, jsonRequest, signIn, type TestApp } from "../support/app.ts";

let t: TestApp;
let demoUnitId: string;
const PASSWORD = "Hoa-sen-trong-dam-2026";

beforeEach(async () => {
  t = await createTestApp();
  demoUnitId = (
    await t.database.db.selectFrom("unit").select("id").where("slug", "=", "demo").executeTakeFirstOrThrow()
  ).id;
});
afterEach(async () => {
  await t.close();
});

async function member(role: Role, email: string) {
  const user = await t.database.db
    .insertInto("app_user")
    .values({
      email,
      display_name: email.split("@")[0]!,
      password_hash: await hashPassword(PASSWORD),
      created_at: t.clock.now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.database.db
    .insertInto("membership")
    .values({ user_id: user.id, unit_id: demoUnitId, role, created_at: t.clock.now() })
    .execute();
  return { id: user.id, email };
}
const as = (cookie: string) => ({
  get: async (path: string) => {
    const res = await t.app.request(path, { headers: { Cookie: cookie } });
    return { status: res.status, body: (await res.json()) as any };
  },
  send: async (method: string, path: string, body: unknown = {}) => {
    const res = await t.app.request(path, jsonRequest(method, body, { Cookie: cookie }));
    return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as any) };
  },
});
const citizen = {
  submit: async (over: Record<string, unknown> = {}) => {
    const res = await t.app.request(
      "/api/public/units/demo/petitions",
      jsonRequest("POST", {
        submissionId: crypto.randomUUID(),
        kind: "complaint",
        subject: "Thu tiền học thêm không đúng quy định",
        content: "Lớp 4A thu 300.000 đồng mỗi tháng tiền học thêm mà không có thông báo của nhà trường.",
        contact: { name: "Trần Thị Bình", email: "binh.tran@example.vn" },
        consentToContact: true,
        consentToPublish: false,
        ...over,
      }),
    );
    const receipt = (await res.json()) as { trackingCode: string; citizenKey: string };
    keys.set(receipt.trackingCode, receipt.citizenKey);
    return receipt;
  },
  /** The sender follows and acts with the key they were given at submission. */
  track: async (code: string) =>
    (await (
      await t.app.request(`/api/public/petitions/${code}`, { headers: keyHeader(code) })
    ).json()) as any,
  send: (method: string, path: string, body: unknown) => {
    const code = path.match(/^\/api\/public\/petitions\/([^/]+)/)?.[1];
    return t.app.request(path, jsonRequest(method, body, code ? keyHeader(code) : {}));
  },
};
/** Each case's key, as its sender keeps it from the receipt. */
const keys = new Map<string, string>();
const keyHeader = (code: string): Record<string, string> => {
  const key = keys.get(code);
  return key ? { "X-Citizen-Key": key } : {};
};
const idOf = async (code: string) =>
  (
    await t.database.db
      .selectFrom("petition")
      .select("id")
      .where("tracking_code", "=", code)
      .executeTakeFirstOrThrow()
  ).id;
const mails = () => t.database.db.selectFrom("outbox").selectAll().orderBy("id").execute();

describe("a complaint worked from receipt to a rated answer", () => {
  it("is acknowledged, assigned, paused for information, answered late, and rated", async () => {
    const manager = as(await signIn(t.app)); // the seeded principal
    await member("officer", "canbo@demo.edu.vn");
    const officerUser = await t.database.db
      .selectFrom("app_user")
      .select("id")
      .where("email", "=", "canbo@demo.edu.vn")
      .executeTakeFirstOrThrow();
    const officer = as(await signIn(t.app, "canbo@demo.edu.vn", PASSWORD));

    const { trackingCode } = await citizen.submit();
    const other = await citizen.submit({
      kind: "question",
      subject: "Giờ đón trẻ",
      contact: undefined,
      consentToContact: false,
    });
    const id = await idOf(trackingCode);

    const inbox = await manager.get("/api/admin/petitions");
    expect(inbox.body.items.map((i: { trackingCode: string }) => i.trackingCode).sort()).toEqual(
      [trackingCode, other.trackingCode].sort(),
    );
    const first = await manager.get(`/api/admin/petitions/${id}`);
    expect(first.body.contact).toEqual({ name: "Trần Thị Bình", phone: null, email: "binh.tran@example.vn" });
    expect(first.body.allowedEvents).toEqual(["acknowledge", "assign", "answer", "forward", "reject"]);
    // A complaint is resolved within 30 days of its acceptance: until it is accepted, counted from the
    // last day allowed to accept it (3/12), so 2/1/2027, a Saturday, moved to Monday 4/1.
    expect(first.body.dueBy).toBe("2027-01-04T23:59:59+07:00");

    // An officer sees nothing until a case is assigned to them, and cannot direct cases.
    expect((await officer.get(`/api/admin/petitions/${id}`)).status).toBe(404);
    expect((await officer.get("/api/admin/petitions")).body.items).toEqual([]);

    const accepted = await manager.send("POST", `/api/admin/petitions/${id}/transitions`, {
      event: "acknowledge",
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.dueBy).toBe("2026-12-23T23:59:59+07:00"); // 30 days from acceptance on 23/11
    const assigned = await manager.send("POST", `/api/admin/petitions/${id}/transitions`, {
      event: "assign",
      assigneeUserId: officerUser.id,
    });
    expect(assigned.status).toBe(200);
    expect((await officer.get("/api/admin/petitions")).body.items.map((i: { id: string }) => i.id)).toEqual([
      id,
    ]);
    expect(
      (
        await officer.send("POST", `/api/admin/petitions/${id}/transitions`, {
          event: "reject",
          rejectReason: "x",
        })
      ).status,
    ).toBe(403);

    await officer.send("POST", `/api/admin/petitions/${id}/transitions`, { event: "start" });
    await officer.send("POST", `/api/admin/petitions/${id}/notes`, {
      note: "Đã xác minh với giáo viên chủ nhiệm lớp 4A.",
    });
    await officer.send("POST", `/api/admin/petitions/${id}/transitions`, {
      event: "request_info",
      publicNote: "Đề nghị phụ huynh cho biết thời gian bắt đầu thu.",
    });
    expect((await officer.get(`/api/admin/petitions/${id}`)).body).toMatchObject({
      state: "awaiting_info",
      paused: true,
    });

    // Three working days later the information arrives: the deadline moves by three working days.
    t.clock.set("2026-11-26T02:00:00.000Z");
    const officerAgain = as(await signIn(t.app, "canbo@demo.edu.vn", PASSWORD));
    const resumed = await officerAgain.send("POST", `/api/admin/petitions/${id}/transitions`, {
      event: "info_received",
    });
    expect(resumed.body.dueBy).toBe("2026-12-28T23:59:59+07:00");

    // Answered after the deadline: stamped late for good.
    t.clock.set("2026-12-30T03:00:00.000Z");
    const officerLate = as(await signIn(t.app, "canbo@demo.edu.vn", PASSWORD));
    const answered = await officerLate.send("POST", `/api/admin/petitions/${id}/transitions`, {
      event: "answer",
      answer: "Nhà trường đã yêu cầu dừng thu và hoàn trả tiền cho phụ huynh lớp 4A.",
    });
    expect(answered.body).toMatchObject({ state: "answered", outcome: "late" });

    const sent = (await mails()).filter((m) => m.recipient === "binh.tran@example.vn");
    expect(sent.map((m) => m.subject)).toEqual([
      expect.stringContaining(trackingCode), // receipt
      expect.stringContaining("đã được tiếp nhận"),
      expect.stringContaining("cần bạn bổ sung thông tin"),
      expect.stringContaining("đã có câu trả lời"),
    ]);
    expect(sent.at(-1)!.body).toContain("hoàn trả tiền");

    const page = await citizen.track(trackingCode);
    expect(page).toMatchObject({
      state: "answered",
      outcome: "late",
      answer: expect.stringContaining("hoàn trả"),
    });
    expect(page.history.map((h: { event: string }) => h.event)).toEqual([
      "submit",
      "acknowledge",
      "assign",
      "start",
      "request_info",
      "info_received",
      "answer",
    ]);
    expect(JSON.stringify(page)).not.toContain("giáo viên chủ nhiệm"); // the internal note

    const noReason = await citizen.send("POST", `/api/public/petitions/${trackingCode}/rating`, {
      rating: "not_satisfied",
    });
    expect(noReason.status).toBe(422);
    const rated = await citizen.send("POST", `/api/public/petitions/${trackingCode}/rating`, {
      rating: "not_satisfied",
      reason: "slow",
    });
    expect(rated.status).toBe(200);
    const detail = await as(await signIn(t.app)).get(`/api/admin/petitions/${id}`);
    expect(detail.body.rating).toMatchObject({ value: "not_satisfied", reason: "slow" });
    expect(detail.body.acknowledgeOutcome).toBe("early"); // the same day, 10 days allowed

    const audit = await t.database.db
      .selectFrom("audit_log")
      .select("action")
      .where("target_id", "=", id)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(
      [
        "petition.acknowledge",
        "petition.answer",
        "petition.assign",
        "petition.citizen_rate", // the sender's own rating, with their key
        "petition.info_received",
        "petition.note",
        "petition.request_info",
        "petition.start",
      ].sort(),
    );
  });
});

describe("the state machine at the API", () => {
  it("refuses a forbidden move with 409 and changes nothing", async () => {
    const manager = as(await signIn(t.app));
    const { trackingCode } = await citizen.submit();
    const id = await idOf(trackingCode);
    const res = await manager.send("POST", `/api/admin/petitions/${id}/transitions`, { event: "close" });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("transition_not_allowed");
    const after = await manager.get(`/api/admin/petitions/${id}`);
    expect(after.body.state).toBe("received");
    expect(after.body.acknowledgedAt).toBeNull();
    expect(after.body.history).toHaveLength(1);
    expect(
      (await citizen.send("POST", `/api/public/petitions/${trackingCode}/rating`, { rating: "satisfied" }))
        .status,
    ).toBe(409);
  });

  it("lets the citizen reopen an answer within 30 days, not after", async () => {
    const manager = as(await signIn(t.app));
    const a = await citizen.submit();
    const b = await citizen.submit();
    for (const code of [a.trackingCode, b.trackingCode]) {
      await manager.send("POST", `/api/admin/petitions/${await idOf(code)}/transitions`, {
        event: "answer",
        answer: "Đã giải quyết.",
      });
    }
    const reopened = await citizen.send("POST", `/api/public/petitions/${a.trackingCode}/reopen`, {
      reason: "Chưa hoàn tiền.",
    });
    expect(reopened.status).toBe(200);
    expect(((await reopened.json()) as any).state).toBe("reopened");
    t.clock.advance(31 * 24 * 3600_000);
    const late = await citizen.send("POST", `/api/public/petitions/${b.trackingCode}/reopen`, {
      reason: "Chưa hoàn tiền.",
    });
    expect(late.status).toBe(409);
    expect(((await late.json()) as any).code).toBe("reopen_window_passed");
  });

  it("a forwarded case tells the sender where it went", async () => {
    const manager = as(await signIn(t.app));
    const { trackingCode } = await citizen.submit({ kind: "reflection" });
    const id = await idOf(trackingCode);
    const noBody = await manager.send("POST", `/api/admin/petitions/${id}/transitions`, { event: "forward" });
    expect(noBody.status).toBe(422);
    expect(noBody.body.errors[0].field).toBe("forwardedTo");
    await manager.send("POST", `/api/admin/petitions/${id}/transitions`, {
      event: "forward",
      forwardedTo: "UBND phường Cự Khê",
    });
    const page = await citizen.track(trackingCode);
    expect(page).toMatchObject({ state: "forwarded", forwardedTo: "UBND phường Cự Khê" });
    expect(page.history.at(-1).note).toContain("UBND phường Cự Khê");
  });
});

describe("who sees what", () => {
  it("the inspection board reads every case and its history but never who sent it", async () => {
    await member("inspector", "bantt@demo.edu.vn");
    const inspector = as(await signIn(t.app, "bantt@demo.edu.vn", PASSWORD));
    const { trackingCode } = await citizen.submit({
      kind: "denunciation",
      contact: { name: "Lê Văn Cường", phone: "0987654321" },
    });
    const id = await idOf(trackingCode);
    const detail = await inspector.get(`/api/admin/petitions/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.contact).toBeUndefined();
    expect(detail.body.contactHidden).toBe(true);
    expect(detail.body.allowedEvents).toEqual([]);
    expect(JSON.stringify(detail.body)).not.toContain("Lê Văn Cường");
    expect(
      (await inspector.send("POST", `/api/admin/petitions/${id}/transitions`, { event: "acknowledge" }))
        .status,
    ).toBe(403);
    expect((await inspector.send("POST", `/api/admin/petitions/${id}/notes`, { note: "x" })).status).toBe(
      403,
    );
  });

  it("the supervising level has no access to cases", async () => {
    await member("viewer", "phong@demo.edu.vn");
    const viewer = as(await signIn(t.app, "phong@demo.edu.vn", PASSWORD));
    expect((await viewer.get("/api/admin/petitions")).status).toBe(403);
  });
});

describe("the register of every channel", () => {
  it("records a phone call with the same deadlines, counted from when it was received", async () => {
    const manager = as(await signIn(t.app));
    const res = await manager.send("POST", `/api/admin/units/${demoUnitId}/petitions`, {
      kind: "reflection",
      channel: "phone",
      subject: "Đèn hành lang tầng 2 hỏng",
      content: "Phụ huynh gọi báo đèn hành lang tầng 2 dãy B hỏng từ tuần trước.",
      receivedAt: "2026-11-20T16:30:00+07:00",
      contact: { name: "Phạm Minh", phone: "0901 234 567" },
    });
    expect(res.status).toBe(201);
    expect(res.body.acknowledgeBy).toBe("2026-11-23T23:59:59+07:00"); // Friday → Monday
    expect(res.body.dueBy).toBe("2026-12-04T23:59:59+07:00");
    const row = await t.database.db
      .selectFrom("petition")
      .selectAll()
      .where("id", "=", res.body.id)
      .executeTakeFirstOrThrow();
    expect(row.channel).toBe("phone");

    const future = await manager.send("POST", `/api/admin/units/${demoUnitId}/petitions`, {
      kind: "question",
      channel: "in_person",
      subject: "Hỏi",
      content: "Hỏi",
      receivedAt: "2026-11-24T08:00:00+07:00",
    });
    expect(future.status).toBe(422);
    expect(future.body.errors[0].field).toBe("receivedAt");
  });

  it("sorts the inbox by due date and filters what is overdue or due soon", async () => {
    const manager = as(await signIn(t.app));
    const register = (receivedAt: string, subject: string) =>
      manager.send("POST", `/api/admin/units/${demoUnitId}/petitions`, {
        kind: "question",
        channel: "paper",
        subject,
        content: subject,
        receivedAt,
      });
    await register("2026-11-06T08:00:00+07:00", "Quá hạn"); // due 20/11
    await register("2026-11-09T08:00:00+07:00", "Đến hạn hôm nay"); // due 23/11
    await register("2026-11-11T08:00:00+07:00", "Sắp đến hạn"); // due 25/11
    await register("2026-11-23T08:00:00+07:00", "Còn thời gian"); // due 7/12
    const all = await manager.get("/api/admin/petitions");
    expect(all.body.items.map((i: { subject: string; due: string }) => [i.subject, i.due])).toEqual([
      ["Quá hạn", "overdue"],
      ["Đến hạn hôm nay", "due_today"],
      ["Sắp đến hạn", "due_soon"],
      ["Còn thời gian", "on_track"],
    ]);
    const overdue = await manager.get("/api/admin/petitions?due=overdue");
    expect(overdue.body.items.map((i: { subject: string }) => i.subject)).toEqual(["Quá hạn"]);
    const search = await manager.get(`/api/admin/petitions?q=${encodeURIComponent("hôm nay")}`);
    expect(search.body.items).toHaveLength(1);
  });
});

describe("the 100% dashboard", () => {
  it("shows a ward its schools' figures, with a late answer and its rating, and no person", async () => {
    const admin = as(await signIn(t.app));
    const ward = await t.database.db
      .insertInto("unit")
      .values({
        slug: "phuong-cu-khe",
        name: "Phường Cự Khê",
        kind: "ward",
        parent_id: null,
        address: null,
        created_at: t.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.database.db
      .updateTable("unit")
      .set({ parent_id: ward.id })
      .where("id", "=", demoUnitId)
      .execute();
    const viewerUser = await t.database.db
      .insertInto("app_user")
      .values({
        email: "phong@phuong.gov.vn",
        display_name: "Phòng VH-XH",
        password_hash: await hashPassword(PASSWORD),
        created_at: t.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto("membership")
      .values({ user_id: viewerUser.id, unit_id: ward.id, role: "viewer", created_at: t.clock.now() })
      .execute();

    const late = await citizen.submit({ kind: "reflection" });
    const open = await citizen.submit({ kind: "question", contact: undefined, consentToContact: false });
    t.clock.set("2026-12-09T03:00:00.000Z"); // after both were due (7/12)
    const adminLater = as(await signIn(t.app));
    await adminLater.send("POST", `/api/admin/petitions/${await idOf(late.trackingCode)}/transitions`, {
      event: "answer",
      answer: "Đã bố trí bảo vệ điều tiết xe giờ tan học.",
    });
    await citizen.send("POST", `/api/public/petitions/${late.trackingCode}/rating`, { rating: "satisfied" });
    expect(open.trackingCode).toBeTruthy();
    expect(admin).toBeTruthy();

    const viewer = as(await signIn(t.app, "phong@phuong.gov.vn", PASSWORD));
    const res = await viewer.get(`/api/admin/units/${ward.id}/petition-figures?month=2026-12`);
    expect(res.status).toBe(200);
    expect(res.body.total).toMatchObject({
      answered: 1,
      late: 1,
      early: 0,
      openOverdue: 1,
      rated: 1,
      satisfied: 1,
    });
    expect(res.body.total.onTimeRate).toBe(0);
    expect(res.body.children).toEqual([
      {
        unit: { id: demoUnitId, name: "Trường Tiểu học Demo" },
        figures: expect.objectContaining({ late: 1 }),
      },
    ]);
    const november = await viewer.get(`/api/admin/units/${ward.id}/petition-figures?month=2026-11`);
    expect(november.body.total).toMatchObject({ received: 2, answered: 0, openOverdue: 0 });
    const raw = JSON.stringify(res.body) + JSON.stringify(november.body);
    for (const secret of ["Trần Thị Bình", "binh.tran", "300.000", late.trackingCode])
      expect(raw).not.toContain(secret);
    expect((await viewer.get(`/api/admin/units/${ward.id}/petition-figures?month=2026-13`)).status).toBe(422);
  });
});

describe("a late case", () => {
  it("reminds the officer before the deadline and the principal when it is missed, then gets its apology letter", async () => {
    const { sendDueReminders } = await import("@gopy/api/petitions/reminders.ts");
    const mupdf = await import("mupdf");
    const officerUser = await member("officer", "canbo@demo.edu.vn");
    const { trackingCode } = await citizen.submit({
      kind: "reflection",
      contact: { name: "Trần Thị Bình", email: "binh.tran@example.vn" },
    });
    const id = await idOf(trackingCode);
    const admin = as(await signIn(t.app));
    await admin.send("POST", `/api/admin/petitions/${id}/transitions`, {
      event: "assign",
      assigneeUserId: officerUser.id,
    });
    expect(await sendDueReminders(t.database.db, t.clock.now(), "http://gopy.test")).toEqual({
      dueSoon: 0,
      overdue: 0,
    });

    // Thursday 3/12: two working days before the answer-by day (Monday 7/12).
    t.clock.set("2026-12-03T02:00:00.000Z");
    expect(await sendDueReminders(t.database.db, t.clock.now(), "http://gopy.test")).toEqual({
      dueSoon: 1,
      overdue: 0,
    });
    expect(await sendDueReminders(t.database.db, t.clock.now(), "http://gopy.test")).toEqual({
      dueSoon: 0,
      overdue: 0,
    });
    t.clock.set("2026-12-08T02:00:00.000Z");
    expect(await sendDueReminders(t.database.db, t.clock.now(), "http://gopy.test")).toEqual({
      dueSoon: 0,
      overdue: 1,
    });
    const reminders = (await mails()).filter(
      (m) => m.subject.includes(trackingCode) && m.recipient !== "binh.tran@example.vn",
    );
    expect(reminders.map((m) => [m.recipient, m.subject.split(":")[0]])).toEqual([
      ["canbo@demo.edu.vn", "Sắp đến hạn"],
      ["hieutruong@demo.edu.vn", "Quá hạn"],
    ]);

    const principal = as(await signIn(t.app));
    const early = await principal.send("POST", `/api/admin/petitions/${id}/apology`, {
      number: "15/TB-THDEMO",
      newDate: "2026-12-08",
      place: "Hà Nội",
      signerName: "Nguyễn Thị Hoa",
    });
    expect(early.status).toBe(422); // the new date must be after today
    const apology = await principal.send("POST", `/api/admin/petitions/${id}/apology`, {
      number: "15/TB-THDEMO",
      newDate: "2026-12-10",
      place: "Hà Nội",
      signerName: "Nguyễn Thị Hoa",
    });
    expect(apology.status).toBe(201);
    const pdf = await t.app.request(apology.body.pdfUrl, { headers: { Cookie: await signIn(t.app) } });
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const doc = mupdf.Document.openDocument(new Uint8Array(await pdf.arrayBuffer()), "application/pdf");
    const text = doc.loadPage(0).toStructuredText("preserve-whitespace").asText();
    for (const expected of [
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "Số: 15/TB-THDEMO",
      "Hà Nội, ngày 08 tháng 12 năm 2026",
      "THƯ XIN LỖI",
      "Ông/Bà Trần Thị Bình",
      trackingCode,
      "10/12/2026",
      "Nguyễn Thị Hoa",
      "Nơi nhận:",
    ]) {
      expect(text.replace(/\s+/g, " ")).toContain(expected);
    }
    const page = await citizen.track(trackingCode);
    expect(page.history.at(-1)).toMatchObject({
      event: "apology",
      note: expect.stringContaining("10/12/2026"),
    });

    // An answered-on-time case needs no apology.
    const other = await citizen.submit({ kind: "question", contact: undefined, consentToContact: false });
    const otherId = await idOf(other.trackingCode);
    await principal.send("POST", `/api/admin/petitions/${otherId}/transitions`, {
      event: "answer",
      answer: "Có.",
    });
    const refused = await principal.send("POST", `/api/admin/petitions/${otherId}/apology`, {
      number: "16/TB-THDEMO",
      newDate: "2026-12-10",
      place: "Hà Nội",
      signerName: "Nguyễn Thị Hoa",
    });
    expect(refused.status).toBe(409);
  });
});

describe("personal data", () => {
  it("is erased on request and after the retention period, and the figures stay", async () => {
    const { applyRetention } = await import("@gopy/api/petitions/retention.ts");
    const admin = as(await signIn(t.app));
    const a = await citizen.submit();
    const b = await citizen.submit();
    for (const code of [a.trackingCode, b.trackingCode]) {
      await admin.send("POST", `/api/admin/petitions/${await idOf(code)}/transitions`, {
        event: "answer",
        answer: "Đã xử lý.",
      });
    }
    await citizen.send("POST", `/api/public/petitions/${a.trackingCode}/rating`, { rating: "satisfied" });
    const erase = await admin.send(
      "POST",
      `/api/admin/petitions/${await idOf(a.trackingCode)}/erase-personal-data`,
    );
    expect(erase.status).toBe(204);
    const erased = await admin.get(`/api/admin/petitions/${await idOf(a.trackingCode)}`);
    expect(erased.body).toMatchObject({
      contact: null,
      state: "answered",
      outcome: "early",
      rating: { value: "satisfied" },
    });
    expect(erased.body.content).toContain("đã được xoá");
    expect(JSON.stringify(erased.body)).not.toContain("Trần Thị Bình");

    // Five years after it ended, the other case loses its personal data too.
    expect(await applyRetention(t.database.db, new Date("2031-11-23T00:00:00Z"))).toBe(0);
    expect(await applyRetention(t.database.db, new Date("2031-11-24T00:00:00Z"))).toBe(1);
    const contacts = await t.database.db.selectFrom("petition_contact").selectAll().execute();
    expect(contacts).toEqual([]);
    const figures = await admin.get(`/api/admin/units/${demoUnitId}/petition-figures?month=2026-11`);
    expect(figures.body.total).toMatchObject({ received: 2, answered: 2, early: 2, satisfied: 1 });
  });
});

describe("teams and wards", () => {
  it("an officer of a team works the cases assigned to the team, and only those", async () => {
    const team = await t.database.db
      .insertInto("unit")
      .values({
        slug: "to-toan",
        name: "Tổ Toán",
        kind: "team",
        parent_id: demoUnitId,
        address: null,
        created_at: t.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const user = await t.database.db
      .insertInto("app_user")
      .values({
        email: "gv.toan@demo.edu.vn",
        display_name: "GV Toán",
        password_hash: await hashPassword(PASSWORD),
        created_at: t.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto("membership")
      .values({ user_id: user.id, unit_id: team.id, role: "officer", created_at: t.clock.now() })
      .execute();
    const admin = as(await signIn(t.app));
    const mine = await citizen.submit();
    const other = await citizen.submit();
    const mineId = await idOf(mine.trackingCode);
    const assigned = await admin.send("POST", `/api/admin/petitions/${mineId}/transitions`, {
      event: "assign",
      assigneeUnitId: team.id,
    });
    expect(assigned.status).toBe(200);

    const teacher = as(await signIn(t.app, "gv.toan@demo.edu.vn", PASSWORD));
    const inbox = await teacher.get("/api/admin/petitions");
    expect(inbox.body.items.map((i: { id: string }) => i.id)).toEqual([mineId]);
    const detail = await teacher.get(`/api/admin/petitions/${mineId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.contact).toMatchObject({ name: "Trần Thị Bình" });
    expect(detail.body).toMatchObject({
      unitName: "Trường Tiểu học Demo",
      assignee: { unitName: "Tổ Toán", userName: null },
    });
    expect(detail.body.allowedEvents).toEqual(["start", "request_info", "answer"]);
    expect(
      (
        await teacher.send("POST", `/api/admin/petitions/${mineId}/transitions`, {
          event: "answer",
          answer: "Đã xử lý.",
        })
      ).status,
    ).toBe(200);
    expect((await teacher.get(`/api/admin/petitions/${await idOf(other.trackingCode)}`)).status).toBe(404);
  });

  it("a team's manager is offered only the moves the server accepts on the team's cases", async () => {
    const team = await t.database.db
      .insertInto("unit")
      .values({
        slug: "to-van",
        name: "Tổ Văn",
        kind: "team",
        parent_id: demoUnitId,
        address: null,
        created_at: t.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const user = await t.database.db
      .insertInto("app_user")
      .values({
        email: "tt.van@demo.edu.vn",
        display_name: "TT Văn",
        password_hash: await hashPassword(PASSWORD),
        created_at: t.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto("membership")
      .values({ user_id: user.id, unit_id: team.id, role: "manager", created_at: t.clock.now() })
      .execute();
    const admin = as(await signIn(t.app));
    const id = await idOf((await citizen.submit()).trackingCode);
    expect(
      (
        await admin.send("POST", `/api/admin/petitions/${id}/transitions`, {
          event: "assign",
          assigneeUnitId: team.id,
        })
      ).status,
    ).toBe(200);

    const lead = as(await signIn(t.app, "tt.van@demo.edu.vn", PASSWORD));
    const offered: string[] = (await lead.get(`/api/admin/petitions/${id}`)).body.allowedEvents;
    expect(offered.length).toBeGreaterThan(0);
    // Every move offered is accepted, and every move refused was not offered.
    for (const event of ["acknowledge", "forward", "reject", "close", "start", "request_info"]) {
      const probe = await lead.send("POST", `/api/admin/petitions/${id}/transitions`, {
        event,
        reason: "Thử",
        forwardTo: "Phòng GD&ĐT",
      });
      if (offered.includes(event)) expect(probe.status, event).not.toBe(403);
      else expect([403, 409, 422], event).toContain(probe.status);
      if (probe.status === 200) break; // the case moved on: later probes would test another state
    }
    expect(offered).not.toContain("close");
    expect(offered).not.toContain("forward");
  });

  it("a ward's inbox filter covers its schools", async () => {
    const ward = await t.database.db
      .insertInto("unit")
      .values({
        slug: "phuong-x",
        name: "Phường X",
        kind: "ward",
        parent_id: null,
        address: null,
        created_at: t.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.database.db
      .updateTable("unit")
      .set({ parent_id: ward.id })
      .where("id", "=", demoUnitId)
      .execute();
    await citizen.submit();
    const admin = as(await signIn(t.app)); // the platform administrator sees every unit
    const byWard = await admin.get(`/api/admin/petitions?unitId=${ward.id}`);
    expect(byWard.body.items).toHaveLength(1);
  });
});

describe("rating after a reopened case", () => {
  it("the contested answer's rating is cleared so the next answer gets its own; the reason is on the tracking page", async () => {
    const admin = as(await signIn(t.app));
    const { trackingCode } = await citizen.submit();
    const id = await idOf(trackingCode);
    await admin.send("POST", `/api/admin/petitions/${id}/transitions`, {
      event: "answer",
      answer: "Đã xử lý.",
    });
    await citizen.send("POST", `/api/public/petitions/${trackingCode}/rating`, {
      rating: "not_satisfied",
      reason: "vague",
    });
    expect((await citizen.track(trackingCode)).rating).toMatchObject({
      value: "not_satisfied",
      reason: "vague",
    });
    await citizen.send("POST", `/api/public/petitions/${trackingCode}/reopen`, { reason: "Chưa rõ." });
    expect((await citizen.track(trackingCode)).rating).toBeNull();
    await admin.send("POST", `/api/admin/petitions/${id}/transitions`, {
      event: "answer",
      answer: "Nhà trường đã hoàn trả 300.000 đồng, có biên nhận kèm theo.",
    });
    await citizen.send("POST", `/api/public/petitions/${trackingCode}/rating`, { rating: "satisfied" });
    expect((await citizen.track(trackingCode)).rating).toMatchObject({ value: "satisfied", reason: null });
  });
});

describe("publishing, staff files and cases from survey comments", () => {
  it("publishes a redacted question and answer only with the sender's consent, once answered", async () => {
    const admin = as(await signIn(t.app));
    const noConsent = await citizen.submit({ kind: "question" });
    const consented = await citizen.submit({ kind: "question", consentToPublish: true });
    for (const code of [noConsent.trackingCode, consented.trackingCode]) {
      await admin.send("POST", `/api/admin/petitions/${await idOf(code)}/transitions`, {
        event: "answer",
        answer: "Nhà trường mở cổng đón trẻ từ 16 giờ 15.",
      });
    }
    const redacted = {
      question: "Nhà trường mở cổng đón trẻ lúc mấy giờ?",
      answer: "Từ 16 giờ 15 hằng ngày.",
    };
    const refused = await admin.send(
      "PUT",
      `/api/admin/petitions/${await idOf(noConsent.trackingCode)}/publication`,
      redacted,
    );
    expect(refused.status).toBe(409);
    const ok = await admin.send(
      "PUT",
      `/api/admin/petitions/${await idOf(consented.trackingCode)}/publication`,
      redacted,
    );
    expect(ok.status).toBe(200);
    const list = (await (await t.app.request("/api/public/units/demo/answers")).json()) as any;
    expect(list.items).toEqual([expect.objectContaining({ kind: "question", ...redacted })]);
    expect(JSON.stringify(list)).not.toContain("Trần Thị Bình");
    await admin.send("DELETE", `/api/admin/petitions/${await idOf(consented.trackingCode)}/publication`);
    expect(((await (await t.app.request("/api/public/units/demo/answers")).json()) as any).items).toEqual([]);
  });

  it("staff add their own files to a case", async () => {
    const admin = await signIn(t.app);
    const { trackingCode } = await citizen.submit();
    const id = await idOf(trackingCode);
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    const res = await t.app.request(`/api/admin/petitions/${id}/attachments?name=bien-ban.pdf`, {
      method: "POST",
      headers: { Cookie: admin, "Content-Type": "application/pdf" },
      body: new Uint8Array(pdf),
    });
    expect(res.status).toBe(201);
    const detail = await as(admin).get(`/api/admin/petitions/${id}`);
    expect(detail.body.attachments).toEqual([
      expect.objectContaining({
        filename: "bien-ban.pdf",
        mediaType: "application/pdf",
        uploadedBy: "staff",
      }),
    ]);
    const fake = await t.app.request(`/api/admin/petitions/${id}/attachments?name=x.pdf`, {
      method: "POST",
      headers: { Cookie: admin, "Content-Type": "application/pdf" },
      body: "not a pdf",
    });
    expect(fake.status).toBe(415);
  });

  it("opens a case from a survey's open comment, dated when the parent wrote it, once", async () => {
    const admin = as(await signIn(t.app));
    const { fullSipasAnswers } = await import("../support/app.ts");
    const answered = await t.app.request(
      `/api/public/s/${t.demoCode}/responses`,
      jsonRequest("POST", {
        submissionId: crypto.randomUUID(),
        answers: { ...fullSipasAnswers(3), comment: "Nhà vệ sinh tầng 2 thường xuyên hết nước." },
      }),
    );
    const { receipt } = (await answered.json()) as { receipt: string };
    const survey = await t.database.db.selectFrom("survey").select("id").executeTakeFirstOrThrow();
    const comments = await admin.get(`/api/admin/surveys/${survey.id}/comments`);
    expect(comments.body.items).toEqual([
      expect.objectContaining({
        receipt,
        questionId: "comment",
        text: "Nhà vệ sinh tầng 2 thường xuyên hết nước.",
        petition: null,
      }),
    ]);
    t.clock.advance(2 * 3600_000);
    const created = await admin.send("POST", `/api/admin/surveys/${survey.id}/comments/${receipt}/petition`, {
      questionId: "comment",
    });
    expect(created.status).toBe(201);
    const again = await admin.send("POST", `/api/admin/surveys/${survey.id}/comments/${receipt}/petition`, {
      questionId: "comment",
    });
    expect(again.status).toBe(200);
    expect(again.body.trackingCode).toBe(created.body.trackingCode);
    const detail = await admin.get(`/api/admin/petitions/${created.body.id}`);
    expect(detail.body).toMatchObject({
      channel: "survey_comment",
      kind: "suggestion",
      receivedAt: "2026-11-23T09:00:00+07:00",
      content: "Nhà vệ sinh tầng 2 thường xuyên hết nước.",
    });
    expect(
      (await admin.get(`/api/admin/surveys/${survey.id}/comments`)).body.items[0].petition,
    ).toMatchObject({
      trackingCode: created.body.trackingCode,
    });
    const missing = await admin.send("POST", `/api/admin/surveys/${survey.id}/comments/${receipt}/petition`, {
      questionId: "expectations",
    });
    expect(missing.status).toBe(404);
  });
});
