import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createTestApp, type TestApp } from "./app.ts";

export interface RunningServer extends TestApp {
  baseUrl: string;
  stop(): Promise<void>;
}

/** The real app listening on a free loopback port, for browser journeys. */
export async function startTestServer(): Promise<RunningServer> {
  const t = await createTestApp();
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.config.publicBaseUrl = baseUrl;
  return {
    ...t,
    baseUrl,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}
