import { AxeBuilder } from "@axe-core/playwright";
import { DEFAULT_SURVEY_BURSTS } from "@gopy/api/config.ts";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AXE_WCAG_TAGS } from "../budgets.ts";
import { ADMIN_EMAIL, ADMIN_PASSWORD, fullSipasAnswers } from "../support/app.ts";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

/**
 * Answers stuffed through one address are held out of the counts; the principal sees each burst
 * in the survey's results under "Chờ xem xét" with its evidence, counts one burst in (the results
 * rise) and discards another, part by part (picked answers first, then the rest).
 */
describe.skipIf(!chromiumPath)("staff review the answers held as a burst", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    // Bursts are held as in production; the address comes from the proxy header, as behind nginx.
    Object.assign(server.config.surveyBursts, DEFAULT_SURVEY_BURSTS);
    server.config.trustProxy = true;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** One address sends `count` answers, every question answered with `level`. */
  async function burst(ip: string, count: number, level: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const res = await fetch(`${server.baseUrl}/api/public/s/${server.demoCode}/responses`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-For": ip },
        body: JSON.stringify({ submissionId: crypto.randomUUID(), answers: fullSipasAnswers(level) }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
    }
  }

  const burstCard = (page: Page, network: string) =>
    page.getByTestId("held-burst").filter({ hasText: network });

  async function confirmDialog(page: Page, button: string, says: RegExp) {
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(says);
    await dialog.getByRole("button", { name: button, exact: true }).click();
    await dialog.waitFor({ state: "detached" });
  }

  it("lists each burst with its evidence, counts one in and discards the other", async () => {
    // Each address's first 10 answers are counted; the next 3 are held.
    await burst("203.0.113.7", 13, 2);
    await burst("192.0.2.9", 13, 3);
    const held = await server.database.db
      .selectFrom("survey_held_response")
      .select(["address_hash", "network"])
      .execute();
    expect(held).toHaveLength(6);
    const survey = await server.database.db.selectFrom("survey").select("id").executeTakeFirstOrThrow();
    const firstHash = held.find((h) => h.network === "203.0.113.0/24")!.address_hash.slice(0, 12);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.baseUrl}/admin/`);
    await page.getByLabel("Email").fill(ADMIN_EMAIL);
    await page.getByLabel("Mật khẩu", { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByRole("button", { name: "Đăng xuất" }).waitFor();
    await page.goto(`${server.baseUrl}/admin/surveys/${survey.id}/results`);

    // The tab says something waits; the results count only what was not held.
    const tabs = page.getByRole("navigation", { name: "Các mục của khảo sát" });
    await expect.poll(() => tabs.getByTestId("held-tab-badge").textContent()).toContain("6");
    await expect.poll(() => page.getByTestId("results-total").textContent()).toBe("20");
    const section = page.getByRole("region", { name: /Chờ xem xét/ });
    await section.getByTestId("held-badge").waitFor();
    expect(await page.getByTestId("held-burst").count()).toBe(2);

    // The evidence, in plain words.
    const first = burstCard(page, "203.0.113.0/24");
    expect(await first.getByRole("heading").textContent()).toBe("Nhiều câu trả lời từ cùng một địa chỉ");
    expect(await first.getByTestId("held-count").textContent()).toBe("3");
    const evidence = (await first.textContent()) ?? "";
    expect(evidence).toContain(`Địa chỉ có mã băm bắt đầu bằng ${firstHash}`);
    expect(evidence).toContain("Từ 09:00:00 23/11/26 đến 09:00:00 23/11/26");
    expect(await first.getByTestId("held-pattern").textContent()).toBe("15 câu “2 – Không hài lòng”");
    expect(evidence).toContain("3 trên 3 câu trả lời giống hệt nhau");

    // Each answer, with its questions and answers.
    await first.getByText("Xem từng câu trả lời (3)").click();
    const item = first.locator(".held-item").first();
    await item.getByText(/^Nội dung phiếu R-/).click();
    const answers = (await item.locator("dl").textContent()) ?? "";
    expect(answers).toContain("Nhìn chung, quý vị hài lòng thế nào về sự phục vụ của nhà trường?");
    expect(answers).toContain("2 – Không hài lòng");
    const axe = await new AxeBuilder({ page }).include("#main").withTags(AXE_WCAG_TAGS).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);

    // Count the first burst in: the confirmation says what happens, then the results rise.
    await first.getByRole("button", { name: "Tính vào kết quả", exact: true }).click();
    await confirmDialog(page, "Tính vào kết quả", /3 câu trả lời sẽ được tính vào kết quả/);
    await expect
      .poll(() => page.getByTestId("held-status").textContent())
      .toBe("Đã tính 3 câu trả lời vào kết quả.");
    await expect.poll(() => page.getByTestId("results-total").textContent()).toBe("23");
    await expect.poll(() => tabs.getByTestId("held-tab-badge").textContent()).toContain("3");
    expect(await page.getByTestId("held-burst").count()).toBe(1);

    // Discard the other: one picked answer, then the rest of the burst; nothing more is counted.
    const second = burstCard(page, "192.0.2.0/24");
    await second.getByText("Xem từng câu trả lời (3)").click();
    await second.getByRole("checkbox").first().check();
    await second.getByRole("button", { name: "Loại bỏ các câu đã chọn (1)" }).click();
    await confirmDialog(page, "Loại bỏ", /1 câu trả lời sẽ bị loại bỏ và không bao giờ được tính/);
    await expect.poll(() => page.getByTestId("held-status").textContent()).toBe("Đã loại bỏ 1 câu trả lời.");
    await expect.poll(() => second.getByTestId("held-count").textContent()).toBe("2");
    // Cancelling changes nothing.
    await second.getByRole("button", { name: "Loại bỏ", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Huỷ" }).click();
    expect(await second.getByTestId("held-count").textContent()).toBe("2");
    await second.getByRole("button", { name: "Loại bỏ", exact: true }).click();
    await confirmDialog(page, "Loại bỏ", /2 câu trả lời sẽ bị loại bỏ/);
    await section.getByText("Không có câu trả lời nào chờ xem xét.").waitFor();
    await expect.poll(() => tabs.getByTestId("held-tab-badge").count()).toBe(0);
    await page.getByRole("button", { name: "Làm mới" }).click();
    await expect.poll(() => page.getByTestId("results-total").textContent()).toBe("23");

    const states = await server.database.db
      .selectFrom("survey_held_response")
      .select(["state", "decided_by"])
      .execute();
    expect(states.filter((s) => s.state === "included")).toHaveLength(3);
    expect(states.filter((s) => s.state === "discarded")).toHaveLength(3);
    expect(states.every((s) => s.decided_by !== null)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
