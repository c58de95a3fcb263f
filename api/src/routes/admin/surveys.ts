import { Hono } from "hono";
import type { AppEnv } from "../../http/types.ts";
import { authorize } from "../../middleware/authorize.ts";
import { campaignState } from "../../surveys/campaign.ts";
import { listSurveys } from "../../surveys/repository.ts";

export const adminSurveyRoutes = new Hono<AppEnv>().get("/", authorize("surveys.read"), async (c) => {
  const { database, clock, config } = c.var.deps;
  const surveys = await listSurveys(database.db, c.var.access.unitsWhere("surveys.read"));
  const now = clock.now();
  return c.json({
    items: surveys.map((s) => {
      const responseCount = s.links.reduce((sum, l) => sum + l.responseCount, 0);
      const state = s.currentVersionId === null ? "draft" : campaignState(s, now, responseCount);
      return {
        id: s.id,
        title: s.title,
        unit: { id: s.unitId, slug: s.unitSlug, name: s.unitName },
        status: state === "draft" ? "draft" : state === "open" ? "open" : "closed",
        opensAt: s.opensAt,
        closesAt: s.closesAt,
        responseCount,
        links: s.links.map((l) => ({
          code: l.code,
          channel: l.channel,
          url: `${config.publicBaseUrl}/s/${l.code}`,
          responseCount: l.responseCount,
          qrSvgUrl: `/api/public/s/${l.code}/qr.svg`,
        })),
      };
    }),
  });
});
