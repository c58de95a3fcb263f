import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kib, SURVEY_JS_GZIP_BYTES } from "../budgets.ts";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

/**
 * The survey page's JavaScript budget (tests/budgets.ts), measured on what a phone's browser
 * actually downloads for `/s/{code}` until the first screen is usable and the network is quiet:
 * every script response, its decoded body compressed with gzip -9 as the server sends it.
 */
describe.skipIf(!chromiumPath)("performance budgets", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(`the survey page downloads at most ${SURVEY_JS_GZIP_BYTES / 1024} KiB of JavaScript, gzip`, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    try {
      const page = await context.newPage();
      const pending: Promise<{ path: string; gzip: number; wire: number }>[] = [];
      page.on("response", (response) => {
        const type = response.headers()["content-type"] ?? "";
        if (response.request().resourceType() !== "script" && !/javascript/.test(type)) return;
        pending.push(
          (async () => {
            const body = await response.body();
            const sizes = await response.request().sizes();
            return {
              path: new URL(response.url()).pathname,
              gzip: gzipSync(body, { level: 9 }).length,
              wire: sizes.responseBodySize,
            };
          })(),
        );
      });
      await page.goto(`${server.baseUrl}/s/${server.demoCode}`);
      await page.getByText("Phần 1/6", { exact: true }).waitFor();
      await page.waitForLoadState("networkidle");
      const scripts = await Promise.all(pending);

      const total = scripts.reduce((sum, s) => sum + s.gzip, 0);
      const wire = scripts.reduce((sum, s) => sum + s.wire, 0);
      for (const s of scripts) console.log(`[budget]   ${s.path}: ${kib(s.gzip)} gzip`);
      console.log(
        `[budget] survey page JS: ${kib(total)} gzip in ${scripts.length} file(s) ` +
          `(budget ${kib(SURVEY_JS_GZIP_BYTES)}); ${kib(wire)} on the wire`,
      );
      // Not vacuous: the page's entry script was seen.
      expect(scripts.some((s) => /^\/assets\/index-[\w-]+\.js$/.test(s.path))).toBe(true);
      expect(total, `survey page JS gzip bytes (budget ${SURVEY_JS_GZIP_BYTES})`).toBeLessThanOrEqual(
        SURVEY_JS_GZIP_BYTES,
      );
    } finally {
      await context.close();
    }
  });
});
