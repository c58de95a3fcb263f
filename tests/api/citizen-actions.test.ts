import { hashPassword } from "@gopy/api/auth/password.ts";
import type { Role } from "@gopy/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_EMAIL, createTestApp, jsonRequest, signIn, type TestApp } from "../support/app.ts";

/**
 * Following, rating, reopening and withdrawing a case belong to its sender: they need the key handed
 * to the sender, and no staff session may perform them, whatever code it saw in the console.
 */

let t: TestApp;
let demoUnitId: string;
const PASSWORD = "Cay-bang-truoc-cong-2026";
const ROLES: Role[] = ["admin", "manager", "officer", "inspector", "viewer"];
const staff: Record<string, { id: string; email: string; cookie: string }> = {};

beforeAll(async () => {
  t = await createTestApp();
  demoUnitId = (
    await t.database.db.selectFrom("unit").select("id").where("slug", "=", "demo").executeTakeFirstOrThrow()
  ).id;
  const passwordHash = await hashPassword(PASSWORD);
  for (const role of ROLES) {
    const email = `${role}@citizen-actions.test`;
    const user = await t.database.db
      .insertInto("app_user")
      .values({
        email,
        display_name: `Cán bộ ${role}`,
        password_hash: passwordHash,
        created_at: t.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto("membership")
      .values({ user_id: user.id, unit_id: demoUnitId, role, created_at: t.clock.now() })
      .execute();
    staff[role] = { id: user.id, email, cookie: await signIn(t.app, email, PASSWORD) };
  }
  const superadmin = await t.database.db
    .selectFrom("app_user")
    .select("id")
    .where("email", "=", ADMIN_EMAIL)
    .executeTakeFirstOrThrow();
  staff.superadmin = { id: superadmin.id, email: ADMIN_EMAIL, cookie: await signIn(t.app) };
});
afterAll(async () => {
  await t.close();
});

interface Case {
  id: string;
  code: string;
  key: string;
}

async function submit(over: Record<string, unknown> = {}): Promise<Case> {
  const res = await t.app.request(
    "/api/public/units/demo/petitions",
    jsonRequest("POST", {
      submissionId: crypto.randomUUID(),
      kind: "reflection",
      subject: "Nhà vệ sinh khu B hỏng vòi nước",
      content: "Vòi nước ở nhà vệ sinh khu B bị hỏng hơn một tuần, các cháu không rửa tay được.",
      contact: { email: "phuhuynh@example.vn" },
      consentToContact: true,
      consentToPublish: false,
      ...over,
    }),
  );
  expect(res.status).toBe(201);
  const body = (await res.json()) as any;
  const row = await t.database.db
    .selectFrom("petition")
    .select("id")
    .where("tracking_code", "=", body.trackingCode)
    .executeTakeFirstOrThrow();
  return { id: row.id, code: body.trackingCode, key: body.citizenKey };
}

const staffSend = (cookie: string, path: string, body: unknown) =>
  t.app.request(path, jsonRequest("POST", body, { Cookie: cookie }));

/** A case assigned to the officer (so every role that reads cases sees it), optionally answered. */
async function workedCase(answered: boolean): Promise<Case> {
  const c = await submit();
  const assign = await staffSend(staff.manager!.cookie, `/api/admin/petitions/${c.id}/transitions`, {
    event: "assign",
    assigneeUserId: staff.officer!.id,
  });
  expect(assign.status).toBe(200);
  if (answered) {
    const answer = await staffSend(staff.officer!.cookie, `/api/admin/petitions/${c.id}/transitions`, {
      event: "answer",
      answer: "Nhà trường đã thay vòi nước mới ở khu B.",
    });
    expect(answer.status).toBe(200);
  }
  return c;
}

type Action = "track" | "rating" | "reopen" | "withdraw";
const ACTIONS: Action[] = ["track", "rating", "reopen", "withdraw"];
const BODIES: Record<Exclude<Action, "track">, unknown> = {
  rating: { rating: "satisfied" },
  reopen: { reason: "Vòi nước lại hỏng sau hai ngày." },
  withdraw: { reason: "Đã được sửa." },
};

function citizen(action: Action, code: string, headers: Record<string, string> = {}) {
  const path = `/api/public/petitions/${code}`;
  if (action === "track") return t.app.request(path, { headers });
  return t.app.request(`${path}/${action}`, jsonRequest("POST", BODIES[action], headers));
}

/** Everything a citizen action could change: the case row and its history. */
async function snapshot(ids: string[]) {
  const rows = await t.database.db
    .selectFrom("petition")
    .select(["id", "state", "rating", "rated_at", "closed_at", "answer_by", "updated_at"])
    .where("id", "in", ids)
    .orderBy("id")
    .execute();
  const events = await t.database.db
    .selectFrom("petition_event")
    .select(["petition_id", "event", "actor"])
    .where("petition_id", "in", ids)
    .orderBy("id")
    .execute();
  const audit = await t.database.db
    .selectFrom("audit_log")
    .select("action")
    .where("target_id", "in", ids)
    .execute();
  return { rows, events, audit };
}

/** The tracking codes a staff member is shown by the inbox and the case pages. */
async function codesSeenBy(cookie: string): Promise<string[]> {
  const list = await t.app.request("/api/admin/petitions", { headers: { Cookie: cookie } });
  if (list.status !== 200) return [];
  const items = ((await list.json()) as any).items as { id: string; trackingCode: string }[];
  const codes = new Set(items.map((i) => i.trackingCode));
  for (const item of items) {
    const detail = await t.app.request(`/api/admin/petitions/${item.id}`, { headers: { Cookie: cookie } });
    if (detail.status === 200) codes.add(((await detail.json()) as any).trackingCode);
  }
  return [...codes];
}

describe("citizen actions need the sender's key", () => {
  it("refuses every staff role's session on every citizen route, with every code it sees, and changes nothing", async () => {
    const open = await workedCase(false);
    const answered = await workedCase(true);
    const cases = [open, answered];
    const keyOf = new Map(cases.map((c) => [c.code, c.key]));
    const before = await snapshot(cases.map((c) => c.id));

    // The premise of the finding: the read-only inspector is shown the codes of the cases.
    expect(await codesSeenBy(staff.inspector!.cookie)).toEqual(
      expect.arrayContaining([open.code, answered.code]),
    );
    for (const role of [...ROLES, "superadmin"]) {
      const { cookie } = staff[role]!;
      const seen = await codesSeenBy(cookie);
      if (role !== "viewer") expect(seen, role).toEqual(expect.arrayContaining([open.code, answered.code]));
      // The codes it was shown, and every code of the test's cases, with and without the key.
      for (const code of new Set([...seen, open.code, answered.code])) {
        for (const action of ACTIONS) {
          for (const key of [undefined, keyOf.get(code)]) {
            const headers: Record<string, string> = { Cookie: cookie };
            if (key) headers["X-Citizen-Key"] = key;
            const res = await citizen(action, code, headers);
            expect(res.status, `${role} ${action} ${code}`).toBe(403);
            const problem = (await res.json()) as any;
            expect(problem.code).toBe("staff_session_not_citizen");
            expect(problem.detail).toContain("trang quản trị");
          }
        }
      }
      t.clock.advance(11 * 60_000); // past the look-up window, so the limit does not hide a 200
    }
    // A personal API token is a staff credential too.
    const token = await staffSend(staff.manager!.cookie, "/api/admin/tokens", { name: "tích hợp" });
    const bearer = { Authorization: `Bearer ${((await token.json()) as any).token}` };
    for (const action of ACTIONS) {
      const res = await citizen(action, open.code, { ...bearer, "X-Citizen-Key": open.key });
      expect(res.status).toBe(403);
    }
    expect(await snapshot(cases.map((c) => c.id))).toEqual(before);
  });

  it("answers 404 to the code alone or a wrong key, as to an unknown code, and works with the key", async () => {
    t.clock.advance(11 * 60_000);
    const open = await workedCase(false);
    const answered = await workedCase(true);
    const before = await snapshot([open.id, answered.id]);
    const unknown = (await (await citizen("track", "DEMO-2611-ZZZZZZ")).json()) as any;
    for (const c of [open, answered]) {
      for (const action of ACTIONS) {
        const attempts: Record<string, string>[] = [
          {},
          { "X-Citizen-Key": "ABCDEFGHJK" },
          { "X-Citizen-Key": c.key.slice(1) },
        ];
        for (const headers of attempts) {
          const res = await citizen(action, c.code, headers);
          expect(res.status, `${action} ${JSON.stringify(headers)}`).toBe(404);
          const problem = (await res.json()) as any;
          expect({ ...problem, instance: undefined, requestId: undefined }).toEqual({
            ...unknown,
            instance: undefined,
            requestId: undefined,
          });
        }
      }
    }
    expect(await snapshot([open.id, answered.id])).toEqual(before);

    // The key as a person types it: lower case, in two groups.
    const typed = `${answered.key.slice(0, 5).toLowerCase()} ${answered.key.slice(5)}`;
    const tracked = await citizen("track", answered.code, { "X-Citizen-Key": typed });
    expect(tracked.status).toBe(200);
    expect(((await tracked.json()) as any).state).toBe("answered");
    const rated = await citizen("rating", answered.code, { "X-Citizen-Key": answered.key });
    expect(rated.status).toBe(200);
    expect(((await rated.json()) as any).rating.value).toBe("satisfied");
    const reopened = await citizen("reopen", answered.code, { "X-Citizen-Key": answered.key });
    expect(((await reopened.json()) as any).state).toBe("reopened");
    const withdrawn = await citizen("withdraw", open.code, { "X-Citizen-Key": open.key });
    expect(((await withdrawn.json()) as any).state).toBe("withdrawn");

    // The history and the audit log say the sender did it.
    const events = await t.database.db
      .selectFrom("petition_event")
      .select(["petition_id", "event", "actor", "actor_user_id"])
      .where("petition_id", "in", [open.id, answered.id])
      .where("event", "in", ["rate", "reopen", "withdraw"])
      .orderBy("id")
      .execute();
    expect(events).toEqual([
      { petition_id: answered.id, event: "rate", actor: "citizen", actor_user_id: null },
      { petition_id: answered.id, event: "reopen", actor: "citizen", actor_user_id: null },
      { petition_id: open.id, event: "withdraw", actor: "citizen", actor_user_id: null },
    ]);
    const audit = await t.database.db
      .selectFrom("audit_log")
      .select(["action", "actor_user_id", "target_id", "summary"])
      .where("target_id", "in", [open.id, answered.id])
      .where("action", "like", "petition.citizen_%")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => [a.action, a.actor_user_id, a.target_id, (a.summary as any).actor])).toEqual([
      ["petition.citizen_rate", null, answered.id, "citizen"],
      ["petition.citizen_reopen", null, answered.id, "citizen"],
      ["petition.citizen_withdraw", null, open.id, "citizen"],
    ]);
  });

  it("keeps the code alone working for cases registered before keys, and for no case after", async () => {
    t.clock.advance(11 * 60_000);
    const now = t.clock.now();
    const insert = (code: string, legacy: boolean) =>
      t.database.db
        .insertInto("petition")
        .values({
          unit_id: demoUnitId,
          tracking_code: code,
          kind: "question",
          channel: "web",
          subject: "Lịch học bù",
          content: "Khi nào các lớp học bù buổi nghỉ ngày 20/11?",
          received_at: now,
          acknowledge_by: now,
          answer_by: now,
          legacy_code_access: legacy,
          created_at: now,
          updated_at: now,
        })
        .execute();
    await insert("DEMO-2610-LEGACY", true);
    await insert("DEMO-2611-NKEYXX", false);
    const legacy = await citizen("track", "DEMO-2610-LEGACY");
    expect(legacy.status).toBe(200);
    expect(((await legacy.json()) as any).trackingCode).toBe("DEMO-2610-LEGACY");
    expect((await citizen("withdraw", "DEMO-2610-LEGACY")).status).toBe(200);
    // A case with no key handed out (e.g. from an anonymous survey comment) opens to no one.
    expect((await citizen("track", "DEMO-2611-NKEYXX")).status).toBe(404);
    expect((await citizen("track", "DEMO-2611-NKEYXX", { "X-Citizen-Key": "ABCDEFGHJK" })).status).toBe(404);
    // Even a legacy case refuses a staff session.
    const staffTry = await citizen("track", "DEMO-2610-LEGACY", { Cookie: staff.inspector!.cookie });
    expect(staffTry.status).toBe(403);
  });

  it("hands a new key to a retried submission, and the earlier key stops working", async () => {
    t.clock.advance(11 * 60_000);
    const submissionId = crypto.randomUUID();
    const first = await submit({ submissionId });
    const retry = await t.app.request(
      "/api/public/units/demo/petitions",
      jsonRequest("POST", {
        submissionId,
        kind: "reflection",
        subject: "Nhà vệ sinh khu B hỏng vòi nước",
        content: "Vòi nước ở nhà vệ sinh khu B bị hỏng hơn một tuần, các cháu không rửa tay được.",
        consentToContact: false,
        consentToPublish: false,
      }),
    );
    expect(retry.status).toBe(200);
    const again = (await retry.json()) as any;
    expect(again.trackingCode).toBe(first.code);
    expect(again.citizenKey).not.toBe(first.key);
    expect((await citizen("track", first.code, { "X-Citizen-Key": first.key })).status).toBe(404);
    expect((await citizen("track", first.code, { "X-Citizen-Key": again.citizenKey })).status).toBe(200);
    // Only the hash is stored.
    const row = await t.database.db
      .selectFrom("petition")
      .selectAll()
      .where("id", "=", first.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(again.citizenKey);
    // The sender's email has the link with the key that works now.
    const mails = await t.database.db
      .selectFrom("outbox")
      .select("body")
      .where("channel", "=", "email")
      .where("recipient", "=", "phuhuynh@example.vn")
      .execute();
    expect(mails.some((m) => m.body.includes(`http://gopy.test/t/${first.code}#k=${again.citizenKey}`))).toBe(
      true,
    );
  });

  it("gives the staff member who registers a paper case the sender's key, once", async () => {
    t.clock.advance(11 * 60_000);
    const res = await staffSend(staff.manager!.cookie, `/api/admin/units/${demoUnitId}/petitions`, {
      kind: "question",
      channel: "paper",
      subject: "Lịch họp phụ huynh",
      content: "Phụ huynh gửi thư hỏi lịch họp phụ huynh cuối kỳ.",
      receivedAt: "2026-11-23T08:30:00+07:00",
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as any;
    expect(body.citizenKey).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
    expect((await citizen("track", body.trackingCode)).status).toBe(404);
    expect((await citizen("track", body.trackingCode, { "X-Citizen-Key": body.citizenKey })).status).toBe(
      200,
    );
    // The case page shows the code as a reference, never the key.
    const detail = await t.app.request(`/api/admin/petitions/${body.id}`, {
      headers: { Cookie: staff.manager!.cookie },
    });
    expect(await detail.text()).not.toContain(body.citizenKey);
  });

  it("never puts the key in a webhook or a message to anyone but the sender", async () => {
    t.clock.advance(11 * 60_000);
    await t.database.db
      .insertInto("webhook")
      .values({
        unit_id: demoUnitId,
        url: "https://he-thong.demo.edu.vn/hook",
        events: ["petition.created", "petition.state_changed", "petition.answered"],
        secret: "whsec_demo",
        internal: true,
        created_at: t.clock.now(),
      })
      .execute();
    const c = await workedCase(true);
    await citizen("rating", c.code, { "X-Citizen-Key": c.key });
    const outbox = await t.database.db
      .selectFrom("outbox")
      .select(["channel", "recipient", "body"])
      .execute();
    const hooks = outbox.filter((o) => o.channel === "webhook");
    expect(hooks.some((o) => o.body.includes(c.code))).toBe(true); // internal hooks carry the code
    for (const o of outbox) {
      if (o.recipient !== "phuhuynh@example.vn") expect(o.body).not.toContain(c.key);
    }
  });
});

describe("staff record a sender's request on their behalf", () => {
  it("withdraws and reopens as the staff member's attributed act, shown to the sender without a name", async () => {
    t.clock.advance(11 * 60_000);
    const open = await workedCase(false);
    const answered = await workedCase(true);
    const onBehalf = (role: string, id: string, body: unknown) =>
      staffSend(staff[role]!.cookie, `/api/admin/petitions/${id}/on-behalf`, body);
    const withdraw = {
      action: "withdraw",
      via: "phone",
      note: "Phụ huynh gọi điện lúc 9 giờ xin rút phản ánh.",
    };

    // Read-only and working roles may not; a note is required; ratings are never given on behalf.
    expect((await onBehalf("inspector", open.id, withdraw)).status).toBe(403);
    expect((await onBehalf("viewer", open.id, withdraw)).status).toBe(403);
    expect((await onBehalf("officer", open.id, withdraw)).status).toBe(403);
    expect((await onBehalf("manager", open.id, { action: "withdraw", via: "phone" })).status).toBe(422);
    expect((await onBehalf("manager", open.id, { ...withdraw, note: "  " })).status).toBe(422);
    expect((await onBehalf("manager", answered.id, { ...withdraw, action: "rate" })).status).toBe(422);
    // The sender's rules hold: an answered case cannot be withdrawn.
    expect((await onBehalf("manager", answered.id, withdraw)).status).toBe(409);

    const res = await onBehalf("manager", open.id, withdraw);
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).state).toBe("withdrawn");
    const reopened = await onBehalf("admin", answered.id, {
      action: "reopen",
      via: "in_person",
      note: "Phụ huynh đến trường trình bày vòi nước lại hỏng.",
    });
    expect(reopened.status).toBe(200);

    // Staff history: the staff member's name, the mark and how the sender asked; the note for staff.
    const detail = (await (
      await t.app.request(`/api/admin/petitions/${open.id}`, { headers: { Cookie: staff.inspector!.cookie } })
    ).json()) as any;
    const move = detail.history.find((h: any) => h.event === "withdraw");
    expect(move).toMatchObject({
      actor: "staff",
      actorName: "Cán bộ manager",
      onBehalfOf: { via: "phone" },
      public: true,
    });
    const note = detail.history.find((h: any) => h.event === "note");
    expect(note).toMatchObject({ actorName: "Cán bộ manager", public: false, note: withdraw.note });

    // The sender's page: what happened and how they asked, no staff name, not the note.
    const tracking = await citizen("track", open.code, { "X-Citizen-Key": open.key });
    const text = await tracking.text();
    const page = JSON.parse(text);
    expect(page.history.find((h: any) => h.event === "withdraw")).toMatchObject({
      onBehalfOfSender: true,
      note: "Nhà trường ghi nhận theo đề nghị của người gửi (qua điện thoại).",
    });
    expect(page.history.find((h: any) => h.event === "submit").onBehalfOfSender).toBe(false);
    expect(text).not.toContain("Cán bộ manager");
    expect(text).not.toContain("9 giờ");
    const reopenedPage = (await (
      await citizen("track", answered.code, { "X-Citizen-Key": answered.key })
    ).json()) as any;
    expect(reopenedPage.state).toBe("reopened");
    expect(reopenedPage.history.at(-1).note).toBe(
      "Nhà trường ghi nhận theo đề nghị của người gửi (trực tiếp).",
    );

    // The audit log names the staff member, and the sender is told by email.
    const audit = await t.database.db
      .selectFrom("audit_log")
      .select(["action", "actor_email", "target_id", "summary"])
      .where("action", "like", "%_on_behalf")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => [a.action, a.actor_email, a.target_id, (a.summary as any).via])).toEqual([
      ["petition.withdraw_on_behalf", staff.manager!.email, open.id, "phone"],
      ["petition.reopen_on_behalf", staff.admin!.email, answered.id, "in_person"],
    ]);
    const told = await t.database.db
      .selectFrom("outbox")
      .select(["subject", "body"])
      .where("recipient", "=", "phuhuynh@example.vn")
      .where("subject", "like", `%${open.code}%rút%`)
      .executeTakeFirstOrThrow();
    expect(told.body).toContain("qua điện thoại");
    expect(told.body).not.toContain(open.key);
  });
});
