import { Hono } from "hono";
import type { AppEnv } from "../http/types.ts";

export const healthRoutes = new Hono<AppEnv>().get("/healthz", async (c) => {
  try {
    await c.var.deps.database.ping(2000);
    return c.json({ status: "ok" }, 200, { "Cache-Control": "no-store" });
  } catch {
    return c.json({ status: "unavailable" }, 503, { "Cache-Control": "no-store", "Retry-After": "5" });
  }
});
