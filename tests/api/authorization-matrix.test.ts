import { randomBytes } from "node:crypto";
import { hashPassword } from "@gopy/api/auth/password.ts";
import { latestRevision, makeDraft, publishDraft } from "@gopy/api/reports/publishing.ts";
import { createSurvey } from "@gopy/api/surveys/manage.ts";
import { sipasTemplate } from "@gopy/api/surveys/templates/sipas.ts";
import type { Role } from "@gopy/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, jsonRequest, signIn, type TestApp } from "../support/app.ts";

/**
 * The specification of who may call what, written by hand from the role table and kept
 * apart from the code's own permission table. Every admin route the app has must appear here.
 *  - `target: "unit"`: the route acts on the unit in its path; `"parent"`: on the parent unit in
 *    its body; `"none"`: a list, filtered by what the caller may see.
 *    `"self"`: the caller's own resources (API tokens); another person's answer 404.
 *  - `allowed`: the roles that succeed on their own unit and on its descendants.
 */
type Target = "unit" | "parent" | "none" | "self";
interface RouteSpec {
  target: Target;
  allowed: Role[];
  body?: (unitId: string) => unknown;
  success: number;
  /** Roles whose answer is neither success nor 403 (officers do not see unassigned cases: 404). */
  expect?: Partial<Record<Role, number>>;
}
const ALL: Role[] = ["admin", "manager", "officer", "inspector", "viewer"];
/** Monthly summaries are read by all but officers (they handle cases, not results). */
const READERS: Role[] = ["admin", "manager", "inspector", "viewer"];
const SPEC: Record<string, RouteSpec> = {
  "GET /api/admin/surveys": { target: "none", allowed: ALL, success: 200 },
  "GET /api/admin/units": { target: "none", allowed: ALL, success: 200 },
  "POST /api/admin/units": {
    target: "parent",
    allowed: ["admin"],
    success: 201,
    body: (unitId) => ({
      name: "Tổ Toán",
      slug: `to-${randomBytes(4).toString("hex")}`,
      kind: "team",
      parentId: unitId,
    }),
  },
  "GET /api/admin/units/:unitId": { target: "unit", allowed: ALL, success: 200 },
  "PATCH /api/admin/units/:unitId": {
    target: "unit",
    allowed: ["admin"],
    success: 200,
    body: () => ({ name: "Tên mới của đơn vị" }),
  },
  "POST /api/admin/units/:unitId/archive": { target: "unit", allowed: ["admin"], success: 204 },
  "GET /api/admin/units/:unitId/members": { target: "unit", allowed: ["admin", "manager"], success: 200 },
  "POST /api/admin/units/:unitId/members": {
    target: "unit",
    allowed: ["admin"],
    success: 201,
    body: () => ({
      email: `gv-${randomBytes(4).toString("hex")}@matrix.test`,
      displayName: "Giáo viên",
      role: "officer",
    }),
  },
  "PATCH /api/admin/units/:unitId/members/:membershipId": {
    target: "unit",
    allowed: ["admin"],
    success: 200,
    body: () => ({ role: "inspector" }),
  },
  "DELETE /api/admin/units/:unitId/members/:membershipId": {
    target: "unit",
    allowed: ["admin"],
    success: 204,
  },
  "POST /api/admin/units/:unitId/members/:membershipId/disable": {
    target: "unit",
    allowed: ["admin"],
    success: 204,
  },
  "POST /api/admin/units/:unitId/members/:membershipId/enable": {
    target: "unit",
    allowed: ["admin"],
    success: 204,
  },
  "GET /api/admin/survey-templates": { target: "none", allowed: ALL, success: 200 },
  "POST /api/admin/units/:unitId/surveys": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 201,
    body: () => ({ templateId: "sipas" }),
  },
  // Survey routes act on the survey's unit (a survey made in the unit of the case).
  "GET /api/admin/surveys/:surveyId": { target: "unit", allowed: ALL, success: 200 },
  "PATCH /api/admin/surveys/:surveyId": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 200,
    body: () => ({ responseCap: 400 }),
  },
  "PUT /api/admin/surveys/:surveyId/draft": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 200,
    body: () => ({ definition: sipasTemplate }),
  },
  "DELETE /api/admin/surveys/:surveyId/draft": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 204,
  },
  "POST /api/admin/surveys/:surveyId/publish": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 200,
  },
  "POST /api/admin/surveys/:surveyId/links": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 201,
    body: () => ({ channel: "Họp phụ huynh" }),
  },
  "PATCH /api/admin/surveys/:surveyId/links/:linkId": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 200,
    body: () => ({ channel: "Nhóm Zalo lớp 4B" }),
  },
  "POST /api/admin/surveys/:surveyId/links/:linkId/archive": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 204,
  },
  "GET /api/admin/surveys/:surveyId/links/:linkId/poster.pdf": { target: "unit", allowed: ALL, success: 200 },
  "GET /api/admin/surveys/:surveyId/results": { target: "unit", allowed: ALL, success: 200 },
  // Raw responses may hold names in free text: not for inspectors, officers or the supervising level.
  "GET /api/admin/surveys/:surveyId/responses.csv": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 200,
  },
  "GET /api/admin/surveys/:surveyId/responses.xlsx": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 200,
  },
  "GET /api/admin/petitions": {
    target: "none",
    allowed: ["admin", "manager", "officer", "inspector"],
    success: 200,
  },
  "GET /api/admin/petitions/:petitionId": {
    target: "unit",
    allowed: ["admin", "manager", "inspector"],
    success: 200,
    expect: { officer: 404 },
  },
  "POST /api/admin/petitions/:petitionId/transitions": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 200,
    body: () => ({ event: "acknowledge" }),
    expect: { officer: 404 },
  },
  "POST /api/admin/petitions/:petitionId/notes": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 204,
    body: () => ({ note: "Đã gọi điện cho phụ huynh" }),
    expect: { officer: 404 },
  },
  // The matrix's case is a reflection: the roles that may extend reach the law's rule (409), no other.
  "POST /api/admin/petitions/:petitionId/extend": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 409,
    body: () => ({ reason: "complex" }),
  },
  "POST /api/admin/petitions/:petitionId/apology": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 201,
    body: () => ({ number: "02/TB-MX", newDate: "2026-11-30", place: "Hà Nội", signerName: "Nguyễn Văn A" }),
  },
  // Recording a sender's phoned-in withdrawal directs the case: never the inspector, viewer or officer.
  "POST /api/admin/petitions/:petitionId/on-behalf": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 200,
    body: () => ({ action: "withdraw", via: "phone", note: "Phụ huynh gọi điện xin rút phản ánh." }),
  },
  "GET /api/admin/petitions/:petitionId/apology.pdf": {
    target: "unit",
    allowed: ["admin", "manager", "inspector"],
    success: 200,
    expect: { officer: 404 },
  },
  "GET /api/admin/petitions/:petitionId/attachments/:attachmentId": {
    target: "unit",
    allowed: ["admin", "manager", "inspector"],
    success: 200,
    expect: { officer: 404 },
  },
  "POST /api/admin/petitions/:petitionId/erase-personal-data": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 204,
  },
  "POST /api/admin/petitions/:petitionId/attachments": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 201,
    expect: { officer: 404 },
  },
  "PUT /api/admin/petitions/:petitionId/publication": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 200,
    body: () => ({ question: "Giờ đón trẻ?", answer: "16 giờ 30." }),
  },
  "DELETE /api/admin/petitions/:petitionId/publication": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 204,
  },
  "GET /api/admin/surveys/:surveyId/comments": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 200,
  },
  "GET /api/admin/surveys/:surveyId/held": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 200,
  },
  // Nothing is held in the matrix's survey: the roles that may decide reach `held_not_found` (404).
  "POST /api/admin/surveys/:surveyId/held/decisions": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 404,
    body: () => ({ decision: "discard", ids: [1] }),
  },
  "POST /api/admin/surveys/:surveyId/comments/:receipt/petition": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 201,
    body: () => ({ questionId: "comment" }),
  },
  "POST /api/admin/units/:unitId/petitions": {
    target: "unit",
    allowed: ["admin", "manager"],
    success: 201,
    body: () => ({
      kind: "question",
      channel: "phone",
      subject: "Lịch họp phụ huynh",
      content: "Phụ huynh gọi điện hỏi lịch họp phụ huynh cuối kỳ.",
      receivedAt: "2026-11-23T08:30:00+07:00",
    }),
  },
  "GET /api/admin/units/:unitId/petition-figures": {
    target: "unit",
    allowed: ["admin", "manager", "inspector", "viewer"],
    success: 200,
  },
  "GET /api/admin/units/:unitId/calendar": { target: "unit", allowed: ALL, success: 200 },
  // The national calendar is read by all staff and changed only by the platform superadmin.
  "GET /api/admin/national-calendar": { target: "none", allowed: ALL, success: 200 },
  "POST /api/admin/national-calendar": {
    target: "none",
    allowed: [],
    success: 201,
    body: () => ({ day: "2027-02-12", kind: "day_off", name: "Nghỉ hoán đổi", reference: "Thông báo" }),
  },
  "DELETE /api/admin/national-calendar/:day": { target: "none", allowed: [], success: 200 },
  "POST /api/admin/units/:unitId/calendar": {
    target: "unit",
    allowed: ["admin"],
    success: 201,
    body: () => ({ day: "2026-11-27", kind: "day_off", name: "Nghỉ do bão" }),
  },
  "DELETE /api/admin/units/:unitId/calendar/:entryId": { target: "unit", allowed: ["admin"], success: 204 },
  "GET /api/admin/units/:unitId/open311-keys": { target: "unit", allowed: ["admin"], success: 200 },
  "POST /api/admin/units/:unitId/open311-keys": {
    target: "unit",
    allowed: ["admin"],
    success: 201,
    body: () => ({ name: "Cổng dịch vụ công tỉnh" }),
  },
  "DELETE /api/admin/units/:unitId/open311-keys/:keyId": { target: "unit", allowed: ["admin"], success: 204 },
  "GET /api/admin/units/:unitId/reports": { target: "unit", allowed: READERS, success: 200 },
  "GET /api/admin/units/:unitId/reports/settings": { target: "unit", allowed: READERS, success: 200 },
  "PUT /api/admin/units/:unitId/reports/settings": {
    target: "unit",
    allowed: ["admin"],
    success: 200,
    body: () => ({ satisfactionTarget: 0.9 }),
  },
  "GET /api/admin/units/:unitId/reports/compare": { target: "unit", allowed: READERS, success: 200 },
  "GET /api/admin/units/:unitId/reports/:month": { target: "unit", allowed: READERS, success: 200 },
  "POST /api/admin/units/:unitId/reports/:month/draft": { target: "unit", allowed: ["admin"], success: 200 },
  "POST /api/admin/units/:unitId/reports/:month/publish": {
    target: "unit",
    allowed: ["admin"],
    success: 201,
  },
  "PUT /api/admin/units/:unitId/reports/:month/procedures": {
    target: "unit",
    allowed: ["admin"],
    success: 200,
    body: () => ({ received: 3, resolvedEarly: 1, resolvedOnTime: 1, resolvedLate: 1 }),
  },
  // Printed documents, read by the summaries' readers (`call()` publishes the month first).
  "GET /api/admin/units/:unitId/report-documents/:month/notice.pdf": {
    target: "unit",
    allowed: READERS,
    success: 200,
  },
  "GET /api/admin/units/:unitId/report-documents/:month/notice.docx": {
    target: "unit",
    allowed: READERS,
    success: 200,
  },
  "GET /api/admin/units/:unitId/report-documents/:period/report.pdf": {
    target: "unit",
    allowed: READERS,
    success: 200,
  },
  "GET /api/admin/units/:unitId/report-documents/:period/report.docx": {
    target: "unit",
    allowed: READERS,
    success: 200,
  },
  "GET /api/admin/units/:unitId/webhooks": { target: "unit", allowed: ["admin"], success: 200 },
  "POST /api/admin/units/:unitId/webhooks": {
    target: "unit",
    allowed: ["admin"],
    success: 201,
    body: () => ({ url: "https://example.edu.vn/hooks", events: ["petition.created"] }),
  },
  "PATCH /api/admin/units/:unitId/webhooks/:webhookId": {
    target: "unit",
    allowed: ["admin"],
    success: 200,
    body: () => ({ description: "Cổng thông tin" }),
  },
  "DELETE /api/admin/units/:unitId/webhooks/:webhookId": { target: "unit", allowed: ["admin"], success: 204 },
  "POST /api/admin/units/:unitId/webhooks/:webhookId/secret": {
    target: "unit",
    allowed: ["admin"],
    success: 200,
  },
  "POST /api/admin/units/:unitId/webhooks/:webhookId/test": {
    target: "unit",
    allowed: ["admin"],
    success: 202,
  },
  "GET /api/admin/units/:unitId/webhooks/:webhookId/deliveries": {
    target: "unit",
    allowed: ["admin"],
    success: 200,
  },
  "POST /api/admin/units/:unitId/webhooks/:webhookId/deliveries/:deliveryId/retry": {
    target: "unit",
    allowed: ["admin"],
    success: 202,
  },
  "GET /api/admin/units/:unitId/petition-settings": {
    target: "unit",
    allowed: ["admin", "manager", "inspector", "viewer"],
    success: 200,
  },
  "PUT /api/admin/units/:unitId/petition-settings": {
    target: "unit",
    allowed: ["admin"],
    success: 200,
    body: () => ({ rules: { reflection: { answer: { days: 7, unit: "working" } } }, targets: null }),
  },
  "GET /api/admin/audit": { target: "none", allowed: ["admin", "inspector"], success: 200 },
  "GET /api/admin/audit.csv": { target: "none", allowed: ["admin", "inspector"], success: 200 },
  // Personal tokens: every signed-in person manages their own.
  "GET /api/admin/tokens": { target: "self", allowed: ALL, success: 200 },
  "POST /api/admin/tokens": {
    target: "self",
    allowed: ALL,
    success: 201,
    body: () => ({ name: "Trang web trường" }),
  },
  "DELETE /api/admin/tokens/:tokenId": { target: "self", allowed: ALL, success: 204 },
};

const PASSWORD = "Matrix-password-2026";
let t: TestApp;
let passwordHash: string;

beforeAll(async () => {
  t = await createTestApp();
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(async () => {
  await t.close();
});

/** A ward with two schools; the school has a team. A fresh tree per case keeps cases independent. */
async function tree() {
  const db = t.database.db;
  const tag = randomBytes(4).toString("hex");
  const unit = async (slug: string, kind: "ward" | "school" | "team", parentId: string | null) =>
    (
      await db
        .insertInto("unit")
        .values({
          slug: `${slug}-${tag}`,
          name: `Đơn vị ${slug}`,
          kind,
          parent_id: parentId,
          address: null,
          created_at: t.clock.now(),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const ward = await unit("phuong", "ward", null);
  const own = await unit("truong-a", "school", ward);
  const child = await unit("to-a", "team", own);
  const sibling = await unit("truong-b", "school", ward);
  return { ward, own, child, sibling, tag };
}

async function staff(role: Role, unitId: string, tag: string): Promise<string> {
  const email = `${role}-${tag}@matrix.test`;
  const user = await t.database.db
    .insertInto("app_user")
    .values({ email, display_name: role, password_hash: passwordHash, created_at: t.clock.now() })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.database.db
    .insertInto("membership")
    .values({ user_id: user.id, unit_id: unitId, role, created_at: t.clock.now() })
    .execute();
  return signIn(t.app, email, PASSWORD);
}

/** A member of the unit, for routes that act on a membership. */
async function memberOf(unitId: string): Promise<string> {
  const user = await t.database.db
    .insertInto("app_user")
    .values({
      email: `member-${randomBytes(4).toString("hex")}@matrix.test`,
      display_name: "GV",
      password_hash: passwordHash,
      created_at: t.clock.now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const m = await t.database.db
    .insertInto("membership")
    .values({ user_id: user.id, unit_id: unitId, role: "officer", created_at: t.clock.now() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return m.id;
}

/** A survey of the unit (a draft of the SIPAS template with its gate link). */
async function surveyIn(unitId: string): Promise<{ id: string; linkId: string }> {
  const id = await t.database.db
    .transaction()
    .execute((trx) =>
      createSurvey(trx, { unitId, template: "sipas", definition: sipasTemplate, now: t.clock.now() }),
    );
  const link = await t.database.db
    .selectFrom("survey_link")
    .select("id")
    .where("survey_id", "=", id)
    .executeTakeFirstOrThrow();
  return { id, linkId: link.id };
}

/** An unassigned case of the unit, overdue. */
async function petitionIn(unitId: string): Promise<string> {
  const now = t.clock.now();
  const row = await t.database.db
    .insertInto("petition")
    .values({
      unit_id: unitId,
      tracking_code: `MX-2611-${randomBytes(3).toString("hex").toUpperCase()}`,
      kind: "reflection",
      channel: "web",
      subject: "Ma trận",
      content: "Nội dung",
      received_at: now,
      // Already overdue, with its apology recorded, so the apology routes have something to act on.
      acknowledge_by: new Date(now.getTime() - 20 * 86_400_000),
      answer_by: new Date(now.getTime() - 86_400_000),
      apology_sent_at: now,
      apology_number: "01/TB-MX",
      apology_new_date: "2026-11-30",
      apology_signer: JSON.stringify({ title: "Hiệu trưởng", name: "Nguyễn Văn A", place: "Hà Nội" }),
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function tokenOf(cookie: string | undefined): Promise<string> {
  if (!cookie) return "00000000-0000-4000-8000-000000000000";
  const res = await t.app.request(
    "/api/admin/tokens",
    jsonRequest("POST", { name: "t" }, { Cookie: cookie }),
  );
  return ((await res.json()) as any).id;
}

async function call(route: string, unitId: string, cookie: string | undefined) {
  const [method, path] = route.split(" ") as [string, string];
  const spec = SPEC[route]!;
  let url = path.replace(":unitId", unitId);
  if (url.includes(":membershipId")) url = url.replace(":membershipId", await memberOf(unitId));
  if (url.includes(":tokenId")) url = url.replace(":tokenId", await tokenOf(cookie));
  if (url.includes(":keyId")) {
    const key = await t.database.db
      .insertInto("open311_key")
      .values({
        unit_id: unitId,
        name: "k",
        key_hash: randomBytes(16).toString("hex"),
        created_at: t.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    url = url.replace(":keyId", key.id);
  }
  if (url.includes(":month")) {
    url = url.replace(":month", "2026-11");
    if (url.endsWith("/publish")) await makeDraft(t.database.db, unitId, "2026-11", t.clock.now(), null);
    if (url.includes("/report-documents/") && !(await latestRevision(t.database.db, unitId, "2026-11"))) {
      await makeDraft(t.database.db, unitId, "2026-11", t.clock.now(), null);
      const publisher = await t.database.db
        .selectFrom("app_user")
        .select("id")
        .where("is_superadmin", "=", true)
        .executeTakeFirstOrThrow();
      await publishDraft(
        t.database.db,
        unitId,
        "2026-11",
        t.clock.now(),
        publisher.id,
        undefined,
        "http://gopy.test",
      );
    }
  }
  if (url.includes(":period")) url = url.replace(":period", "2026-Q4");
  if (url.includes(":day")) url = url.replace(":day", "2027-02-11");
  if (url.includes(":webhookId")) {
    const hook = await t.database.db
      .insertInto("webhook")
      .values({
        unit_id: unitId,
        url: "https://example.edu.vn/h",
        events: ["petition.created"],
        secret: "whsec_x",
        created_at: t.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    url = url.replace(":webhookId", hook.id);
    if (url.includes(":deliveryId")) {
      const delivery = await t.database.db
        .insertInto("outbox")
        .values({
          channel: "webhook",
          recipient: hook.id,
          subject: "ping",
          body: "{}",
          next_attempt_at: t.clock.now(),
          failed_at: t.clock.now(),
          created_at: t.clock.now(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      url = url.replace(":deliveryId", String(delivery.id));
    }
  }
  if (url.includes(":entryId")) {
    const entry = await t.database.db
      .insertInto("calendar_day")
      .values({
        unit_id: unitId,
        day: "2027-03-15",
        kind: "day_off",
        name: "x",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    url = url.replace(":entryId", String(entry.id));
  }
  if (url.includes(":petitionId")) {
    const petitionId = await petitionIn(unitId);
    if (url.endsWith("/publication")) {
      // Publishable: answered, and the sender agreed.
      await t.database.db
        .updateTable("petition")
        .set({ state: "answered", consent_publish: true, answer: "Đã xử lý.", answered_at: t.clock.now() })
        .where("id", "=", petitionId)
        .execute();
    }
    url = url.replace(":petitionId", petitionId);
    if (url.includes(":attachmentId")) {
      const file = await t.database.db
        .insertInto("petition_attachment")
        .values({
          unit_id: unitId,
          petition_id: petitionId,
          filename: "anh.png",
          media_type: "image/png",
          size: 4,
          sha256: "x",
          data: Buffer.from("\x89PNG"),
          uploaded_by: "citizen",
          created_at: t.clock.now(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      url = url.replace(":attachmentId", file.id);
    }
  }
  if (url.includes(":surveyId")) {
    const survey = await surveyIn(unitId);
    url = url.replace(":surveyId", survey.id).replace(":linkId", survey.linkId);
    if (method === "DELETE" && url.endsWith("/draft")) {
      // A draft can be discarded only when a published version stays: publish v1, draft v2.
      const v1 = await t.database.db
        .updateTable("survey_version")
        .set({ published_at: t.clock.now() })
        .where("survey_id", "=", survey.id)
        .returning("id")
        .executeTakeFirstOrThrow();
      await t.database.db
        .updateTable("survey")
        .set({ current_version_id: v1.id })
        .where("id", "=", survey.id)
        .execute();
      await t.database.db
        .insertInto("survey_version")
        .values({
          survey_id: survey.id,
          version: 2,
          definition: JSON.stringify(sipasTemplate),
          created_at: t.clock.now(),
        })
        .execute();
    }
    if (url.includes(":receipt")) {
      const version = await t.database.db
        .selectFrom("survey_version")
        .select("id")
        .where("survey_id", "=", survey.id)
        .executeTakeFirstOrThrow();
      const receipt = `R-${randomBytes(4).toString("hex").toUpperCase()}`;
      await t.database.db
        .insertInto("survey_response")
        .values({
          submission_id: crypto.randomUUID(),
          survey_id: survey.id,
          version_id: version.id,
          link_id: survey.linkId,
          receipt,
          answers: JSON.stringify({ comment: "Nên có mái che chỗ chờ đón con." }),
          created_at: t.clock.now(),
        })
        .execute();
      url = url.replace(":receipt", receipt);
    }
  }
  const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
  if (method === "GET") return t.app.request(url, { headers });
  if (url.endsWith("/attachments")) {
    const png = Buffer.from(
      "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d6a5c50000000049454e44ae426082",
      "hex",
    );
    return t.app.request(`${url}?name=anh.png`, {
      method: "POST",
      headers: { ...headers, "Content-Type": "image/png" },
      body: new Uint8Array(png),
    });
  }
  return t.app.request(url, jsonRequest(method, spec.body?.(unitId) ?? {}, headers));
}

describe("the authorisation matrix", () => {
  it("covers every admin route the app serves", () => {
    const served = new Set(
      t.app.routes
        .filter((r) => r.method !== "ALL" && r.path.startsWith("/api/admin"))
        .map((r) => `${r.method} ${r.path}`),
    );
    expect([...served].sort()).toEqual(Object.keys(SPEC).sort());
  });

  for (const [route, spec] of Object.entries(SPEC)) {
    it(`${route}: without a session → 401`, async () => {
      const { own } = await tree();
      const res = await call(route, own, undefined);
      expect(res.status).toBe(401);
    });

    for (const role of ALL) {
      const allowed = spec.allowed.includes(role);
      it(`${route} as ${role}: own unit, child unit → ${spec.expect?.[role] ?? (allowed ? spec.success : 403)}; sibling unit → ${spec.target === "unit" || spec.target === "parent" ? 404 : "not listed"}`, async () => {
        const { own, child, sibling, tag } = await tree();
        const cookie = await staff(role, own, tag);
        const expected = spec.expect?.[role] ?? (allowed ? spec.success : 403);
        if (spec.target === "self") {
          expect((await call(route, own, cookie)).status).toBe(expected);
          if (route.includes(":tokenId")) {
            // Someone else's token does not exist for this caller.
            const other = await staff("viewer", sibling, `${tag}x`);
            const theirs = await tokenOf(other);
            const res = await t.app.request(
              `/api/admin/tokens/${theirs}`,
              jsonRequest("DELETE", {}, { Cookie: cookie }),
            );
            expect(res.status).toBe(404);
          }
          return;
        }
        if (spec.target === "none") {
          const res = await call(route, own, cookie);
          expect(res.status).toBe(expected);
          if (res.status === 200) {
            const listed = await res.text();
            expect(listed).not.toContain(sibling);
          }
          return;
        }
        expect((await call(route, child, cookie)).status).toBe(expected);
        expect((await call(route, own, cookie)).status).toBe(expected);
        const outside = await call(route, sibling, cookie);
        expect(outside.status).toBe(404);
        expect(((await outside.json()) as any).code).toBe("not_found");
      });
    }
  }
});
