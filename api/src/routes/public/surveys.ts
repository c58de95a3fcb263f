import { Hono } from "hono";
import { z } from "zod";
import { notFound } from "../../errors.ts";
import { clientIp } from "../../http/client-ip.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { qrPng, qrSvg, surveyUrl } from "../../surveys/qr.ts";
import { findLinkByCode } from "../../surveys/repository.ts";
import {
  editDeviceResponse,
  getDeviceResponse,
  getPublicSurvey,
  submitResponse,
} from "../../surveys/service.ts";

const ZCodeParam = z.object({ code: z.string().regex(/^[a-z0-9]{4,32}$/) });
const ZDeviceToken = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/);
const ZAnswers = z.record(z.string().max(64), z.unknown());
const ZSubmission = z.strictObject({
  submissionId: z.uuid(),
  answers: ZAnswers,
  deviceToken: ZDeviceToken.optional(),
  website: z.string().max(500).optional(),
  altcha: z.string().max(2000).optional(),
});
const ZEdit = z.strictObject({
  submissionId: z.uuid(),
  deviceToken: ZDeviceToken,
  answers: ZAnswers,
  website: z.string().max(500).optional(),
});
const ZDeviceHeader = z.object({ "x-device-token": ZDeviceToken });

const pngCache = new WeakMap<object, Map<string, Buffer>>();

export const publicSurveyRoutes = new Hono<AppEnv>()
  .get("/:code", validate("param", ZCodeParam), async (c) => {
    const survey = await getPublicSurvey(c.var.deps, c.req.valid("param").code);
    c.header("Cache-Control", "no-store");
    return c.json(survey);
  })
  .post("/:code/responses", validate("param", ZCodeParam), validate("json", ZSubmission), async (c) => {
    const result = await submitResponse(c.var.deps, c.req.valid("param").code, c.req.valid("json"), {
      ip: clientIp(c),
    });
    return c.json({ receipt: result.receipt }, result.created ? 201 : 200);
  })
  .put("/:code/responses", validate("param", ZCodeParam), validate("json", ZEdit), async (c) => {
    const { deviceToken, answers } = c.req.valid("json");
    const result = await editDeviceResponse(c.var.deps, c.req.valid("param").code, { deviceToken, answers });
    return c.json(result);
  })
  .get(
    "/:code/responses/mine",
    validate("param", ZCodeParam),
    validate("header", ZDeviceHeader),
    async (c) => {
      const mine = await getDeviceResponse(
        c.var.deps,
        c.req.valid("param").code,
        c.req.valid("header")["x-device-token"],
      );
      c.header("Cache-Control", "no-store");
      return c.json(mine);
    },
  )
  .get("/:code/qr.svg", validate("param", ZCodeParam), async (c) => {
    const { code } = c.req.valid("param");
    const { database, config } = c.var.deps;
    if (!(await findLinkByCode(database.db, code))) throw notFound("link_not_found");
    c.header("Content-Type", "image/svg+xml");
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(await qrSvg(surveyUrl(config.publicBaseUrl, code)));
  })
  .get("/:code/qr.png", validate("param", ZCodeParam), async (c) => {
    const { code } = c.req.valid("param");
    const deps = c.var.deps;
    if (!(await findLinkByCode(deps.database.db, code))) throw notFound("link_not_found");
    const cache = pngCache.get(deps) ?? new Map<string, Buffer>();
    pngCache.set(deps, cache);
    let png = cache.get(code);
    if (!png) {
      png = await qrPng(surveyUrl(deps.config.publicBaseUrl, code));
      if (cache.size > 1000) cache.clear();
      cache.set(code, png);
    }
    c.header("Content-Type", "image/png");
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(new Uint8Array(png));
  });
