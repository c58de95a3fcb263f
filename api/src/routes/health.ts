import { Hono } from "hono";
import { z } from "zod";
import { describe } from "../http/openapi.ts";
import type { AppEnv } from "../http/types.ts";

export const healthRoutes = new Hono<AppEnv>().get(
  "/healthz",
  describe({
    summary: "Whether the service and its database answer",
    tags: ["Health"],
    responses: {
      200: z.strictObject({ status: z.literal("ok") }),
      503: {
        description: "The database does not answer (within 2 s)",
        schema: z.strictObject({ status: z.literal("unavailable") }),
        headers: { "Retry-After": "Seconds to wait before asking again" },
      },
    },
  }),
  async (c) => {
    try {
      await c.var.deps.database.ping(2000);
      return c.json({ status: "ok" }, 200, { "Cache-Control": "no-store" });
    } catch {
      return c.json({ status: "unavailable" }, 503, { "Cache-Control": "no-store", "Retry-After": "5" });
    }
  },
);
