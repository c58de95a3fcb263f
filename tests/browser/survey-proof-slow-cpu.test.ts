import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

const THANKS = "Cảm ơn bạn đã tham gia khảo sát!";
/** Chromium's CPU throttling: a cheap phone is about six times slower than a developer machine. */
const CPU_SLOWDOWN = 6;
/** How long a parent spends on one screen in this test: reading and ticking a few answers. */
const SECONDS_PER_SCREEN = 1.5;
/** What the parent may wait between pressing "Gửi phiếu" and seeing the receipt. */
const RECEIPT_WITHIN_MS = 2000;

/**
 * Every new answer pays a proof of work. On a slow phone the page solves it while the parent
 * answers, so pressing "Gửi phiếu" brings the receipt at once instead of a wait for the check.
 */
describe.skipIf(!chromiumPath)("the proof of work on a slow phone", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    // As in production: no answer is free, every one needs a solved proof of work.
    server.config.surveyLimits.perIp = 0;
    server.config.surveyLimits.perLink = 0;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Like a person: a moment on each screen, every question answered, then on to the next. */
  async function answerLikeAPerson(page: Page): Promise<void> {
    for (let screen = 0; screen < 20; screen++) {
      await page.waitForTimeout(SECONDS_PER_SCREEN * 1000);
      for (const group of await page.getByRole("radiogroup").all()) {
        await group.getByRole("radio", { name: "Hài lòng", exact: true }).check();
      }
      if (await page.getByRole("button", { name: "Gửi phiếu" }).isVisible()) return;
      await page.getByRole("button", { name: "Tiếp tục" }).click();
    }
    throw new Error("never reached the submit button");
  }

  it(`at ${CPU_SLOWDOWN}× CPU slowdown the receipt follows "Gửi phiếu" within ${RECEIPT_WITHIN_MS} ms`, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      const cdp = await context.newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
      const sent: { status: number; body: { altcha?: string } }[] = [];
      const challenges: { maxnumber: number }[] = [];
      page.on("response", async (r) => {
        if (r.url().endsWith("/responses"))
          sent.push({ status: r.status(), body: r.request().postDataJSON() });
        if (r.url().endsWith("/challenge")) challenges.push((await r.json()).challenge);
      });

      await page.goto(`${server.baseUrl}/s/${server.demoCode}`);
      await page.getByText("Phần 1/6", { exact: true }).waitFor();
      const openedAt = Date.now();
      await answerLikeAPerson(page);
      const answering = Date.now() - openedAt;

      const pressed = Date.now();
      await page.getByRole("button", { name: "Gửi phiếu" }).click();
      await page.getByRole("heading", { name: THANKS }).waitFor({ timeout: 60_000 });
      const waited = Date.now() - pressed;

      const solveMs = await page.evaluate(
        () => performance.getEntriesByName("gopy:proof-of-work")[0]?.duration ?? null,
      );
      const payload = JSON.parse(Buffer.from(sent[0]?.body.altcha ?? "", "base64").toString() || "{}") as {
        number?: number;
      };
      const maxnumber = challenges[0]?.maxnumber ?? 0;
      const rate = solveMs && payload.number ? payload.number / (solveMs / 1000) : null;
      console.log(
        `[proof] ${CPU_SLOWDOWN}× CPU slowdown, difficulty ${maxnumber}: solved in the background in ` +
          `${solveMs === null ? "?" : Math.round(solveMs)} ms (number ${payload.number ?? "?"}, ` +
          `${rate === null ? "?" : Math.round(rate)} hashes/s, so ${
            rate === null ? "?" : (maxnumber / rate).toFixed(1)
          } s at worst for the whole range); the parent answered for ${(answering / 1000).toFixed(1)} s ` +
          `and waited ${waited} ms after pressing "Gửi phiếu"`,
      );

      // One exchange, already carrying the solution: no 428, no check after pressing send.
      expect(sent.map((s) => s.status)).toEqual([201]);
      expect(payload.number).toEqual(expect.any(Number));
      expect(challenges).toHaveLength(1);
      expect(solveMs).not.toBeNull();
      expect(waited).toBeLessThan(RECEIPT_WITHIN_MS);
      const rows = await server.database.db.selectFrom("survey_response").select("receipt").execute();
      expect(rows).toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
