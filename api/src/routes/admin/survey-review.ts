import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { writeAudit } from "../../audit.ts";
import { notFound } from "../../errors.ts";
import { describe, ZTimestamp } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { authorize, type UnitOf, UUID } from "../../middleware/authorize.ts";
import { unitOfSurvey } from "../../surveys/manage.ts";
import { decideHeld, heldBursts } from "../../surveys/review.ts";

/** The unit of the survey in the path: the one authorisation check then applies as for units. */
const surveyParam: UnitOf = (c) => {
  const id = c.req.param("surveyId");
  return id && UUID.test(id) ? unitOfSurvey(c.var.deps.database.db, id.toLowerCase()) : undefined;
};
const surveyId = (c: Context<AppEnv>) => c.req.param("surveyId")!.toLowerCase();

const ZReason = z.enum(["address", "network", "pattern"]);
const ZAnswers = z.record(z.string(), z.unknown());
const ZHeldAnswer = z.strictObject({
  id: z.number().int(),
  receipt: z.string(),
  linkId: z.uuid(),
  channel: z.string(),
  submittedAt: ZTimestamp,
  addressHash: z.string().meta({ description: "First characters of the keyed hash of the address" }),
  network: z.string().meta({ description: "`a.b.c.0/24`, an IPv6 /48, or `unknown`" }),
  pattern: z.string().meta({ description: "First characters of the hash of the answer set" }),
  answers: ZAnswers,
});
const ZHeldBurst = z.strictObject({
  id: z.string(),
  reason: ZReason,
  source: z.string(),
  firstAt: ZTimestamp,
  lastAt: ZTimestamp,
  count: z.number().int(),
  addresses: z.array(z.string()),
  networks: z.array(z.string()),
  repeated: z.strictObject({ answers: ZAnswers, count: z.number().int() }),
  items: z.array(ZHeldAnswer),
});
const ZHeldList = z.strictObject({ bursts: z.array(ZHeldBurst), held: z.number().int() });
const ZDecision = z.strictObject({
  decision: z.enum(["include", "discard"]),
  ids: z.array(z.number().int().positive()).min(1).max(1000),
});
const ZDecided = z.strictObject({
  decision: z.enum(["include", "discard"]),
  decided: z.array(z.strictObject({ id: z.number().int(), receipt: z.string() })),
});

/** Answers held for review because they arrived in a burst, and the staff's decisions on them. */
export const adminSurveyReviewRoutes = new Hono<AppEnv>()
  .get(
    "/:surveyId/held",
    describe({
      summary: "Answers held for review, grouped by burst",
      description:
        "Needs `surveys.manage`. Answers that arrived in a burst (many from one address or one network, " +
        "or the same answers many times, within 10 minutes) are held out of every count until a person " +
        "includes them. Each burst shows its reason, its time span and size, the address hash prefixes " +
        "and networks it came from (never an address), the most repeated answer set, and the answers.",
      responses: { 200: ZHeldList },
    }),
    authorize("surveys.manage", surveyParam),
    async (c) => {
      const bursts = await heldBursts(c.var.deps.database.db, surveyId(c));
      c.header("Cache-Control", "no-store");
      return c.json({ bursts, held: bursts.reduce((n, b) => n + b.count, 0) });
    },
  )
  .post(
    "/:surveyId/held/decisions",
    describe({
      summary: "Include held answers in the counts, or discard them",
      description:
        "Needs `surveys.manage`. `include` counts the answers from the day they were sent (the days' " +
        "figures are recounted); `discard` keeps them out for good. Only answers of this survey still " +
        "held are decided; 404 `held_not_found` when none of `ids` is. Audited with who and when.",
      requestExample: { decision: "discard", ids: [41, 42, 43] },
      responses: { 200: ZDecided },
    }),
    authorize("surveys.manage", surveyParam),
    validate("json", ZDecision),
    async (c) => {
      const { decision, ids } = c.req.valid("json");
      const id = surveyId(c);
      const { database, clock } = c.var.deps;
      const decided = await database.db.transaction().execute(async (trx) => {
        const done = await decideHeld(trx, id, [...new Set(ids)], decision, {
          userId: c.var.user?.id ?? null,
          now: clock.now(),
        });
        if (done.length === 0) throw notFound("held_not_found");
        const survey = await trx
          .selectFrom("survey")
          .select("unit_id")
          .where("id", "=", id)
          .executeTakeFirstOrThrow();
        await writeAudit(trx, c, {
          action: decision === "include" ? "survey.held_included" : "survey.held_discarded",
          unitId: survey.unit_id,
          targetType: "survey",
          targetId: id,
          summary: { count: done.length, ids: done.map((d) => d.id), receipts: done.map((d) => d.receipt) },
        });
        return done;
      });
      return c.json({ decision, decided });
    },
  );
