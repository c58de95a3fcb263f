import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { AppError, notFound, validationFailed } from "../../errors.ts";
import { clientIp } from "../../http/client-ip.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, storeAttachment } from "../../petitions/attachments.ts";
import { PETITION_KINDS } from "../../petitions/deadlines.ts";
import { checkPetitionRules, submitPetition, trackPetition, vnIso } from "../../petitions/service.ts";
import { applyTransition } from "../../petitions/transitions.ts";
import { RateLimiter } from "../../rate-limit.ts";

const ZSlug = z.object({ unitSlug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/) });
const ZCode = z.object({ code: z.string().regex(/^[A-Z0-9]{1,6}-\d{4}-[2-9A-HJ-NP-Z]{6}$/) });
/** Text a person typed: NFC so that the same Vietnamese word is stored one way. */
const text = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize("NFC").trim())
    .pipe(z.string().min(1).max(max));
const ZSubmission = z.strictObject({
  submissionId: z.uuid(),
  kind: z.enum(PETITION_KINDS),
  subject: text(200),
  content: text(4000),
  contact: z
    .strictObject({
      name: z.string().max(100).optional(),
      phone: z
        .string()
        .regex(/^\+?[0-9 .-]{8,20}$/)
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
  reason: z.enum(["vague", "no_evidence", "not_resolved", "slow"]).optional(),
});
const ZCitizenMove = z.strictObject({ reason: z.string().trim().min(1).max(2000).optional() });

async function byCode(c: Context<AppEnv>) {
  const parsed = ZCode.safeParse({ code: c.req.param("code")!.toUpperCase() });
  if (!parsed.success) throw notFound("petition_not_found");
  const p = await c.var.deps.database.db
    .selectFrom("petition")
    .selectAll()
    .where("tracking_code", "=", parsed.data.code)
    .executeTakeFirst();
  if (!p) throw notFound("petition_not_found");
  return p;
}

/** `POST /api/public/units/{slug}/attachments`: the only request body that is not JSON. */
export const UPLOAD_PATH = /^\/api\/public\/units\/[^/]+\/attachments$/;
const UPLOAD_LIMIT = { max: 30, windowMs: 10 * 60_000 };
/** Cases are rarer than survey answers: 30 new ones per 10 minutes from one address is plenty. */
const SUBMIT_LIMIT = { max: 30, windowMs: 10 * 60_000 };

/** Looking a code up is cheap to try: a low limit per address keeps codes from being enumerated. */
const LOOKUP_LIMIT = { max: 60, windowMs: 10 * 60_000 };

export const publicPetitionRoutes = new Hono<AppEnv>()
  .get("/units/:unitSlug", validate("param", ZSlug), async (c) => {
    const unit = await c.var.deps.database.db
      .selectFrom("unit")
      .select(["slug", "name", "kind"])
      .where("slug", "=", c.req.valid("param").unitSlug)
      .where("archived_at", "is", null)
      .executeTakeFirst();
    if (!unit) throw notFound("unit_not_found");
    return c.json({ slug: unit.slug, name: unit.name, kind: unit.kind, petitionKinds: PETITION_KINDS });
  })
  // Questions and answers the unit published (redacted, with the sender's consent).
  .get("/units/:unitSlug/answers", validate("param", ZSlug), async (c) => {
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
        answeredAt: r.answered_at ? vnIso(r.answered_at) : null,
        publishedAt: vnIso(r.published_at!),
      })),
    });
  })
  // A file for a case, sent before the case itself: raw bytes, type checked from the content.
  .post(
    "/units/:unitSlug/attachments",
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
      const limit = await new RateLimiter(database.db).hit(
        `upload:${clientIp(c)}`,
        UPLOAD_LIMIT,
        clock.now(),
      );
      if (limit.hits > UPLOAD_LIMIT.max) {
        throw new AppError("too_many_uploads", 429, {
          params: { minutes: Math.max(1, Math.ceil(limit.retryAfterMs / 60_000)) },
          headers: { "Retry-After": String(Math.ceil(limit.retryAfterMs / 1000)) },
        });
      }
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
  .post("/units/:unitSlug/petitions", validate("param", ZSlug), validate("json", ZSubmission), async (c) => {
    const input = c.req.valid("json");
    if (input.website && input.website.trim() !== "") {
      throw new AppError("spam_suspected", 400, { fields: [{ field: "website", message: "field_invalid" }] });
    }
    checkPetitionRules(input);
    const { database, clock } = c.var.deps;
    // New cases from one address are limited (a retry of a case already received is not counted).
    const seen = await database.db
      .selectFrom("petition")
      .select("id")
      .where("submission_id", "=", input.submissionId)
      .executeTakeFirst();
    if (!seen) {
      const limit = await new RateLimiter(database.db).hit(
        `petition-ip:${clientIp(c)}`,
        SUBMIT_LIMIT,
        clock.now(),
      );
      if (limit.hits > SUBMIT_LIMIT.max) {
        throw new AppError("too_many_submissions", 429, {
          params: { minutes: Math.max(1, Math.ceil(limit.retryAfterMs / 60_000)) },
          headers: { "Retry-After": String(Math.ceil(limit.retryAfterMs / 1000)) },
        });
      }
    }
    const result = await submitPetition(c.var.deps, c.req.valid("param").unitSlug, input);
    return c.json(result.body, result.created ? 201 : 200);
  })
  .get("/petitions/:code", async (c) => {
    const { database, clock } = c.var.deps;
    const limit = await new RateLimiter(database.db).hit(`track:${clientIp(c)}`, LOOKUP_LIMIT, clock.now());
    if (limit.hits > LOOKUP_LIMIT.max) {
      const minutes = Math.max(1, Math.ceil(limit.retryAfterMs / 60_000));
      throw new AppError("too_many_lookups", 429, {
        params: { minutes },
        headers: { "Retry-After": String(Math.ceil(limit.retryAfterMs / 1000)) },
      });
    }
    const parsed = ZCode.safeParse({ code: c.req.param("code").toUpperCase() });
    if (!parsed.success) throw notFound("petition_not_found");
    c.header("Cache-Control", "no-store");
    return c.json(await trackPetition(c.var.deps, parsed.data.code));
  })
  // The citizen rates the answer: it feeds the "feedback handling" element of the index.
  .post("/petitions/:code/rating", validate("json", ZRating), async (c) => {
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
    });
    return c.json(await trackPetition(c.var.deps, p.tracking_code));
  })
  .post("/petitions/:code/reopen", validate("json", ZCitizenMove), async (c) =>
    citizenMove(c, "reopen", c.req.valid("json")),
  )
  .post("/petitions/:code/withdraw", validate("json", ZCitizenMove), async (c) =>
    citizenMove(c, "withdraw", c.req.valid("json")),
  );

async function citizenMove(c: Context<AppEnv>, event: "reopen" | "withdraw", input: { reason?: string }) {
  const { database, clock, config } = c.var.deps;
  if (event === "reopen" && !input.reason?.trim())
    throw validationFailed([{ field: "reason", message: "field_required" }]);
  const p = await byCode(c);
  const now = clock.now();
  await database.db.transaction().execute(async (trx) => {
    await applyTransition(
      trx,
      p,
      { event },
      { actor: "citizen", actorUserId: null, now, publicBaseUrl: config.publicBaseUrl },
    );
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
