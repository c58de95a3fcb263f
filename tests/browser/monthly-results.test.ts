import { readFile } from "node:fs/promises";
import { AxeBuilder } from "@axe-core/playwright";
import { hashPassword } from "@gopy/api/auth/password.ts";
import * as mupdf from "mupdf";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  signIn as apiSignIn,
  fullSipasAnswers,
  jsonRequest,
} from "../support/app.ts";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const MONTH = "2026-11"; // the server's clock is fixed on 23/11/2026 (tests/support/app.ts)
const COMMENTARY = "Tháng 11, nhà trường đã trả lời đúng hạn mọi phản ánh; sẽ lắp mái che ở cổng phụ.";
const EXCERPT = "Phụ huynh đề nghị có mái che chờ đón con khi trời mưa.";
const CHANGES = "Bổ sung 3 phiếu khảo sát nộp trên giấy ngày 23/11.";
const MANAGER_EMAIL = "phohieutruong@demo.edu.vn";
const MANAGER_PASSWORD = "Hoa-phuong-do-2026";
const SIGNER = "Nguyễn Văn An";

/** The text of a PDF (as tests/api/report-documents.test.ts reads it), whitespace collapsed. */
const pdfText = (bytes: Uint8Array) => {
  const doc = mupdf.Document.openDocument(bytes, "application/pdf");
  return Array.from({ length: doc.countPages() }, (_, i) =>
    doc.loadPage(i).toStructuredText("preserve-whitespace").asText(),
  )
    .join("\n")
    .replace(/\s+/g, " ");
};

interface PublicReport {
  revision: number;
  commentary: string;
  changes: string | null;
  revisions: { revision: number }[];
  figures: {
    excerpts: string[];
    procedures: { received: number; resolvedEarly: number; resolvedOnTime: number; resolvedLate: number };
    surveys: { responses: number | null; questions: { id: string; text: { vi: string } }[] }[];
  };
}

/**
 * The principal reviews November's results in the console: refreshes the draft, writes the
 * commentary, adds a redacted excerpt, keeps a question out, enters the administrative procedures
 * and publishes; then corrects it, which needs a note of what changed. The ward compares its schools.
 */
describe.skipIf(!chromiumPath)("an admin reviews, publishes and corrects the monthly results", () => {
  let server: RunningServer;
  let browser: Browser;
  let cookie: string;

  const answer = async (level: number) => {
    const res = await server.app.request(
      `/api/public/s/${server.demoCode}/responses`,
      jsonRequest("POST", { submissionId: crypto.randomUUID(), answers: fullSipasAnswers(level) }),
    );
    expect(res.status).toBe(201);
  };
  const send = async (method: string, path: string, body: unknown = {}) => {
    const res = await server.app.request(path, jsonRequest(method, body, { Cookie: cookie }));
    return { status: res.status, body: (await res.json()) as { id: string } };
  };
  const publicReport = async (): Promise<PublicReport> => {
    const res = await fetch(`${server.baseUrl}/api/public/units/demo/reports/${MONTH}.json`);
    expect(res.status).toBe(200);
    return (await res.json()) as PublicReport;
  };

  const demoId = async () =>
    (
      await server.database.db
        .selectFrom("unit")
        .select("id")
        .where("slug", "=", "demo")
        .executeTakeFirstOrThrow()
    ).id;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    cookie = await apiSignIn(server.app);
    // 14 parents: 9 satisfied (4 or 5) on every question, the others not.
    for (const level of [5, 5, 4, 4, 4, 3, 2, 5, 4, 1, 5, 4, 3, 2]) await answer(level);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openConsole(
    email = ADMIN_EMAIL,
    password = ADMIN_PASSWORD,
  ): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.baseUrl });
    const page = await context.newPage();
    const errors: string[] = [];
    // Expected: the sign-in check before the form (401).
    page.on(
      "console",
      (m) => m.type() === "error" && !/status of 401/.test(m.text()) && errors.push(m.text()),
    );
    await page.goto(`${server.baseUrl}/admin/`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Mật khẩu", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByRole("button", { name: "Đăng xuất" }).waitFor();
    return { context, page, errors };
  }

  const openResults = async (page: Page) => {
    await page
      .getByRole("navigation", { name: "Chức năng chính" })
      .getByRole("link", { name: "Kết quả hằng tháng", exact: true })
      .click();
    await page.getByRole("heading", { level: 1, name: "Kết quả hằng tháng" }).waitFor();
  };

  async function expectNoViolations(page: Page, where: string) {
    const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    const found = results.violations.map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
    expect(found).toEqual([]);
    expect(results.passes.length).toBeGreaterThan(10);
  }

  it("publishes November with commentary, an excerpt and procedures, then a correction", async () => {
    const { context, page, errors } = await openConsole();
    await openResults(page);

    // The current month (the server's, not the browser's) is chosen, with no draft yet.
    const monthSelect = page.getByLabel("Tháng", { exact: true });
    expect(await monthSelect.inputValue()).toBe(MONTH);
    expect(await monthSelect.locator("option:checked").textContent()).toBe(
      "Tháng 11 năm 2026 — chưa có bản nháp",
    );
    await page.getByText("Chưa có bản nháp cho tháng này.").waitFor();

    // Procedures: whole numbers only, the error next to the field.
    await page.getByLabel("Hồ sơ tiếp nhận").fill("-1");
    await page.getByLabel("Giải quyết trước hạn").fill("30");
    await page.getByLabel("Giải quyết đúng hạn").fill("11");
    await page.getByLabel("Giải quyết trễ hạn").fill("1");
    await page.getByRole("button", { name: "Lưu số liệu thủ tục" }).click();
    await page
      .locator("#rep-proc-received-error")
      .getByText("Nhập một số nguyên từ 0 đến 1.000.000.")
      .waitFor();
    expect(await page.getByLabel("Hồ sơ tiếp nhận").getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel("Hồ sơ tiếp nhận").fill("42");
    await page.getByRole("button", { name: "Lưu số liệu thủ tục" }).click();
    await page.getByText("Đã lưu số liệu thủ tục hành chính tháng 11/2026.", { exact: false }).waitFor();

    // The draft: the figures as the public will see them.
    await page.getByRole("button", { name: "Làm mới số liệu" }).click();
    await page.getByText("Đã làm mới bản nháp tháng 11/2026.").waitFor();
    await page.getByText("Bản nháp lập lúc", { exact: false }).waitFor();
    // Before publishing, only the draft of the notice (marked DỰ THẢO) can be printed.
    const documents = page.getByRole("region", { name: "Văn bản chính thức" });
    const docsBase = `/api/admin/units/${await demoId()}/report-documents`;
    expect(
      await documents.getByRole("link", { name: "Bản dự thảo (PDF)", exact: true }).getAttribute("href"),
    ).toBe(`${docsBase}/${MONTH}/notice.pdf?draft=1`);
    await documents.getByText("Tháng này chưa công bố", { exact: false }).waitFor();
    expect(await documents.getByRole("link", { name: "Thông báo (PDF)", exact: true }).count()).toBe(0);
    const review = page.getByRole("region", { name: "Xem lại và công bố — tháng 11/2026" });
    await review.getByText("Chưa đạt mục tiêu").first().waitFor();
    await review.getByText(/Chỉ số hài lòng 64,3\s?%, mục tiêu 85\s?%:/).waitFor();
    const questions = review.getByRole("table", { name: /^Kết quả theo câu hỏi — / });
    expect(await questions.getByRole("row").count()).toBeGreaterThan(10);
    // Questions with a level chosen by 1-4 people: levels hidden ("*" never says which, nor how many).
    expect(await questions.getByText("Có mức chỉ 1-4 người chọn", { exact: false }).count()).toBeGreaterThan(
      0,
    );
    await review.getByRole("table", { name: "Chỉ tiêu phản ánh, kiến nghị" }).waitFor();
    const procedures = review.getByRole("region", { name: "Thủ tục hành chính" });
    await procedures.getByText("42", { exact: true }).waitFor();

    // The reviewer's part: commentary, a question kept out, a redacted excerpt (never a phone number).
    await review.getByLabel("Nhận xét, đánh giá").fill(COMMENTARY);
    const hiddenGroup = review.getByRole("group", { name: "Câu hỏi không đưa vào bản công bố" });
    const hiddenBox = hiddenGroup.getByRole("checkbox").last();
    const hiddenText = (await hiddenGroup.locator("label").last().textContent())!.trim();
    await hiddenBox.check();
    await review.getByText("không bao giờ ghi họ tên, số điện thoại", { exact: false }).waitFor();
    const excerpt = review.getByLabel("Trích dẫn đã biên tập");
    const excerptList = review.getByRole("group", { name: "Trích một số ý kiến" }).getByRole("listitem");
    await excerpt.fill("Gọi cho tôi: 0912 345 678");
    await review.getByRole("button", { name: "Thêm trích dẫn" }).click();
    await review
      .locator("#rep-excerpt-error")
      .getByText("có vẻ chứa số điện thoại", { exact: false })
      .waitFor();
    await excerpt.fill(EXCERPT);
    await excerpt.press("Enter");
    await excerptList.filter({ hasText: EXCERPT }).waitFor();
    expect(await excerpt.inputValue()).toBe("");

    // Publishing what was not reviewed is refused: refresh first.
    await review.getByRole("button", { name: "Công bố", exact: true }).click();
    await review.getByText("Có thay đổi chưa lưu. Hãy bấm “Làm mới số liệu”", { exact: false }).waitFor();
    await review.getByRole("button", { name: "Làm mới số liệu" }).click();
    await page.getByText("Đã làm mới bản nháp tháng 11/2026.").waitFor();
    expect(await review.getByLabel("Nhận xét, đánh giá").inputValue()).toBe(COMMENTARY);
    expect(await review.getByRole("checkbox", { name: hiddenText, exact: true }).isChecked()).toBe(true);

    await review.getByRole("button", { name: "Công bố", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Công bố kết quả tháng 11/2026?" });
    await dialog.getByText("không sửa được, chỉ có thể đính chính", { exact: false }).waitFor();
    await dialog.getByRole("button", { name: "Công bố" }).click();
    await page.getByText("Đã công bố kết quả tháng 11/2026 (lần 1).").waitFor();

    const first = await publicReport();
    expect(first.revision).toBe(1);
    expect(first.commentary).toBe(COMMENTARY);
    expect(first.figures.excerpts).toEqual([EXCERPT]);
    expect(first.figures.procedures).toEqual({
      received: 42,
      resolvedEarly: 30,
      resolvedOnTime: 11,
      resolvedLate: 1,
    });
    expect(first.figures.surveys[0]!.responses).toBe(14);
    const shown = first.figures.surveys[0]!.questions.map((q) => q.text.vi);
    expect(shown).not.toContain(hiddenText);
    expect(shown.length).toBeGreaterThan(5);

    // Where the public finds it: the page, the open data, the widget for the school's website.
    const published = page.getByRole("region", { name: "Đã công bố — tháng 11/2026" });
    expect(
      await published.getByRole("link", { name: `${server.baseUrl}/r/demo/${MONTH}` }).getAttribute("href"),
    ).toBe(`${server.baseUrl}/r/demo/${MONTH}`);
    const jsonHref = `${server.baseUrl}/api/public/units/demo/reports/${MONTH}.json`;
    await published.getByRole("link", { name: jsonHref }).waitFor();
    await published.getByRole("link", { name: jsonHref.replace(/json$/, "csv") }).waitFor();
    const snippet = `<iframe src="${server.baseUrl}/embed/r/demo" title="Kết quả khảo sát hằng tháng – Trường Tiểu học Demo" width="100%" height="420" loading="lazy"></iframe>`;
    expect(await published.locator("pre code").textContent()).toBe(snippet);
    await published.getByRole("button", { name: "Sao chép mã nhúng" }).click();
    await published.getByText("Đã sao chép mã nhúng.").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
    const revisions = page.getByRole("table", { name: "Các lần công bố tháng 11/2026" });
    await revisions.getByRole("row").filter({ hasText: "Lần 1" }).getByText("Công bố lần đầu").waitFor();

    // A correction: a new draft from the published one, published only with what changed.
    await page.getByText("Đã công bố lần 1 ngày", { exact: false }).waitFor();
    // Three late answers: a change of fewer than 5 people keeps the published figures (it would
    // say how those three answered); five more are a group like any other.
    for (const level of [5, 4, 5]) await answer(level);
    await review.getByRole("button", { name: "Làm mới số liệu" }).click();
    await page.getByText("Bản nháp đính chính lập lúc", { exact: false }).waitFor();
    await review.getByText("Giữ số liệu của lần công bố 1: từ đó chỉ thay đổi dưới 5 phiếu.").waitFor();
    for (const level of [5, 4]) await answer(level);
    await review.getByRole("button", { name: "Làm mới số liệu" }).click();
    await review.getByText(/Giữ số liệu của lần công bố/).waitFor({ state: "detached" });
    expect(await review.getByLabel("Nhận xét, đánh giá").inputValue()).toBe(COMMENTARY);
    await excerptList.filter({ hasText: EXCERPT }).waitFor();
    await review.getByRole("button", { name: "Công bố", exact: true }).click();
    const changes = review.getByLabel("Nội dung đính chính");
    await review
      .locator("#rep-changes-error")
      .getByText("Hãy ghi rõ nội dung đính chính trước khi công bố lại.")
      .waitFor();
    expect(await changes.getAttribute("aria-invalid")).toBe("true");
    expect(await changes.getAttribute("aria-describedby")).toContain("rep-changes-error");
    expect(await page.getByRole("dialog").count()).toBe(0);
    await changes.fill(CHANGES);
    await review.getByRole("button", { name: "Công bố", exact: true }).click();
    await page
      .getByRole("dialog", { name: "Công bố kết quả tháng 11/2026?" })
      .getByRole("button", { name: "Công bố" })
      .click();
    await page.getByText("Đã công bố kết quả tháng 11/2026 (lần 2).").waitFor();

    const second = await publicReport();
    expect(second).toMatchObject({ revision: 2, changes: CHANGES, commentary: COMMENTARY });
    expect(second.revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect(second.figures.surveys[0]!.responses).toBe(19);
    expect(second.figures.excerpts).toEqual([EXCERPT]);
    await revisions.getByRole("row").filter({ hasText: "Lần 2" }).getByText(CHANGES).waitFor();
    expect(await monthSelect.locator("option:checked").textContent()).toBe(
      "Tháng 11 năm 2026 — đã công bố (lần 2)",
    );

    // The settings: the target in percent, petition ratings in the index.
    await page.getByLabel("Mục tiêu chỉ số hài lòng (%)").fill("120");
    await page.getByRole("button", { name: "Lưu cài đặt" }).click();
    await page.locator("#rep-target-error").getByText("từ 0 đến 100", { exact: false }).waitFor();
    await page.getByLabel("Mục tiêu chỉ số hài lòng (%)").fill("87,5");
    await page.getByLabel("Tính đánh giá của người dân", { exact: false }).check();
    await page.getByRole("button", { name: "Lưu cài đặt" }).click();
    await page.getByText("Đã lưu cài đặt kết quả hằng tháng.").waitFor();
    const settings = await server.app.request(`/api/admin/units/${await demoId()}/reports/settings`, {
      headers: { Cookie: cookie },
    });
    expect(await settings.json()).toMatchObject({ satisfactionTarget: 0.875, petitionRatingsInIndex: true });

    // The official documents: the notice of the latest revision with the header typed in, the
    // revision chosen, and the reports of the quarter and the year containing November.
    expect(await documents.getByRole("link", { name: "Bản dự thảo (PDF)", exact: true }).count()).toBe(0);
    await documents.getByText("Số, nơi ban hành, người ký (không bắt buộc)").click();
    await documents.getByLabel("Số văn bản").fill("27a");
    await documents.locator("#rep-doc-number-error").getByText("Nhập số văn bản bằng chữ số").waitFor();
    await documents.getByLabel("Số văn bản").fill("27");
    await documents.getByLabel("Người ký").fill(SIGNER);
    expect(await documents.locator("#rep-doc-number-error").count()).toBe(0);
    const noticePdf = documents.getByRole("link", { name: "Thông báo (PDF)", exact: true });
    const heading = new URLSearchParams({ number: "27", signer: SIGNER });
    const noticeHref = `${docsBase}/${MONTH}/notice.pdf?${heading}`;
    expect(await noticePdf.getAttribute("href")).toBe(noticeHref);
    expect(
      await documents.getByRole("link", { name: "Thông báo (Word)", exact: true }).getAttribute("href"),
    ).toBe(noticeHref.replace("notice.pdf", "notice.docx"));
    const [notice] = await Promise.all([page.waitForEvent("download"), noticePdf.click()]);
    expect(notice.suggestedFilename()).toBe(`thong-bao-${MONTH}.pdf`);
    const noticeBytes = await readFile((await notice.path())!);
    expect(noticeBytes.subarray(0, 4).toString("latin1")).toBe("%PDF");
    const noticeText = pdfText(noticeBytes);
    for (const expected of ["THÔNG BÁO", "Số: 27/TB-", SIGNER, "tháng 11/2026"])
      expect(noticeText).toContain(expected);
    const noticeResponse = await page.request.get(`${server.baseUrl}${noticeHref}`);
    expect(noticeResponse.status()).toBe(200);
    expect(noticeResponse.headers()["content-type"]).toBe("application/pdf");

    await documents.getByLabel("Lần công bố").selectOption({ label: "Lần 1" });
    expect(await noticePdf.getAttribute("href")).toBe(
      `${docsBase}/${MONTH}/notice.pdf?revision=1&${heading}`,
    );
    await documents.getByLabel("Số văn bản").fill("");
    await documents.getByLabel("Người ký").fill("");
    const quarterly = documents.getByRole("link", { name: "Báo cáo quý IV/2026 (PDF)", exact: true });
    expect(await quarterly.getAttribute("href")).toBe(`${docsBase}/2026-Q4/report.pdf`);
    const quarterlyResponse = await page.request.get(`${server.baseUrl}${docsBase}/2026-Q4/report.pdf`);
    expect(quarterlyResponse.status()).toBe(200);
    expect(quarterlyResponse.headers()["content-type"]).toBe("application/pdf");
    expect((await quarterlyResponse.body()).subarray(0, 4).toString("latin1")).toBe("%PDF");
    expect(
      await documents
        .getByRole("link", { name: "Báo cáo quý IV/2026 (Word)", exact: true })
        .getAttribute("href"),
    ).toBe(`${docsBase}/2026-Q4/report.docx`);
    expect(
      await documents.getByRole("link", { name: "Báo cáo năm 2026 (PDF)", exact: true }).getAttribute("href"),
    ).toBe(`${docsBase}/2026/report.pdf`);
    expect(
      await documents
        .getByRole("link", { name: "Báo cáo năm 2026 (Word)", exact: true })
        .getAttribute("href"),
    ).toBe(`${docsBase}/2026/report.docx`);

    // The report due dates: an impossible date is refused next to its field; the rest saves.
    const quarterlyDay = page.getByLabel("Ngày nộp báo cáo quý");
    const yearlyDate = page.getByLabel("Ngày nộp báo cáo năm (ngày/tháng)");
    const reminderDays = page.getByLabel("Nhắc trước hạn (số ngày)");
    expect([
      await quarterlyDay.inputValue(),
      await yearlyDate.inputValue(),
      await reminderDays.inputValue(),
    ]).toEqual(["10", "15/12", "3"]);
    await page.getByText("nhận email nhắc việc trước mỗi hạn nộp báo cáo", { exact: false }).waitFor();
    await quarterlyDay.fill("5");
    await yearlyDate.fill("31/02");
    await reminderDays.fill("7");
    await page.getByRole("button", { name: "Lưu cài đặt" }).click();
    await page
      .locator("#rep-yearly-date-error")
      .getByText("Nhập một ngày có thật theo dạng ngày/tháng, ví dụ 15/12.")
      .waitFor();
    expect(await yearlyDate.getAttribute("aria-invalid")).toBe("true");
    expect(await yearlyDate.getAttribute("aria-describedby")).toContain("rep-yearly-date-error");
    await yearlyDate.fill("20/12");
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/reports/settings") && r.request().method() === "PUT"),
      page.getByRole("button", { name: "Lưu cài đặt" }).click(),
    ]);
    expect(saved.status()).toBe(200);
    expect(saved.request().postDataJSON()).toEqual({
      satisfactionTarget: 0.875,
      petitionRatingsInIndex: true,
      quarterlyReportDay: 5,
      yearlyReportDate: "12-20",
      reportReminderDays: 7,
    });
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Kết quả hằng tháng" }).waitFor();
    await page.getByText("Đã công bố lần 2 ngày", { exact: false }).waitFor();
    expect([
      await quarterlyDay.inputValue(),
      await yearlyDate.inputValue(),
      await reminderDays.inputValue(),
      await page.getByLabel("Mục tiêu chỉ số hài lòng (%)").inputValue(),
    ]).toEqual(["5", "20/12", "7", "87,5"]);
    await documents.getByText("Số, nơi ban hành, người ký (không bắt buộc)").click();
    await documents.getByLabel("Người ký").waitFor();

    await expectNoViolations(page, "monthly results");
    // 320 px wide (a small phone, or 200 % zoom): the page itself does not scroll sideways.
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expectNoViolations(page, "monthly results at 320 px");

    expect(errors).toEqual([]);
    await context.close();
  });

  it("lets a ward compare its schools, sort them and download the table", async () => {
    const ward = await send("POST", "/api/admin/units", {
      kind: "ward",
      name: "Phường Hoà Bình",
      slug: "hoa-binh",
      parentId: null,
    });
    expect(ward.status).toBe(201);
    for (const [slug, name] of [
      ["th-hoa-binh", "Trường Tiểu học Hoà Bình"],
      ["thcs-hoa-binh", "Trường THCS Hoà Bình"],
    ]) {
      const school = await send("POST", "/api/admin/units", {
        kind: "school",
        name,
        slug,
        parentId: ward.body.id,
      });
      expect(school.status).toBe(201);
    }
    // The demo school (published, below its target) joins the ward too.
    expect(
      (await send("PATCH", `/api/admin/units/${await demoId()}`, { parentId: ward.body.id })).status,
    ).toBe(200);

    const { context, page, errors } = await openConsole();
    await page.getByLabel("Đơn vị", { exact: true }).selectOption({ label: "Phường Hoà Bình" });
    await openResults(page);
    const table = page.getByRole("table", { name: "So sánh các trường — tháng 11/2026" });
    await table.waitFor();
    const names = () =>
      table.locator("tbody th").evaluateAll((cells) => cells.map((c) => c.firstChild?.textContent));
    expect(await names()).toEqual([
      "Trường THCS Hoà Bình",
      "Trường Tiểu học Demo",
      "Trường Tiểu học Hoà Bình",
    ]);
    const demoRow = table.getByRole("row").filter({ hasText: "Trường Tiểu học Demo" });
    await demoRow.getByText("Đã công bố (lần 2)").waitFor();
    await demoRow
      .getByText(/^✗ Dưới mục tiêu$/)
      .first()
      .waitFor();
    await demoRow.getByText("Có chỉ tiêu dưới mục tiêu").waitFor();
    const other = table.getByRole("row").filter({ hasText: "Trường THCS Hoà Bình" });
    await other.getByText("Chưa công bố (số liệu tạm tính)").waitFor();
    expect(await other.getByText(/dưới mục tiêu/i).count()).toBe(0);

    // Sorting: buttons in the headers, the state in aria-sort.
    const header = (name: string) => table.getByRole("columnheader", { name, exact: true });
    expect(await header("Trường").getAttribute("aria-sort")).toBe("ascending");
    await table.getByRole("button", { name: "Trường", exact: true }).click();
    expect(await header("Trường").getAttribute("aria-sort")).toBe("descending");
    expect(await names()).toEqual([
      "Trường Tiểu học Hoà Bình",
      "Trường Tiểu học Demo",
      "Trường THCS Hoà Bình",
    ]);
    await table.getByRole("button", { name: "Số phiếu trả lời", exact: true }).click();
    expect(await header("Số phiếu trả lời").getAttribute("aria-sort")).toBe("descending");
    expect(await header("Trường").getAttribute("aria-sort")).toBeNull();
    expect((await names())[0]).toBe("Trường Tiểu học Demo");
    await page.getByText("Đã sắp xếp theo “Số phiếu trả lời”, giảm dần.").waitFor();

    // The CSV is made in the browser: UTF-8 with a BOM, in the order shown.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Tải CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`so-sanh-hoa-binh-${MONTH}.csv`);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^unit_slug,unit_name,month,satisfaction_index,responses,/);
    expect(lines).toHaveLength(4);
    // The published revision keeps the target it was published with.
    expect(lines[1]).toMatch(/^demo,Trường Tiểu học Demo,2026-11,0\.73\d*,19,0\.85,false,/);
    expect(lines.slice(2).map((line) => line.split(",")[1])).toEqual([
      "Trường THCS Hoà Bình",
      "Trường Tiểu học Hoà Bình",
    ]);

    await expectNoViolations(page, "the ward's comparison");
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expectNoViolations(page, "the ward's comparison at 320 px");

    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a vice-principal the results without a way to change or publish them", async () => {
    const user = await server.database.db
      .insertInto("app_user")
      .values({
        email: MANAGER_EMAIL,
        display_name: "Nguyễn Thị Lan",
        password_hash: await hashPassword(MANAGER_PASSWORD),
        created_at: server.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await server.database.db
      .insertInto("membership")
      .values({ user_id: user.id, unit_id: await demoId(), role: "manager", created_at: server.clock.now() })
      .execute();

    const { context, page, errors } = await openConsole(MANAGER_EMAIL, MANAGER_PASSWORD);
    await openResults(page);
    await page.getByText("Bạn chỉ được xem.", { exact: false }).waitFor();
    await page.getByText("Đã công bố lần 2 ngày", { exact: false }).waitFor();
    await page.getByText(COMMENTARY).waitFor();
    await page.getByRole("table", { name: "Các lần công bố tháng 11/2026" }).waitFor();
    // The official documents are for everyone who reads the results.
    await page.getByRole("link", { name: "Thông báo (PDF)", exact: true }).waitFor();
    await page.getByRole("link", { name: "Báo cáo năm 2026 (Word)", exact: true }).waitFor();
    for (const name of ["Làm mới số liệu", "Công bố", "Lưu số liệu thủ tục", "Lưu cài đặt"])
      expect(await page.getByRole("button", { name, exact: true }).count()).toBe(0);
    expect(await page.getByRole("textbox").count()).toBe(0);

    expect(errors).toEqual([]);
    await context.close();
  });
});
