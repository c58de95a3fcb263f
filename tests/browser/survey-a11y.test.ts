/// <reference lib="dom" />
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AXE_WCAG_TAGS } from "../budgets.ts";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

const THANKS = "Cảm ơn bạn đã tham gia khảo sát!";
const ACCESS_PLACE = "Nơi tiếp đón phụ huynh (phòng văn thư, phòng tiếp dân) dễ tìm, có biển chỉ dẫn rõ ràng";
const STAFF_POLITE = "Cán bộ, giáo viên, nhân viên có thái độ lịch sự, tôn trọng khi tiếp đón";
const LIKERT_LABELS = ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"];

/**
 * The public survey for everyone: no WCAG 2.1 A/AA violation found by axe-core in its error states
 * and in English (its first screen, a later screen, the thank-you, closed and not-found pages are
 * checked with every other public page in a11y-pages.test.ts), answerable with the keyboard alone, labelled for screen readers, and usable on a 320 px
 * wide screen (a small phone, or 200 % zoom) without horizontal scrolling.
 */
describe.skipIf(!chromiumPath)("the public survey is accessible", () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  async function phone(width = 360, height = 740): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, locale: "vi-VN" });
    contexts.push(context);
    return context.newPage();
  }

  async function open(page: Page, code = server.demoCode) {
    await page.goto(`${server.baseUrl}/s/${code}`);
    await page.getByText("Phần 1/6", { exact: true }).waitFor();
  }

  /** Every WCAG 2.0/2.1 A and AA rule axe-core knows; the list of violations must be empty. */
  async function expectNoViolations(page: Page, where: string) {
    const results = await new AxeBuilder({ page }).withTags(AXE_WCAG_TAGS).analyze();
    const found = results.violations.map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
    expect(found).toEqual([]);
    // Guard against a vacuous pass: the rules did look at the page.
    expect(results.passes.length).toBeGreaterThan(10);
  }

  async function expectNoHorizontalScroll(page: Page, width: number) {
    const sizes = await page.evaluate(() => ({
      document: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
    }));
    expect(sizes.document).toBeLessThanOrEqual(width);
    expect(sizes.body).toBeLessThanOrEqual(width);
  }

  const question = (page: Page, text: string) => page.getByRole("radiogroup", { name: text });

  async function answerScreen(page: Page, label = "Hài lòng") {
    for (const radio of await page.getByRole("radio", { name: label, exact: true }).all())
      await radio.check();
  }

  async function answerAllAndSubmit(page: Page) {
    for (let screen = 0; screen < 20; screen++) {
      await answerScreen(page);
      const submit = page.getByRole("button", { name: "Gửi phiếu" });
      if (await submit.isVisible()) {
        await submit.click();
        return;
      }
      await page.getByRole("button", { name: "Tiếp tục" }).click();
    }
    throw new Error("never reached the submit button");
  }

  const activeElement = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const input = el instanceof HTMLInputElement ? el : null;
      return {
        tag: el?.tagName.toLowerCase() ?? "",
        type: input?.type ?? "",
        name: input?.name ?? "",
        text: (input ? input.labels?.[0]?.textContent : el?.textContent)?.trim() ?? "",
        invalid: el?.getAttribute("aria-invalid") ?? null,
        describedBy: (el?.getAttribute("aria-describedby") ?? "")
          .split(" ")
          .filter(Boolean)
          .map((id) => document.getElementById(id)?.textContent?.trim() ?? `missing #${id}`),
      };
    });

  it("first screen: unit, title, privacy notice, labelled 5-level questions", async () => {
    const page = await phone();
    await open(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("vi");
    await page.getByText("Trường Tiểu học Demo").waitFor();
    // Each 5-level question is a radio group named by its question, with five visible labels.
    const group = question(page, ACCESS_PLACE);
    for (const label of LIKERT_LABELS) {
      await group.getByRole("radio", { name: label, exact: true }).waitFor();
      expect(await group.getByText(label, { exact: true }).isVisible()).toBe(true);
    }
    // The privacy notice is one tap away.
    const summary = page.getByText("Quyền riêng tư: phiếu này lưu những gì?");
    await summary.click();
    await page.getByText(/mã thiết bị ngẫu nhiên, chỉ lưu trong trình duyệt này/).waitFor();
    await page.getByText(/không hỏi tên, không hỏi số điện thoại/).waitFor();

    // Touch targets: every answer row and button is at least 44 px high.
    const heights = await page
      .locator("label.option, button, summary")
      .evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().height)));
    expect(heights.length).toBeGreaterThan(15);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);
    // No web fonts: nothing but the page itself, its script and its stylesheet were loaded.
    const fonts = await page.evaluate(() =>
      performance.getEntriesByType("resource").filter((r) => /\.(woff2?|ttf|otf)(\?|$)/.test(r.name)),
    );
    expect(fonts).toEqual([]);
  });

  it("a later screen with a missing answer: message next to the question, focus on it, no violations", async () => {
    const page = await phone();
    await open(page);
    await answerScreen(page);
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await page.getByText("Phần 2/6", { exact: true }).waitFor();
    await answerScreen(page);
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await page.getByText("Phần 3/6", { exact: true }).waitFor();
    await question(page, STAFF_POLITE).getByRole("radio", { name: "Hài lòng", exact: true }).check();
    await page.getByRole("button", { name: "Tiếp tục" }).click();

    await page.getByRole("alert").getByText("Vui lòng kiểm tra lại các câu hỏi được đánh dấu.").waitFor();
    expect(await page.getByText("Phần 3/6", { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText("Vui lòng trả lời câu hỏi này.").count()).toBe(3);
    // Focus is on the first unanswered question, which says what is wrong.
    const focused = await activeElement(page);
    expect(focused).toMatchObject({ tag: "input", type: "radio", name: "staff_listen", invalid: "true" });
    expect(focused.describedBy).toEqual(["⚠ Vui lòng trả lời câu hỏi này."]);
    // Not by colour only: the marker and the words are there.
    await expectNoViolations(page, "screen with a missing answer");
  });

  it("a validation error from the server jumps to its screen and is announced there", async () => {
    const page = await phone();
    const message = "Câu trả lời không hợp lệ (máy chủ).";
    await page.route("**/api/public/s/*/responses", (route) =>
      route.fulfill({
        status: 422,
        headers: { "Content-Type": "application/problem+json" },
        body: JSON.stringify({
          status: 422,
          code: "validation_failed",
          detail: "Dữ liệu gửi lên chưa hợp lệ.",
          errors: [{ field: "answers.staff_polite", message }],
        }),
      }),
    );
    await open(page);
    await answerAllAndSubmit(page);
    await page.getByText("Phần 3/6", { exact: true }).waitFor();
    await page.getByText(message).waitFor();
    const focused = await activeElement(page);
    expect(focused).toMatchObject({ tag: "input", name: "staff_polite", invalid: "true" });
    expect(focused.describedBy).toEqual([`⚠ ${message}`]);
    // The answers are still there, ready to be corrected and sent again.
    expect(
      await question(page, STAFF_POLITE).getByRole("radio", { name: "Hài lòng", exact: true }).isChecked(),
    ).toBe(true);
    await expectNoViolations(page, "screen with a server error");
  });

  it("answers with the keyboard only: Tab to a question, arrow keys choose, Enter and Space go on", async () => {
    const page = await phone();
    await open(page);
    async function tabTo(name: string) {
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press("Tab");
        const el = await activeElement(page);
        if (el.name === name || (el.tag === "button" && el.text === name)) return;
      }
      throw new Error(`Tab never reached ${name}`);
    }
    for (const id of ["access_place", "access_facilities", "access_contact"]) {
      await tabTo(id);
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("ArrowRight");
    }
    expect(
      await question(page, ACCESS_PLACE).getByRole("radio", { name: "Hài lòng", exact: true }).isChecked(),
    ).toBe(true);
    await tabTo("Tiếp tục");
    await page.keyboard.press("Enter");
    await page.getByText("Phần 2/6", { exact: true }).waitFor();
    // Focus moved to the new screen's heading, so a screen reader reads where it is.
    expect(await activeElement(page)).toMatchObject({ tag: "h2", text: "Thủ tục hành chính" });
    for (const id of ["procedure_public", "procedure_documents", "procedure_fees"]) {
      await tabTo(id);
      await page.keyboard.press("ArrowRight");
    }
    await tabTo("Tiếp tục");
    await page.keyboard.press("Space");
    await page.getByText("Phần 3/6", { exact: true }).waitFor();

    const saved = await page.evaluate(
      (code) => JSON.parse(localStorage.getItem(`gopy.survey.${code}`) ?? "{}"),
      server.demoCode,
    );
    // Tab lands on the first option; each ArrowRight moves to, and selects, the next one.
    expect(saved.answers).toEqual({
      access_place: 4,
      access_facilities: 4,
      access_contact: 4,
      procedure_public: 2,
      procedure_documents: 2,
      procedure_fees: 2,
    });
  });

  it("the English switch works and stays accessible; the answers are sent from it", async () => {
    const page = await phone();
    await open(page);
    await page.getByRole("button", { name: "English" }).click();
    await page.getByText("Part 1/6", { exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await page.getByRole("radio", { name: "Very dissatisfied" }).first().waitFor();
    await expectNoViolations(page, "first screen in English");
    await page.getByRole("button", { name: "Tiếng Việt" }).click();
    await answerAllAndSubmit(page);
    await page.getByRole("heading", { name: THANKS }).waitFor();
  });

  it("a closed survey shows a friendly page; an unknown code says it is not found", async () => {
    const db = server.database.db;
    const link = await db
      .selectFrom("survey_link")
      .select("survey_id")
      .where("code", "=", server.demoCode)
      .executeTakeFirstOrThrow();
    const before = await db
      .selectFrom("survey")
      .select("closes_at")
      .where("id", "=", link.survey_id)
      .executeTakeFirstOrThrow();
    await db
      .updateTable("survey")
      .set({ closes_at: new Date("2026-11-01T00:00:00.000Z") })
      .where("id", "=", link.survey_id)
      .execute();
    try {
      const page = await phone();
      await page.goto(`${server.baseUrl}/s/${server.demoCode}`);
      await page.getByRole("heading", { name: "Khảo sát đã kết thúc" }).waitFor();
      await page.getByText("Khảo sát đã kết thúc. Cảm ơn bạn đã quan tâm.").waitFor();
    } finally {
      await db
        .updateTable("survey")
        .set({ closes_at: before.closes_at })
        .where("id", "=", link.survey_id)
        .execute();
    }
    const page = await phone();
    await page.goto(`${server.baseUrl}/s/khongco2345`);
    await page.getByRole("heading", { name: "Không tìm thấy khảo sát" }).waitFor();
  });

  it("at 320 CSS px (a small phone or 200 % zoom) nothing scrolls sideways", async () => {
    const page = await phone(320, 640);
    await open(page);
    await page.getByText("Quyền riêng tư: phiếu này lưu những gì?").click();
    await expectNoHorizontalScroll(page, 320);
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await page.getByText("Vui lòng trả lời câu hỏi này.").first().waitFor();
    await expectNoHorizontalScroll(page, 320);
    await answerAllAndSubmit(page);
    await page.getByRole("heading", { name: THANKS }).waitFor();
    await expectNoHorizontalScroll(page, 320);
  });
});
