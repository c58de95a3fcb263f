import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie } from "hono/cookie";
import { z } from "zod";
import { writeAudit } from "../../audit.ts";
import { resolveSession, SESSION_COOKIE } from "../../auth/sessions.ts";
import { resolveApiToken } from "../../auth/tokens.ts";
import { AppError, notFound, validationFailed } from "../../errors.ts";
import { clientIp } from "../../http/client-ip.ts";
import { describe } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { isStorableText, validate } from "../../http/validate.ts";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, storeAttachment } from "../../petitions/attachments.ts";
import { CITIZEN_KEY_HEADER, holdsCitizenKey } from "../../petitions/citizen-key.ts";
import { PETITION_KINDS } from "../../petitions/deadlines.ts";
import { checkPetitionRules, submitPetition, trackPetition } from "../../petitions/service.ts";
import { applyTransition } from "../../petitions/transitions.ts";
import { type Limit, RateLimiter } from "../../rate-limit.ts";
import { vnDay } from "../../time.ts";
import {
  ZPublicUnit,
  ZPublishedAnswers,
  ZRatingReason,
  ZStoredAttachment,
  ZSubmitted,
  ZTracking,
} from "./petitions.schemas.ts";

const ZSlug = z.object({ unitSlug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/) });
const ZCode = z.object({ code: z.string().regex(/^[A-Z0-9]{1,6}-\d{4}-[2-9A-HJ-NP-Z]{6}$/) });
/** Text a person typed: NFC so that the same Vietnamese word is stored one way. */
const text = (max: number) =>
  z
    .string()
    // For the document only (the pipe below checks): the limits apply once trimmed and NFC-normalised.
    .meta({ minLength: 1, maxLength: max, description: "Counted once trimmed and NFC-normalised" })
    .transform((s) => s.normalize("NFC").trim())
    .pipe(z.string().min(1).max(max).refine(isStorableText));
const ZSubmission = z.strictObject({
  submissionId: z.uuid(),
  kind: z.enum(PETITION_KINDS),
  subject: text(200),
  content: text(4000),
  contact: z
    .strictObject({
      name: z.string().max(100).refine(isStorableText).optional(),
      phone: z
        .string()
        // At least 8 digits: "--------" would be stored as no phone at all, yet pass as a way to reach.
        .regex(/^(?=(?:\D*\d){8})\+?[0-9 .-]{8,20}$/)
        .optional()
        .or(z.literal("")),
      email: z.email().max(254).optional().or(z.literal("")),
    })
    .optional(),
  consentToContact: z.boolean(),
  consentToPublish: z.boolean(),
  attachments: z.array(z.uuid()).max(MAX_ATTACHMENTS).optional(),
  website: z.string().max(500).optional(),
});

const ZRating = z.strictObject({
  rating: z.enum(["satisfied", "not_satisfied"]),
  reason: ZRatingReason.optional(),
});
const ZCitizenMove = z.strictObject({
  reason: z.string().trim().min(1).max(2000).refine(isStorableText).optional(),
});

/** Counts a request from the client's address under `limit`; past it, a 429 with `Retry-After`. */
async function limitAddress(
  c: Context<AppEnv>,
  scope: string,
  limit: Limit,
  code: "too_many_lookups" | "too_many_uploads" | "too_many_submissions",
) {
  const { database, clock } = c.var.deps;
  const state = await new RateLimiter(database.db).hit(`${scope}:${clientIp(c)}`, limit, clock.now());
  if (state.hits > limit.max) {
    throw new AppError(code, 429, {
      params: { minutes: Math.max(1, Math.ceil(state.retryAfterMs / 60_000)) },
      headers: { "Retry-After": String(Math.ceil(state.retryAfterMs / 1000)) },
    });
  }
}

/** Every use of a tracking code counts towards the address's look-up limit (no probing by POST). */
const countLookup = (c: Context<AppEnv>) => limitAddress(c, "track", LOOKUP_LIMIT, "too_many_lookups");

/**
 * Citizen actions are the sender's own: a request that carries a valid staff session or API token
 * is refused, whatever code and key it holds. Staff record a sender's request in the console.
 */
async function refuseStaff(c: Context<AppEnv>) {
  const { database, clock } = c.var.deps;
  const bearer = c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const cookie = getCookie(c, SESSION_COOKIE);
  const staff =
    (bearer && (await resolveApiToken(database.db, bearer, clock.now()))) ||
    (cookie && (await resolveSession(database.db, cookie, clock.now())));
  if (staff) throw new AppError("staff_session_not_citizen", 403);
}

/**
 * The case the sender names by its code and proves theirs by the key (`X-Citizen-Key`). A wrong or
 * missing key answers the same 404 as an unknown code: whether the code exists is not revealed.
 */
async function byCode(c: Context<AppEnv>) {
  await countLookup(c);
  await refuseStaff(c);
  const parsed = ZCode.safeParse({ code: c.req.param("code")!.toUpperCase() });
  if (!parsed.success) throw notFound("petition_not_found");
  const p = await c.var.deps.database.db
    .selectFrom("petition")
    .selectAll()
    .where("tracking_code", "=", parsed.data.code)
    .executeTakeFirst();
  if (!p || !holdsCitizenKey(p, c.req.header(CITIZEN_KEY_HEADER))) throw notFound("petition_not_found");
  return p;
}

/** `POST /api/public/units/{slug}/attachments`: the only request body that is not JSON. */
export const UPLOAD_PATH = /^\/api\/public\/units\/[^/]+\/attachments$/;
const UPLOAD_LIMIT = { max: 30, windowMs: 10 * 60_000 };
/** Cases are rarer than survey answers: 30 new ones per 10 minutes from one address is plenty. */
const SUBMIT_LIMIT = { max: 30, windowMs: 10 * 60_000 };

/** Looking a code up is cheap to try: a low limit per address keeps codes from being enumerated. */
const LOOKUP_LIMIT = { max: 60, windowMs: 10 * 60_000 };

const SUBMISSION_EXAMPLE = {
  submissionId: "e7a1c3d2-4b5f-4e6a-9c8d-1f2e3a4b5c6d",
  kind: "reflection",
  subject: "Ùn tắc trước cổng trường giờ đón học sinh",
  content:
    "Khoảng 16h30–17h hằng ngày, xe máy của phụ huynh dừng kín trước cổng chính, nhiều xe đỗ tràn xuống lòng đường. " +
    "Các cháu lớp 1, lớp 2 phải len giữa các xe để ra ngoài, hôm thứ Năm vừa rồi có cháu suýt bị xe va vào. " +
    "Đề nghị nhà trường bố trí bảo vệ phân luồng lúc tan học, kẻ vạch khu vực chờ cho phụ huynh và cho từng khối " +
    "ra về lệch nhau khoảng 10 phút.",
  contact: { name: "Nguyễn Thị Lan", phone: "0912 345 678", email: "lan.nguyen@example.com" },
  consentToContact: true,
  consentToPublish: true,
  attachments: ["3d6f0a2b-8c1e-4f5a-b7d9-2e4c6a8b0f13"],
};
const TRACKING_NOTE =
  "Needs the sender's key in `X-Citizen-Key` (404 `petition_not_found` without it, as for an unknown code); " +
  "a request with a staff session or API token answers 403 `staff_session_not_citizen`. Recorded in the " +
  "case's history and the audit log as the sender's act. Times are Vietnam time (`+07:00`). The body is " +
  "the case's tracking view, as from `GET /api/public/petitions/{code}`. Each call counts towards the same " +
  "look-up limit as that route (60 per 10 minutes per address).";

export const publicPetitionRoutes = new Hono<AppEnv>()
  .get(
    "/units/:unitSlug",
    describe({
      summary: "A unit's public name and the kinds of message its form takes",
      description: "An unknown or archived unit answers 404 `unit_not_found`.",
      responses: { 200: ZPublicUnit },
    }),
    validate("param", ZSlug),
    async (c) => {
      const unit = await c.var.deps.database.db
        .selectFrom("unit")
        .select(["slug", "name", "kind"])
        .where("slug", "=", c.req.valid("param").unitSlug)
        .where("archived_at", "is", null)
        .executeTakeFirst();
      if (!unit) throw notFound("unit_not_found");
      return c.json({ slug: unit.slug, name: unit.name, kind: unit.kind, petitionKinds: PETITION_KINDS });
    },
  )
  // Questions and answers the unit published (redacted, with the sender's consent).
  .get(
    "/units/:unitSlug/answers",
    describe({
      summary: "Questions and answers the unit has published",
      description:
        "Only cases whose sender consented to publication, as redacted by staff (never a denunciation), " +
        "newest first, at most 200. Dates are days in Vietnam time (`YYYY-MM-DD`), never the hour: at a " +
        "small unit the hour of a case can point at a person. Cached for 5 minutes.",
      responses: { 200: ZPublishedAnswers },
    }),
    validate("param", ZSlug),
    async (c) => {
      const db = c.var.deps.database.db;
      const unit = await db
        .selectFrom("unit")
        .select(["id", "name"])
        .where("slug", "=", c.req.valid("param").unitSlug)
        .where("archived_at", "is", null)
        .executeTakeFirst();
      if (!unit) throw notFound("unit_not_found");
      const rows = await db
        .selectFrom("petition")
        .select(["kind", "published_question", "published_answer", "published_at", "answered_at"])
        .where("unit_id", "=", unit.id)
        .where("kind", "!=", "denunciation")
        .where("published_at", "is not", null)
        .orderBy("published_at", "desc")
        .limit(200)
        .execute();
      c.header("Cache-Control", "public, max-age=300");
      return c.json({
        unit: { name: unit.name },
        items: rows.map((r) => ({
          kind: r.kind,
          question: r.published_question,
          answer: r.published_answer,
          answeredAt: r.answered_at ? vnDay(r.answered_at) : null,
          publishedAt: vnDay(r.published_at!),
        })),
      });
    },
  )
  // A file for a case, sent before the case itself: raw bytes, type checked from the content.
  .post(
    "/units/:unitSlug/attachments",
    describe({
      summary: "Upload a file for a case before sending the case",
      description:
        "The request body is the file's raw bytes (not multipart); its type is recognised from the content, " +
        "whatever the name or `Content-Type` say: JPEG, PNG or PDF (415 `attachment_type` otherwise), at " +
        "most 10 MB (413), not empty (422). Name the file in the `name` query parameter. Send the returned " +
        "`id` in the case's `attachments`; files no case claims are deleted after a day. 30 uploads per " +
        "10 minutes per address (429 with `Retry-After`).",
      requestBody: {
        contentType: "application/octet-stream",
        description: "The file itself (JPEG, PNG or PDF, at most 10 MB); any Content-Type is accepted",
        schema: { type: "string", contentMediaType: "application/octet-stream" },
      },
      query: z.object({
        name: z
          .string()
          .optional()
          .meta({ description: "The file's name as the person chose it (cleaned, at most 100 characters)" }),
      }),
      responses: { 201: ZStoredAttachment },
    }),
    validate("param", ZSlug),
    bodyLimit({
      maxSize: MAX_ATTACHMENT_BYTES,
      onError: () => {
        throw new AppError("attachment_too_large", 413);
      },
    }),
    async (c) => {
      const { database, clock } = c.var.deps;
      const unit = await database.db
        .selectFrom("unit")
        .select("id")
        .where("slug", "=", c.req.valid("param").unitSlug)
        .where("archived_at", "is", null)
        .executeTakeFirst();
      if (!unit) throw notFound("unit_not_found");
      await limitAddress(c, "upload", UPLOAD_LIMIT, "too_many_uploads");
      const data = Buffer.from(await c.req.arrayBuffer());
      const stored = await storeAttachment(database.db, {
        unitId: unit.id,
        data,
        filename: c.req.query("name"),
        by: "citizen",
        now: clock.now(),
      });
      return c.json(stored, 201);
    },
  )
  .post(
    "/units/:unitSlug/petitions",
    describe({
      summary: "Send a reflection, recommendation, suggestion, question, complaint or denunciation to a unit",
      description:
        "Registered once per `submissionId`: a retry after a lost confirmation answers 200 with the first " +
        "registration (409 `submission_conflict` if that id was used for another unit). A denunciation needs " +
        "the sender's name and a phone or email and is never published; `consentToContact` needs a phone or " +
        "email. `attachments` are ids from the upload route of the same unit, not yet used by a case (at " +
        "most 5). `website` is a honeypot and must stay empty (400). 30 new cases per 10 minutes per address " +
        "(429 with `Retry-After`). Deadlines follow the law for the kind, or the unit's shorter ones, counted " +
        "on its working-day calendar; times are Vietnam time (`+07:00`). The answer holds the sender's secret " +
        "`citizenKey`, shown this once (only its hash is kept): following, rating, reopening and withdrawing " +
        "need it. A retry of a registered submission answers with a new key (the earlier one stops working). A " +
        "contact email receives the code and key. Contact details reach only staff allowed to see them, " +
        "never the tracking page.",
      responses: {
        201: { description: "Registered; keep the tracking code and the key", schema: ZSubmitted },
        200: { description: "Already registered under this submission id: a new key", schema: ZSubmitted },
      },
      requestExample: SUBMISSION_EXAMPLE,
    }),
    validate("param", ZSlug),
    validate("json", ZSubmission),
    async (c) => {
      const input = c.req.valid("json");
      if (input.website && input.website.trim() !== "") {
        throw new AppError("spam_suspected", 400, {
          fields: [{ field: "website", message: "field_invalid" }],
        });
      }
      checkPetitionRules(input);
      const { database } = c.var.deps;
      // New cases from one address are limited (a retry of a case already received is not counted).
      const seen = await database.db
        .selectFrom("petition")
        .select("id")
        .where("submission_id", "=", input.submissionId)
        .executeTakeFirst();
      if (!seen) {
        await limitAddress(c, "petition-ip", SUBMIT_LIMIT, "too_many_submissions");
      }
      const result = await submitPetition(c.var.deps, c.req.valid("param").unitSlug, input);
      return c.json(result.body, result.created ? 201 : 200);
    },
  )
  .get(
    "/petitions/:code",
    describe({
      summary: "Follow a case by its tracking code and the sender's key",
      description:
        "Needs the key handed to the sender in the `X-Citizen-Key` header (10 characters; case, spaces and " +
        "dashes ignored); a wrong or missing key answers the same 404 as " +
        "an unknown code. Cases registered before keys existed open with the code alone. A request with a " +
        "staff session or API token answers 403 `staff_session_not_citizen`: staff read cases in the console. " +
        "Never shows the sender's name or contact, the subject, the text, the files, staff's internal notes " +
        "or which staff member acted. The code is case-insensitive. 60 look-ups per 10 minutes per address " +
        "(429 with `Retry-After`). Times are Vietnam time (`+07:00`).",
      responses: { 200: ZTracking },
    }),
    async (c) => {
      const p = await byCode(c);
      c.header("Cache-Control", "no-store");
      return c.json(await trackPetition(c.var.deps, p.tracking_code));
    },
  )
  // The citizen rates the answer: it feeds the "feedback handling" element of the index.
  .post(
    "/petitions/:code/rating",
    describe({
      summary: "Rate the unit's answer to a case",
      description:
        "Only once the case is answered or closed (409 `not_answered_yet` otherwise); `reason` is required " +
        "when not satisfied. A new rating replaces the earlier one. It feeds the feedback element of the " +
        `unit's figures. ${TRACKING_NOTE}`,
      responses: { 200: ZTracking },
      requestExample: { rating: "not_satisfied", reason: "not_resolved" },
    }),
    validate("json", ZRating),
    async (c) => {
      const { database, clock } = c.var.deps;
      const input = c.req.valid("json");
      if (input.rating === "not_satisfied" && !input.reason)
        throw validationFailed([{ field: "reason", message: "field_required" }]);
      const p = await byCode(c);
      if (p.state !== "answered" && p.state !== "closed") throw new AppError("not_answered_yet", 409);
      const now = clock.now();
      await database.db.transaction().execute(async (trx) => {
        await trx
          .updateTable("petition")
          .set({ rating: input.rating, rating_reason: input.reason ?? null, rated_at: now, updated_at: now })
          .where("id", "=", p.id)
          .execute();
        await trx
          .insertInto("petition_event")
          .values({ petition_id: p.id, at: now, actor: "citizen", event: "rate", public: true, note: null })
          .execute();
        await auditCitizen(trx, c, p, "rate", { rating: input.rating, reason: input.reason ?? null });
      });
      return c.json(await trackPetition(c.var.deps, p.tracking_code));
    },
  )
  .post(
    "/petitions/:code/reopen",
    describe({
      summary: "Say the answer did not resolve the case, and reopen it",
      description:
        "From `answered` or `closed`, within 30 days of the answer (409 otherwise); `reason` is required. " +
        "The case gets a new answer deadline and its earlier rating is cleared. The reason is kept as a note " +
        `for staff only: the tracking page does not show it. ${TRACKING_NOTE}`,
      responses: { 200: ZTracking },
      requestExample: {
        reason:
          "Nhà trường trả lời đã bố trí bảo vệ ở cổng, nhưng hai tuần nay giờ tan học vẫn không có ai phân luồng, xe vẫn đỗ tràn ra đường.",
      },
    }),
    validate("json", ZCitizenMove),
    async (c) => citizenMove(c, "reopen", c.req.valid("json")),
  )
  .post(
    "/petitions/:code/withdraw",
    describe({
      summary: "Withdraw a case that is still open",
      description:
        "Allowed while the case is open or waiting for information from the sender (409 otherwise). The " +
        `optional reason is kept as a note for staff only: the tracking page does not show it. ${TRACKING_NOTE}`,
      responses: { 200: ZTracking },
      requestExample: {
        reason:
          "Sau buổi họp phụ huynh, nhà trường đã thống nhất cách đón trả học sinh nên tôi xin rút phản ánh.",
      },
    }),
    validate("json", ZCitizenMove),
    async (c) => citizenMove(c, "withdraw", c.req.valid("json")),
  );

async function citizenMove(c: Context<AppEnv>, event: "reopen" | "withdraw", input: { reason?: string }) {
  const { database, clock, config } = c.var.deps;
  if (event === "reopen" && !input.reason?.trim())
    throw validationFailed([{ field: "reason", message: "field_required" }]);
  const p = await byCode(c);
  const now = clock.now();
  await database.db.transaction().execute(async (trx) => {
    const next = await applyTransition(
      trx,
      p,
      { event },
      { actor: "citizen", actorUserId: null, now, publicBaseUrl: config.publicBaseUrl },
    );
    await auditCitizen(trx, c, p, event, { state: next.state });
    // The citizen's words may name people: staff read them, the tracking page does not show them.
    if (input.reason?.trim()) {
      await trx
        .insertInto("petition_event")
        .values({
          petition_id: p.id,
          at: now,
          actor: "citizen",
          event: "note",
          public: false,
          note: input.reason.trim(),
        })
        .execute();
    }
  });
  return c.json(await trackPetition(c.var.deps, p.tracking_code));
}

/**
 * The audit log names who did each change to a case: here the sender, holding its key (no staff
 * account). Their own words stay in the case history, not in the log.
 */
async function auditCitizen(
  trx: Parameters<typeof writeAudit>[0],
  c: Context<AppEnv>,
  p: { id: string; unit_id: string; state: string },
  event: "rate" | "reopen" | "withdraw",
  after: Record<string, unknown>,
) {
  await writeAudit(trx, c, {
    action: `petition.citizen_${event}`,
    unitId: p.unit_id,
    targetType: "petition",
    targetId: p.id,
    summary: { actor: "citizen", before: { state: p.state }, after },
  });
}
