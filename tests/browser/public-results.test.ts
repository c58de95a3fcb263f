/// <reference lib="dom" />
import { readFileSync } from "node:fs";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fullSipasAnswers, signIn } from "../support/app.ts";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const MONTH = "2026-11"; // the test clock is 23/11/2026
const ACCESS_PLACE = "Nơi tiếp đón phụ huynh (phòng văn thư, phòng tiếp dân) dễ tìm, có biển chỉ dẫn rõ ràng";
const POLITE = "Cán bộ, giáo viên, nhân viên có thái độ lịch sự, tôn trọng khi tiếp đón";
const COMMENTARY = "Tháng 11, nhà trường đã tiếp nhận các phản ánh về cổng trường và sẽ lắp thêm mái che.";
const EXCERPT = "Phụ huynh đề nghị có mái che chờ đón con khi trời mưa.";
const CHANGES = "Bổ sung nhận xét về mái che cổng phụ.";

/**
 * The monthly public results: a phone opens the month's page (index, target met or not in words,
 * distributions with small cells suppressed, petitions), every chart has a data table, axe finds
 * nothing, it prints with its tables; the embed shows the latest month; the list links to it; the
 * survey page downloads none of it.
 */
describe.skipIf(!chromiumPath)("the monthly public results pages", () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.baseUrl}${url}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: server.baseUrl, ...headers },
        body: JSON.stringify(body),
      });

    // 16 answers: 6 × "very satisfied", 5 × "satisfied", 5 × "neutral" (no level under 5, so each
    // question shows its whole distribution), except that one answer rates the staff's politeness 2
    // (a level chosen by one person: that question shows only its answers and satisfied share).
    const levels = [5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3];
    for (const [i, level] of levels.entries()) {
      const answers = fullSipasAnswers(level);
      if (i === 0) answers.staff_polite = 2;
      const res = await post(`/api/public/s/${server.demoCode}/responses`, {
        submissionId: crypto.randomUUID(),
        answers,
      });
      expect(res.status).toBe(201);
    }
    for (const subject of ["Cổng trường đông xe giờ tan học", "Sân trường thiếu bóng mát", "Căng tin"]) {
      const res = await post("/api/public/units/demo/petitions", {
        submissionId: crypto.randomUUID(),
        kind: "recommendation",
        subject,
        content: `${subject}: đề nghị nhà trường xem xét và có biện pháp khắc phục trong tháng này.`,
        contact: { name: "Nguyễn Văn An", phone: "0912 345 678" },
        consentToContact: true,
        consentToPublish: false,
      });
      expect(res.status).toBe(201);
    }

    // The principal reviews and publishes the month, then corrects it once.
    const cookie = await signIn(server.app);
    const unit = await server.database.db
      .selectFrom("unit")
      .select("id")
      .where("slug", "=", "demo")
      .executeTakeFirstOrThrow();
    const reports = `/api/admin/units/${unit.id}/reports/${MONTH}`;
    const draft = await post(`${reports}/draft`, { commentary: COMMENTARY }, { Cookie: cookie });
    expect(draft.status).toBe(200);
    expect((await post(`${reports}/publish`, {}, { Cookie: cookie })).status).toBe(201);
    const redraft = await post(
      `${reports}/draft`,
      { commentary: COMMENTARY, excerpts: [EXCERPT] },
      { Cookie: cookie },
    );
    expect(redraft.status).toBe(200);
    expect((await post(`${reports}/publish`, { changes: CHANGES }, { Cookie: cookie })).status).toBe(201);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  async function phone(width = 360, height = 740): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height }, locale: "vi-VN" });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    return { page, errors };
  }

  async function expectNoViolations(page: Page, where: string) {
    const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    const found = results.violations.map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
    expect(found).toEqual([]);
    expect(results.passes.length).toBeGreaterThan(10);
  }

  const noHorizontalScroll = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  /** Headings never skip a level. */
  const headingLevels = (page: Page) =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6"), (h) => Number(h.tagName[1])),
    );

  it("shows the month on a phone: index, distributions with suppressed cells, petitions, tables", async () => {
    const { page, errors } = await phone(320, 640);
    await page.goto(`${server.baseUrl}/r/demo/${MONTH}`);
    await page.getByRole("heading", { level: 1, name: "Kết quả tháng 11/2026" }).waitFor();
    await page.getByText("Trường Tiểu học Demo").first().waitFor();

    const published = (await (
      await fetch(`${server.baseUrl}/api/public/units/demo/reports/${MONTH}.json`)
    ).json()) as { revision: number; figures: { satisfaction: { index: number; target: number } } };
    expect(published.revision).toBe(2);
    const { index, target } = published.figures.satisfaction;
    const percent = `${(index * 100).toLocaleString("vi-VN", { maximumFractionDigits: 1 })}%`;
    expect(percent).toMatch(/^\d+,\d%$/);
    expect((await page.getByTestId("satisfaction-index").textContent())?.trim()).toBe(percent);
    // Target met or not, in words.
    await page
      .getByText(index >= target ? "Đạt mục tiêu" : "Chưa đạt mục tiêu")
      .first()
      .waitFor();

    // The revision, what changed, and the first publication still readable.
    await page.getByText("Bản đính chính lần 1").waitFor();
    await page.getByText(CHANGES).first().waitFor();
    const first = page.getByRole("link", { name: /^Lần 1, công bố ngày \d{2}\/\d{2}\/2026$/ });
    expect(await first.getAttribute("href")).toBe(`/r/demo/${MONTH}?revision=1`);
    await page.getByText(COMMENTARY).waitFor();
    await page.getByText(EXCERPT).waitFor();

    // A question's distribution: every level shown, zeros included.
    const question = page
      .locator(".question-result")
      .filter({ has: page.getByRole("heading", { name: ACCESS_PLACE }) });
    await question.getByText("6 · 37,5%").waitFor();
    await question
      .getByText(/^Hài lòng \(mức 4–5\): 68,8% \(khoảng tin cậy 95%: .+ – .+, mẫu nhỏ\)$/)
      .waitFor();
    const table = question.getByRole("table", { name: `Phân bố câu trả lời: ${ACCESS_PLACE}` });
    expect(await table.getByRole("columnheader").allTextContents()).toEqual(["Mức", "Số phiếu", "Tỷ lệ"]);
    expect(
      await table
        .getByRole("row", { name: /Rất hài lòng/ })
        .getByRole("cell")
        .allTextContents(),
    ).toEqual(["6", "37,5%"]);
    expect(
      await table
        .getByRole("row", { name: /Rất không hài lòng/ })
        .getByRole("cell")
        .allTextContents(),
    ).toEqual(["0", "0%"]);
    // One parent rated the staff's politeness 2: that question shows its 16 answers and satisfied
    // share, and neither its levels nor its mean (they would point at that parent).
    const polite = page
      .locator(".question-result")
      .filter({ has: page.getByRole("heading", { name: POLITE }) });
    await polite.getByText("16 câu trả lời", { exact: false }).waitFor();
    await polite.getByText(/^Hài lòng \(mức 4–5\): 62,5%/).waitFor();
    await polite.getByText("Có mức chỉ từ 1 đến 4 người chọn", { exact: false }).waitFor();
    expect(await polite.getByRole("table").count()).toBe(0);
    expect(await polite.getByText(/điểm trung bình \d/i).count()).toBe(0);
    // Every chart has a data table with a caption and headers.
    const charts = await page.locator("figure.chart").evaluateAll((figures) =>
      figures.map((f) => ({
        caption: f.querySelector("figcaption")?.textContent ?? "",
        tableCaption: f.querySelector("table caption")?.textContent ?? "",
        headers: f.querySelectorAll("th[scope=col]").length,
      })),
    );
    expect(charts.length).toBeGreaterThan(10);
    for (const chart of charts) {
      expect(chart.tableCaption).toBe(chart.caption);
      expect(chart.headers).toBeGreaterThanOrEqual(2);
    }
    // Hidden on screen until asked for.
    const box = table.locator("xpath=..");
    expect((await box.boundingBox())?.width ?? 0).toBeLessThan(2);
    await question.getByRole("button", { name: "Xem bảng số liệu" }).click();
    expect((await box.boundingBox())?.width ?? 0).toBeGreaterThan(200);
    expect(
      await question.getByRole("button", { name: "Ẩn bảng số liệu" }).getAttribute("aria-expanded"),
    ).toBe("true");

    // Petitions: three received, none answered yet.
    const petitions = page.getByRole("region", { name: "Phản ánh, kiến nghị" });
    const fact = (label: string) =>
      petitions.locator(".facts > div").filter({ hasText: label }).locator("dd");
    expect(await fact("Tiếp nhận").textContent()).toBe("3");
    expect(await fact("Đã trả lời").textContent()).toBe("0");
    await petitions
      .getByRole("table", { name: /^Thời hạn trả lời phản ánh, kiến nghị/ })
      .waitFor({ state: "attached" });
    await petitions.getByRole("heading", { level: 3, name: "Chỉ tiêu" }).waitFor();
    await petitions.getByText("Kết quả: chưa có số liệu; mục tiêu: 100%.").first().waitFor();

    // The trend and the open data.
    await page.getByRole("table", { name: /^Chỉ số hài lòng theo tháng/ }).waitFor({ state: "attached" });
    expect(await page.getByRole("link", { name: "Số liệu dạng JSON" }).getAttribute("href")).toBe(
      `/api/public/units/demo/reports/${MONTH}.json`,
    );
    expect(await page.getByRole("link", { name: /Số liệu dạng CSV/ }).getAttribute("href")).toBe(
      `/api/public/units/demo/reports/${MONTH}.csv`,
    );

    const levels = await headingLevels(page);
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
    expect(await noHorizontalScroll(page)).toBe(true);
    await expectNoViolations(page, "month page");

    // Printed: no site chrome, every table on the paper.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".topbar").isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "In trang này" }).isVisible()).toBe(false);
    const widths = await page
      .locator("figure.chart .table-box")
      .evaluateAll((boxes) => boxes.map((b) => b.getBoundingClientRect().width));
    expect(Math.min(...widths)).toBeGreaterThan(200);
    await page.emulateMedia({ media: "screen" });

    // The first revision, with a way back to the latest.
    await first.click();
    await page.getByText("Đây là bản đã được thay thế (lần 1).").waitFor();
    await page.getByText("Bản công bố lần đầu").waitFor();
    expect(await page.getByText(EXCERPT).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Số liệu dạng JSON" }).getAttribute("href")).toBe(
      `/api/public/units/demo/reports/${MONTH}.json?revision=1`,
    );
    expect(errors).toEqual([]);
  });

  it("lists the published months and embeds the latest one", async () => {
    const { page, errors } = await phone();
    await page.goto(`${server.baseUrl}/r/demo`);
    await page.getByRole("heading", { level: 1, name: "Kết quả công khai hằng tháng" }).waitFor();
    const link = page.getByRole("link", { name: "Tháng 11/2026" });
    expect(await link.getAttribute("href")).toBe(`/r/demo/${MONTH}`);
    await page.getByText(/^Chỉ số hài lòng: \d+,\d%$/).waitFor();
    await page
      .getByText(/^16 phiếu trả lời · Công bố ngày \d{2}\/11\/2026 · Bản đính chính lần 1$/)
      .waitFor();
    await page.getByRole("table", { name: "Chỉ số hài lòng theo tháng" }).waitFor({ state: "attached" });
    await expectNoViolations(page, "list page");

    await page.goto(`${server.baseUrl}/embed/r/demo`);
    await page.getByRole("heading", { level: 1, name: "Kết quả tháng 11/2026" }).waitFor();
    expect(await page.locator(".topbar").count()).toBe(0);
    await page.getByText(/^\d+,\d%$/).waitFor();
    const details = page.getByRole("link", { name: "Xem chi tiết (mở trong thẻ mới)" });
    expect(await details.getAttribute("href")).toBe(`/r/demo/${MONTH}`);
    expect(await details.getAttribute("target")).toBe("_blank");
    await expectNoViolations(page, "embed");

    // Unknown unit or month: a friendly page.
    await page.goto(`${server.baseUrl}/r/khong-co`);
    await page.getByRole("heading", { level: 1, name: "Không tìm thấy kết quả" }).waitFor();
    await page.goto(`${server.baseUrl}/r/demo/2026-10`);
    await page.getByRole("heading", { level: 1, name: "Không tìm thấy kết quả" }).waitFor();
    await page.getByText("Nhà trường chưa công bố kết quả tháng 10/2026.").waitFor();
    await expectNoViolations(page, "month not found");
    expect(errors).toEqual([]);
  });

  // Its size budget is checked in budgets.test.ts.
  it("the survey page does not download the results chunk", async () => {
    const html = readFileSync(path.join(server.config.surveyWebDir, "index.html"), "utf8");
    const entry = /src="\/assets\/([^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeTruthy();

    const { page } = await phone();
    const scripts: string[] = [];
    page.on("request", (r) => {
      if (r.resourceType() === "script") scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(`${server.baseUrl}/s/${server.demoCode}`);
    await page.getByText("Phần 1/6", { exact: true }).waitFor();
    expect(scripts).toEqual([`/assets/${entry}`]);

    await page.goto(`${server.baseUrl}/r/demo`);
    await page.getByRole("heading", { level: 1, name: "Kết quả công khai hằng tháng" }).waitFor();
    expect(scripts.some((s) => /ResultsApp-.*\.js$/.test(s))).toBe(true);
  });
});
