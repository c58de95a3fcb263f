import { Hono } from "hono";
import { z } from "zod";
import { notFound } from "../../errors.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { qrPng, qrSvg, surveyUrl } from "../../surveys/qr.ts";
import { findLinkByCode } from "../../surveys/repository.ts";
import { getPublicSurvey, submitResponse } from "../../surveys/service.ts";

const ZCodeParam = z.object({ code: z.string().regex(/^[a-z0-9]{4,32}$/) });
const ZSubmission = z.strictObject({
  submissionId: z.uuid(),
  answers: z.record(z.string().max(64), z.unknown()),
});

const pngCache = new WeakMap<object, Map<string, Buffer>>();

export const publicSurveyRoutes = new Hono<AppEnv>()
  .get("/:code", validate("param", ZCodeParam), async (c) => {
    const survey = await getPublicSurvey(c.var.deps, c.req.valid("param").code);
    c.header("Cache-Control", "no-store");
    return c.json(survey);
  })
  .post("/:code/responses", validate("param", ZCodeParam), validate("json", ZSubmission), async (c) => {
    const result = await submitResponse(c.var.deps, c.req.valid("param").code, c.req.valid("json"));
    return c.json({ receipt: result.receipt }, result.created ? 201 : 200);
  })
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
