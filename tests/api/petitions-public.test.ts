import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, jsonRequest, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const uuid = () => crypto.randomUUID();
const send = (body: Record<string, unknown>, slug = "demo") =>
  t.app.request(`/api/public/units/${slug}/petitions`, jsonRequest("POST", body));
const reflection = (over: Record<string, unknown> = {}) => ({
  submissionId: uuid(),
  kind: "reflection",
  subject: "Cổng trường đông xe giờ tan học",
  content:
    "Giờ tan học buổi chiều, xe máy đỗ tràn ra lòng đường trước cổng trường, rất nguy hiểm cho các cháu.",
  contact: { name: "Nguyễn Văn An", phone: "0912 345 678", email: "An.Nguyen@example.vn" },
  consentToContact: true,
  consentToPublish: false,
  ...over,
});
const petitions = () => t.database.db.selectFrom("petition").selectAll().execute();

describe("a citizen sending a reflection", () => {
  it("gets a tracking code, its key and the deadlines in Vietnam's time, once even when the send is retried", async () => {
    const body = reflection();
    const res = await send(body);
    expect(res.status).toBe(201);
    const receipt = (await res.json()) as any;
    expect(receipt.trackingCode).toMatch(/^DEMO-2611-[2-9A-HJ-NP-Z]{6}$/);
    expect(receipt.citizenKey).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
    // Received Monday 23/11/2026 09:00: acknowledge by the next working day, answer in 10 working days.
    expect(receipt.acknowledgeBy).toBe("2026-11-24T23:59:59+07:00");
    expect(receipt.dueBy).toBe("2026-12-07T23:59:59+07:00");

    const again = await send(body);
    expect(again.status).toBe(200);
    // The same case; a new key, since the first answer may never have reached the sender.
    expect(await again.json()).toEqual({
      ...receipt,
      citizenKey: expect.stringMatching(/^[2-9A-HJ-NP-Z]{10}$/),
    });
    expect(await petitions()).toHaveLength(1);

    const contact = await t.database.db.selectFrom("petition_contact").selectAll().executeTakeFirstOrThrow();
    expect(contact).toMatchObject({
      name: "Nguyễn Văn An",
      phone: "0912345678",
      email: "an.nguyen@example.vn",
    });
    const mail = await t.database.db.selectFrom("outbox").selectAll().orderBy("id").executeTakeFirstOrThrow();
    expect(mail.recipient).toBe("an.nguyen@example.vn");
    expect(mail.body).toContain(receipt.trackingCode);
    expect(mail.body).toContain(receipt.citizenKey);
    expect(mail.body).toContain(`http://gopy.test/t/${receipt.trackingCode}#k=${receipt.citizenKey}`);
  });

  it("can follow it by code and key, which shows the state and history and nothing personal", async () => {
    const { trackingCode, citizenKey } = (await (await send(reflection())).json()) as any;
    const key = { "X-Citizen-Key": citizenKey };
    expect((await t.app.request(`/api/public/petitions/${trackingCode}`)).status).toBe(404);
    const res = await t.app.request(`/api/public/petitions/${trackingCode}`, { headers: key });
    expect(res.status).toBe(200);
    const page = (await res.json()) as any;
    expect(page).toMatchObject({
      trackingCode,
      unit: { name: "Trường Tiểu học Demo" },
      kind: "reflection",
      state: "received",
      receivedAt: "2026-11-23T09:00:00+07:00",
      dueBy: "2026-12-07T23:59:59+07:00",
      answer: null,
    });
    expect(page.history).toEqual([
      {
        at: "2026-11-23T09:00:00+07:00",
        event: "submit",
        state: "received",
        note: null,
        onBehalfOfSender: false,
      },
    ]);
    const raw = JSON.stringify(page);
    for (const secret of ["Nguyễn Văn An", "0912", "example.vn", "xe máy đỗ tràn"])
      expect(raw).not.toContain(secret);
    expect(
      (await t.app.request(`/api/public/petitions/${trackingCode.toLowerCase()}`, { headers: key })).status,
    ).toBe(200);
  });

  it("counts from the unit's own calendar, inherited from the units above it", async () => {
    const demo = await t.database.db
      .selectFrom("unit")
      .select("id")
      .where("slug", "=", "demo")
      .executeTakeFirstOrThrow();
    const ward = await t.database.db
      .insertInto("unit")
      .values({
        slug: "phuong-test",
        name: "Phường Test",
        kind: "ward",
        parent_id: null,
        address: null,
        created_at: t.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.database.db.updateTable("unit").set({ parent_id: ward.id }).where("id", "=", demo.id).execute();
    await t.database.db
      .insertInto("calendar_day")
      .values({ unit_id: ward.id, day: "2026-11-24", kind: "day_off", name: "Nghỉ do bão" })
      .execute();
    const receipt = (await (await send(reflection())).json()) as any;
    expect(receipt.acknowledgeBy).toBe("2026-11-25T23:59:59+07:00");
  });

  it("across Tết uses the national calendar seeded at first start", async () => {
    t.clock.set("2026-02-13T03:00:00.000Z"); // Friday before Tết Bính Ngọ
    const receipt = (await (await send(reflection())).json()) as any;
    expect(receipt.trackingCode).toMatch(/^DEMO-2602-/);
    expect(receipt.acknowledgeBy).toBe("2026-02-23T23:59:59+07:00");
  });
});

describe("a denunciation", () => {
  it("is refused without the denouncer's identity, with the reason, and nothing is stored", async () => {
    const res = await send(reflection({ kind: "denunciation", contact: { phone: "0912345678" } }));
    expect(res.status).toBe(422);
    const problem = (await res.json()) as any;
    expect(problem.errors).toEqual([{ field: "contact", message: expect.stringContaining("giữ bí mật") }]);
    expect(await petitions()).toHaveLength(0);
    const anonymous = await send(
      reflection({ kind: "denunciation", contact: undefined, consentToContact: false }),
    );
    expect(anonymous.status).toBe(422);
  });

  it("with identity gets the denunciation time limits", async () => {
    const res = await send(reflection({ kind: "denunciation" }));
    expect(res.status).toBe(201);
    const receipt = (await res.json()) as any;
    expect(receipt.acknowledgeBy).toBe("2026-11-30T23:59:59+07:00"); // 5 working days
    // 30 days from acceptance; until the case is accepted, from the last day allowed to accept it.
    expect(receipt.dueBy).toBe("2026-12-30T23:59:59+07:00");
  });
});

describe("bad input", () => {
  it.each([
    ["an unknown kind", { kind: "praise" }, "kind"],
    ["an empty subject", { subject: "   " }, "subject"],
    ["content over 4,000 characters", { content: "a".repeat(4001) }, "content"],
    ["a phone that is not one", { contact: { phone: "call me" } }, "contact.phone"],
    ["an unknown field", { priority: "high" }, "priority"],
    [
      "consent to be contacted without a way to",
      { contact: { name: "An" }, consentToContact: true },
      "contact",
    ],
  ])("%s → 422 naming the field, nothing stored", async (_, over, field) => {
    const res = await send(reflection(over));
    expect(res.status).toBe(422);
    const problem = (await res.json()) as any;
    expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await petitions()).toHaveLength(0);
  });

  it("an unknown unit → 404, a filled honeypot → 400", async () => {
    const unknown = await send(reflection(), "khong-co");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).code).toBe("unit_not_found");
    expect((await send(reflection({ website: "x" }))).status).toBe(400);
    expect(await petitions()).toHaveLength(0);
  });

  it("tracking codes cannot be enumerated: unknown → 404, and lookups are limited", async () => {
    expect((await t.app.request("/api/public/petitions/DEMO-2611-AAAAAA")).status).toBe(404);
    expect((await t.app.request("/api/public/petitions/not-a-code")).status).toBe(404);
    let last: Response | undefined;
    for (let i = 0; i < 58; i++) last = await t.app.request("/api/public/petitions/DEMO-2611-BBBBBB");
    expect(last!.status).toBe(404); // the 60th lookup in ten minutes
    const limited = await t.app.request("/api/public/petitions/DEMO-2611-CCCCCC");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await limited.json()) as any).detail).toMatch(/thử lại sau \d+ phút/);
    // Rating, reopening or withdrawing by code counts too: no probing codes through the POST routes.
    const bodies = {
      rating: { rating: "satisfied" },
      reopen: { reason: "Chưa được giải quyết." },
      withdraw: { reason: "Không còn cần thiết." },
    };
    for (const [action, body] of Object.entries(bodies)) {
      const probe = await t.app.request(
        `/api/public/petitions/DEMO-2611-DDDDDD/${action}`,
        jsonRequest("POST", body),
      );
      expect(probe.status, action).toBe(429);
    }
  });
});

describe("the unit's calendar in the console", () => {
  it("lists national, inherited and own days; the admin adds a day off and deadlines follow it", async () => {
    const { signIn } = await import("../support/app.ts");
    const cookie = await signIn(t.app);
    const demo = await t.database.db
      .selectFrom("unit")
      .select("id")
      .where("slug", "=", "demo")
      .executeTakeFirstOrThrow();
    const list = await t.app.request(`/api/admin/units/${demo.id}/calendar?year=2026`, {
      headers: { Cookie: cookie },
    });
    const body = (await list.json()) as any;
    expect(body.items.find((d: { day: string }) => d.day === "2026-02-17")).toMatchObject({
      kind: "holiday",
      source: "national",
    });

    const add = (entry: unknown) =>
      t.app.request(`/api/admin/units/${demo.id}/calendar`, jsonRequest("POST", entry, { Cookie: cookie }));
    const added = await add({ day: "2026-11-24", kind: "day_off", name: "Nghỉ do bão số 15" });
    expect(added.status).toBe(201);
    expect((await add({ day: "2026-11-24", kind: "day_off", name: "Lần nữa" })).status).toBe(409);
    expect((await add({ day: "2026-02-30", kind: "day_off", name: "Không có" })).status).toBe(422);
    const receipt = (await (await send(reflection())).json()) as any;
    expect(receipt.acknowledgeBy).toBe("2026-11-25T23:59:59+07:00");

    const { id } = (await added.json()) as any;
    const removed = await t.app.request(
      `/api/admin/units/${demo.id}/calendar/${id}`,
      jsonRequest("DELETE", {}, { Cookie: cookie }),
    );
    expect(removed.status).toBe(204);
    const national = body.items.find((d: { day: string }) => d.day === "2026-02-17");
    expect(national).toMatchObject({ origin: "announced", reference: expect.stringContaining("Bộ Nội vụ") });
    const notOwn = await t.app.request(
      `/api/admin/units/${demo.id}/calendar/${national.id}`,
      jsonRequest("DELETE", {}, { Cookie: cookie }),
    );
    expect(notOwn.status).toBe(404);
    // The open case registered while the storm day was in place follows the calendar back: its
    // deadline has not passed, so it is recomputed, and its history says why.
    const stored = await t.database.db
      .selectFrom("petition")
      .select(["id", "acknowledge_by"])
      .executeTakeFirstOrThrow();
    expect(stored.acknowledge_by.toISOString()).toBe("2026-11-24T16:59:59.999Z");
    const moved = await t.database.db
      .selectFrom("petition_event")
      .select(["event", "note", "public"])
      .where("petition_id", "=", stored.id)
      .where("event", "=", "deadline_moved")
      .execute();
    expect(moved).toEqual([
      {
        event: "deadline_moved",
        public: true,
        note:
          'Lịch nghỉ thay đổi (bỏ "Nghỉ do bão số 15" ngày 24/11/2026): hạn tiếp nhận từ 25/11/2026 sang ' +
          "24/11/2026; hạn trả lời từ 08/12/2026 sang 07/12/2026.",
      },
    ]);
  });
});

describe("limits and rules added for every channel", () => {
  it("a denunciation is never published; new cases from one address are limited, retries are not", async () => {
    const published = await send(reflection({ kind: "denunciation", consentToPublish: true }));
    expect(published.status).toBe(422);
    expect(((await published.json()) as any).errors[0].field).toBe("consentToPublish");
    const body = reflection();
    expect((await send(body)).status).toBe(201);
    for (let i = 0; i < 29; i++) expect((await send(reflection())).status).toBe(201);
    expect((await send(body)).status).toBe(200); // the retry still gets its receipt
    const limited = await send(reflection());
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeTruthy();
  });
});

describe("a unit's own time limits and targets", () => {
  it("may shorten the law's limits, never lengthen them; its schools inherit them", async () => {
    const { signIn } = await import("../support/app.ts");
    const cookie = await signIn(t.app);
    const demo = await t.database.db
      .selectFrom("unit")
      .select("id")
      .where("slug", "=", "demo")
      .executeTakeFirstOrThrow();
    const ward = await t.database.db
      .insertInto("unit")
      .values({
        slug: "phuong-y",
        name: "Phường Y",
        kind: "ward",
        parent_id: null,
        address: null,
        created_at: t.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.database.db.updateTable("unit").set({ parent_id: ward.id }).where("id", "=", demo.id).execute();
    const put = (unitId: string, body: unknown) =>
      t.app.request(
        `/api/admin/units/${unitId}/petition-settings`,
        jsonRequest("PUT", body, { Cookie: cookie }),
      );

    const longer = await put(ward.id, {
      rules: { reflection: { answer: { days: 15, unit: "working" } } },
      targets: null,
    });
    expect(longer.status).toBe(422);
    const problem = (await longer.json()) as any;
    expect(problem.errors).toEqual([
      { field: "rules.reflection.answer", message: expect.stringContaining("tối đa 10 ngày làm việc") },
    ]);
    const otherCounting = await put(ward.id, {
      rules: { complaint: { answer: { days: 20, unit: "working" } } },
      targets: null,
    });
    expect(otherCounting.status).toBe(422);

    const ok = await put(ward.id, {
      rules: { reflection: { answer: { days: 5, unit: "working" } } },
      targets: { early: 0.7 },
    });
    expect(ok.status).toBe(200);
    const receipt = (await (await send(reflection())).json()) as any;
    expect(receipt.dueBy).toBe("2026-11-30T23:59:59+07:00"); // 5 working days, set by the ward
    const question = (await (await send(reflection({ kind: "question" }))).json()) as any;
    expect(question.dueBy).toBe("2026-12-07T23:59:59+07:00"); // not shortened: the law's 10

    const figures = (await (
      await t.app.request(`/api/admin/units/${demo.id}/petition-figures`, { headers: { Cookie: cookie } })
    ).json()) as any;
    expect(figures.total.goals).toMatchObject({ early: 0.7, onTime: 1 });
  });
});
