import { Hono } from "hono";
import { z } from "zod";
import { writeAudit } from "../../audit.ts";
import { type FieldIssue, validationFailed } from "../../errors.ts";
import { describe } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { authorize, unitParam } from "../../middleware/authorize.ts";
import { LEGAL_RULES, PETITION_KINDS } from "../../petitions/deadlines.ts";
import { TARGETS } from "../../petitions/figures.ts";
import { loadPetitionSettings } from "../../petitions/repository.ts";
import { ZTargetValues } from "./petitions.schemas.ts";

const ZLimit = z.strictObject({
  days: z.number().int().min(0).max(90),
  unit: z.enum(["working", "calendar"]),
});
const ZKindRules = z.strictObject({ acknowledge: ZLimit.optional(), answer: ZLimit.optional() });
const ZShare = z.number().min(0).max(1);
const ZSettings = z.strictObject({
  rules: z.partialRecord(z.enum(PETITION_KINDS), ZKindRules).nullable(),
  targets: z
    .strictObject({
      answered: ZShare.optional(),
      onTime: ZShare.optional(),
      early: ZShare.optional(),
      satisfied: ZShare.optional(),
    })
    .nullable(),
  remoteArea: z.boolean().optional().meta({
    description:
      "The unit is in a remote area: complaints get 45 days, 60 when complex (unchanged when absent)",
  }),
});

/** The settings that apply: the unit's own, else the nearest unit's above it, else none (`{}`). */
const ZEffectiveSettings = z.strictObject({
  rules: z
    .partialRecord(z.enum(PETITION_KINDS), ZKindRules)
    .meta({ description: "Shortened time limits per kind; a kind or step not listed follows the law" }),
  targets: ZTargetValues.partial().meta({
    description: "Dashboard targets set; the others are the defaults",
  }),
  remoteArea: z.boolean().meta({ description: "The unit itself is in a remote area (vùng sâu, vùng xa)" }),
});

/**
 * A unit's petition settings: time limits it shortens (never lengthens: the law's are the maximum)
 * and its dashboard targets. Units below inherit them unless they set their own.
 */
export const adminPetitionSettingsRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      summary: "The petition time limits and dashboard targets that apply to a unit",
      description:
        "The unit's own settings, else those inherited from the nearest unit above it that has some, with " +
        "the legal time limits (the maximum) and the default targets for comparison.",
      responses: {
        200: ZEffectiveSettings.extend({
          legal: z
            .record(z.enum(PETITION_KINDS), z.strictObject({ acknowledge: ZLimit, answer: ZLimit }))
            .meta({ description: "The time limits set by law" }),
          defaultTargets: ZTargetValues,
        }),
      },
    }),
    authorize("petitions.stats", unitParam),
    async (c) => {
      const settings = await loadPetitionSettings(
        c.var.deps.database.db,
        c.req.param("unitId")!.toLowerCase(),
      );
      return c.json({ ...settings, legal: LEGAL_RULES, defaultTargets: TARGETS });
    },
  )
  .put(
    "/",
    describe({
      summary: "Set a unit's own petition time limits and dashboard targets",
      description:
        "Needs `units.manage`. Limits may only be shorter than the law's, counted the same way (else 422 " +
        "naming the limit); `null` drops the unit's own rules or targets so it inherits again. Units below " +
        "inherit these unless they set their own. Deadlines already set are not recomputed. Answers " +
        "the settings that now apply.",
      requestExample: {
        rules: {
          reflection: { answer: { days: 7, unit: "working" } },
          question: { answer: { days: 5, unit: "working" } },
        },
        targets: { early: 0.6, satisfied: 0.9 },
      },
      responses: { 200: ZEffectiveSettings },
    }),
    authorize("units.manage", unitParam),
    validate("json", ZSettings),
    async (c) => {
      const unitId = c.req.param("unitId")!.toLowerCase();
      const input = c.req.valid("json");
      const issues: FieldIssue[] = [];
      for (const [kind, rules] of Object.entries(input.rules ?? {})) {
        const legal = LEGAL_RULES[kind as keyof typeof LEGAL_RULES];
        for (const step of ["acknowledge", "answer"] as const) {
          const own = rules?.[step];
          if (!own) continue;
          if (own.unit !== legal[step].unit || own.days > legal[step].days) {
            issues.push({
              field: `rules.${kind}.${step}`,
              message: "limit_longer_than_law",
              params: {
                days: legal[step].days,
                unitVi: legal[step].unit === "working" ? "ngày làm việc" : "ngày",
                unitEn: legal[step].unit === "working" ? "working days" : "days",
              },
            });
          }
        }
      }
      if (issues.length > 0) throw validationFailed(issues);
      await c.var.deps.database.db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom("unit")
          .select(["petition_rules", "petition_targets", "remote_area"])
          .where("id", "=", unitId)
          .executeTakeFirstOrThrow();
        await trx
          .updateTable("unit")
          .set({
            petition_rules: input.rules === null ? null : JSON.stringify(input.rules),
            petition_targets: input.targets === null ? null : JSON.stringify(input.targets),
            ...(input.remoteArea !== undefined && { remote_area: input.remoteArea }),
          })
          .where("id", "=", unitId)
          .execute();
        await writeAudit(trx, c, {
          action: "unit.petition_settings",
          unitId,
          targetType: "unit",
          targetId: unitId,
          summary: {
            before: {
              rules: before.petition_rules,
              targets: before.petition_targets,
              remoteArea: before.remote_area,
            },
            after: input,
          },
        });
      });
      return c.json(await loadPetitionSettings(c.var.deps.database.db, unitId));
    },
  );
