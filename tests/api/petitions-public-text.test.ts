import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, jsonRequest, signIn, type TestApp } from "../support/app.ts";

let t: TestApp;
let demoUnitId: string;

beforeEach(async () => {
  t = await createTestApp();
  demoUnitId = (
    await t.database.db.selectFrom("unit").select("id").where("slug", "=", "demo").executeTakeFirstOrThrow()
  ).id;
});
afterEach(async () => {
  await t.close();
});

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
async function submit(over: Record<string, unknown> = {}) {
  const res = await t.app.request(
    "/api/public/units/demo/petitions",
    jsonRequest("POST", {
      submissionId: crypto.randomUUID(),
      kind: "question",
      subject: "Giờ đón trẻ buổi chiều",
      content: "Nhà trường mở cổng đón trẻ lúc mấy giờ?",
      contact: { name: "Nguyễn Thị Lan", email: "lan.nguyen@example.vn" },
      consentToContact: true,
      consentToPublish: true,
      ...over,
    }),
  );
  const { trackingCode } = (await res.json()) as { trackingCode: string };
  const { id } = await t.database.db
    .selectFrom("petition")
    .select("id")
    .where("tracking_code", "=", trackingCode)
    .executeTakeFirstOrThrow();
  return { code: trackingCode, id };
}
/** What the tracking page shows of a case: its state, answer and public history (read from the store). */
const track = async (id: string) => {
  const p = await t.database.db
    .selectFrom("petition")
    .select(["state", "answer"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  const history = await t.database.db
    .selectFrom("petition_event")
    .select(["event", "note"])
    .where("petition_id", "=", id)
    .where("public", "=", true)
    .execute();
  return { ...p, history };
};
const audits = (action: string) =>
  t.database.db.selectFrom("audit_log").selectAll().where("action", "=", action).execute();

const NAMED = "Kính gửi Bà Nguyễn Thị Lan, nhà trường mở cổng từ 16 giờ 15. Liên hệ 0912 345 678.";

describe("an answer the tracking page will show", () => {
  it("is refused when it names the sender, with each finding, and nothing is sent", async () => {
    const staff = as(await signIn(t.app));
    const c = await submit();
    const res = await staff.send("POST", `/api/admin/petitions/${c.id}/transitions`, {
      event: "answer",
      answer: NAMED,
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe("personal_data_found");
    expect(res.body.findings).toEqual([
      { field: "answer", kind: "name", text: "Nguyễn Thị Lan", start: 12, end: 26 },
      { field: "answer", kind: "phone", text: "0912 345 678", start: 69, end: 81 },
    ]);
    const view = await track(c.id);
    expect(view.state).not.toBe("answered");
    expect(JSON.stringify(view)).not.toContain("Nguyễn Thị Lan");
  });

  it("goes out once the staff member masks the findings", async () => {
    const staff = as(await signIn(t.app));
    const c = await submit();
    const masked = "Kính gửi Bà [đã che], nhà trường mở cổng từ 16 giờ 15. Liên hệ [đã che].";
    const res = await staff.send("POST", `/api/admin/petitions/${c.id}/transitions`, {
      event: "answer",
      answer: masked,
    });
    expect(res.status).toBe(200);
    expect((await track(c.id)).answer).toBe(masked);
    expect(await audits("petition.personal_data_confirmed")).toEqual([]);
  });

  it("goes out as written when the staff member confirms, and the confirmation is audited without the text", async () => {
    const staff = as(await signIn(t.app));
    const c = await submit();
    const res = await staff.send("POST", `/api/admin/petitions/${c.id}/transitions`, {
      event: "answer",
      answer: NAMED,
      confirmPersonalData: true,
    });
    expect(res.status).toBe(200);
    expect((await track(c.id)).answer).toBe(NAMED);
    const [entry, ...more] = await audits("petition.personal_data_confirmed");
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ target_type: "petition", target_id: c.id, unit_id: demoUnitId });
    const summary = typeof entry!.summary === "string" ? JSON.parse(entry!.summary) : entry!.summary;
    expect(summary.findings).toEqual([
      { field: "answer", kind: "name", start: 12, end: 26 },
      { field: "answer", kind: "phone", start: 69, end: 81 },
    ]);
    expect(JSON.stringify(entry)).not.toContain("Nguyễn Thị Lan");
  });

  it("greets without a name when the template's greeting is kept", async () => {
    const staff = as(await signIn(t.app));
    const c = await submit();
    const res = await staff.send("POST", `/api/admin/petitions/${c.id}/transitions`, {
      event: "answer",
      answer: "Kính gửi Quý phụ huynh,\n\nNhà trường mở cổng đón trẻ từ 16 giờ 15.\n\nTrân trọng.",
    });
    expect(res.status).toBe(200);
  });

  it("checks the public note and a rejection's reason too", async () => {
    const staff = as(await signIn(t.app));
    const c = await submit();
    const note = await staff.send("POST", `/api/admin/petitions/${c.id}/transitions`, {
      event: "acknowledge",
      publicNote: "Đã gọi cho chị Lan theo số 0912345678.",
    });
    expect(note.status).toBe(422);
    expect(note.body.findings.map((f: any) => [f.field, f.kind])).toEqual([
      ["publicNote", "name"],
      ["publicNote", "phone"],
    ]);
    const other = await submit();
    await staff.send("POST", `/api/admin/petitions/${other.id}/transitions`, { event: "acknowledge" });
    const reject = await staff.send("POST", `/api/admin/petitions/${other.id}/transitions`, {
      event: "reject",
      rejectReason: "Ông Trần Văn Bình đã gửi nội dung này trước đó.",
    });
    expect(reject.status).toBe(422);
    expect(reject.body.findings).toEqual([
      { field: "rejectReason", kind: "name", text: "Trần Văn Bình", start: 4, end: 17 },
    ]);
  });
});

describe("an extension's note, shown on the tracking page", () => {
  it("is refused when it names someone, and accepted once confirmed", async () => {
    const staff = as(await signIn(t.app));
    const c = await submit({ kind: "complaint" });
    await staff.send("POST", `/api/admin/petitions/${c.id}/transitions`, { event: "acknowledge" });
    const note = { reason: "complex", note: "Cần làm việc thêm với cô giáo Hương lớp 4A." };
    const refused = await staff.send("POST", `/api/admin/petitions/${c.id}/extend`, note);
    expect(refused.status).toBe(422);
    expect(refused.body.findings.map((f: any) => [f.field, f.kind, f.text])).toEqual([
      ["note", "name", "Hương"],
    ]);
    expect((await track(c.id)).history.filter((h) => h.event === "extend")).toEqual([]);
    const ok = await staff.send("POST", `/api/admin/petitions/${c.id}/extend`, {
      ...note,
      confirmPersonalData: true,
    });
    expect(ok.status).toBe(200);
    expect((await track(c.id)).history.filter((h) => h.event === "extend")).toHaveLength(1);
  });
});

describe("a published question and answer", () => {
  it("is refused with the findings, then published once masked or confirmed", async () => {
    const staff = as(await signIn(t.app));
    const c = await submit();
    await staff.send("POST", `/api/admin/petitions/${c.id}/transitions`, {
      event: "answer",
      answer: "Nhà trường mở cổng đón trẻ từ 16 giờ 15.",
    });
    const named = {
      question: "Cháu Minh Anh lớp 2B được đón lúc mấy giờ? Email lan.nguyen@example.vn",
      answer: "Từ 16 giờ 15 hằng ngày.",
    };
    const refused = await staff.send("PUT", `/api/admin/petitions/${c.id}/publication`, named);
    expect(refused.status).toBe(422);
    expect(refused.body.findings.map((f: any) => [f.field, f.kind, f.text])).toEqual([
      ["question", "name", "Minh Anh"],
      ["question", "class", "lớp 2B"],
      ["question", "email", "lan.nguyen@example.vn"],
    ]);
    const list = async () =>
      ((await (await t.app.request("/api/public/units/demo/answers")).json()) as any).items;
    expect(await list()).toEqual([]);

    const confirmed = await staff.send("PUT", `/api/admin/petitions/${c.id}/publication`, {
      ...named,
      confirmPersonalData: true,
    });
    expect(confirmed.status).toBe(200);
    expect(await audits("petition.personal_data_confirmed")).toHaveLength(1);

    const masked = { question: "Cháu [đã che] được đón lúc mấy giờ?", answer: "Từ 16 giờ 15 hằng ngày." };
    expect((await staff.send("PUT", `/api/admin/petitions/${c.id}/publication`, masked)).status).toBe(200);
    expect(await list()).toEqual([expect.objectContaining(masked)]);
  });
});

describe("the monthly summary's commentary and excerpts", () => {
  it("are refused with the findings, and kept once confirmed", async () => {
    const staff = as(await signIn(t.app));
    const path = `/api/admin/units/${demoUnitId}/reports/2026-11/draft`;
    const refused = await staff.send("POST", path, {
      excerpts: ["Phụ huynh đề nghị có mái che.", "Cô giáo Hương dạy rất tận tâm, gọi 0987.654.321."],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.findings.map((f: any) => [f.field, f.kind, f.text])).toEqual([
      ["excerpts.1", "name", "Hương"],
      ["excerpts.1", "phone", "0987.654.321"],
    ]);
    const draft = await staff.get(`/api/admin/units/${demoUnitId}/reports/2026-11`);
    expect(draft.body.draft).toBeNull();

    const kept = await staff.send("POST", path, {
      excerpts: ["Phụ huynh đề nghị có mái che."],
      commentary: "Thầy Hùng đã lắp mái che.",
      confirmPersonalData: true,
    });
    expect(kept.status).toBe(200);
    const [entry] = await audits("report.draft");
    expect(JSON.stringify(entry!.summary)).toContain("personalDataConfirmed");
  });
});
