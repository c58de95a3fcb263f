import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "../support/app.ts";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

describe.skipIf(!chromiumPath)("a parent answers the QR survey and the staff console counts it", () => {
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

  /** On each screen, answer every 5-level question with "Hài lòng", then go on until "Gửi phiếu". */
  async function answerAllScreens(page: Page) {
    for (let screen = 0; screen < 20; screen++) {
      const satisfied = page.getByRole("radio", { name: "Hài lòng", exact: true });
      for (const radio of await satisfied.all()) await radio.check();
      const submit = page.getByRole("button", { name: "Gửi phiếu" });
      if (await submit.isVisible()) {
        await submit.click();
        return;
      }
      await page.getByRole("button", { name: "Tiếp tục" }).click();
    }
    throw new Error("never reached the submit button");
  }

  it("on a phone-sized screen, in Vietnamese, then in the console", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));

    await page.goto(`${server.baseUrl}/s/${server.demoCode}`);
    await expect.poll(() => page.getByText("Trường Tiểu học Demo").first().isVisible()).toBe(true);
    await answerAllScreens(page);
    await page.getByRole("heading", { name: "Cảm ơn bạn đã tham gia khảo sát!" }).waitFor();
    const receipt = (await page.getByTestId("receipt").textContent()) ?? "";
    expect(receipt).toMatch(/R-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/);

    const stored = await server.database.db.selectFrom("survey_response").selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(receipt).toContain(stored[0]!.receipt);
    expect(stored[0]!.answers).toMatchObject({ access_place: 4, overall_satisfaction: 4 });

    const admin = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "vi-VN" });
    const console = await admin.newPage();
    await console.goto(`${server.baseUrl}/admin/`);
    await console.getByLabel("Email").fill(ADMIN_EMAIL);
    await console.getByLabel("Mật khẩu").fill(ADMIN_PASSWORD);
    await console.getByRole("button", { name: "Đăng nhập" }).click();
    const count = console.getByTestId("response-count").first();
    await count.waitFor();
    expect((await count.textContent())?.trim()).toBe("1");
    expect(consoleErrors).toEqual([]);
    await context.close();
    await admin.close();
  });
});
