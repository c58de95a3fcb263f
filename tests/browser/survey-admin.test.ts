import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_EMAIL, ADMIN_PASSWORD, fullSipasAnswers } from "../support/app.ts";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

const SIPAS_TITLE = "Khảo sát sự hài lòng của cha mẹ học sinh về sự phục vụ của nhà trường";
const CHANNEL = "Nhóm Zalo lớp 3A";

/**
 * The survey console end to end: a principal makes a SIPAS survey from the template, adds a link
 * for a class Zalo group, publishes it; a parent answers through that link; the results count the
 * answer for that channel with a 100 % top-two-box, and the CSV export carries the receipt.
 */
describe.skipIf(!chromiumPath)("a principal runs a SIPAS survey from the console", () => {
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

  async function signIn(page: Page) {
    await page.goto(`${server.baseUrl}/admin/`);
    await page.getByLabel("Email").fill(ADMIN_EMAIL);
    await page.getByLabel("Mật khẩu", { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByRole("button", { name: "Đăng xuất" }).waitFor();
  }

  const tab = (page: Page, name: string) =>
    page.getByRole("navigation", { name: "Các mục của khảo sát" }).getByRole("link", { name });

  it("creates, publishes, counts one answer per channel and exports it", async () => {
    // A phone-sized screen: the console has to work there too.
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "vi-VN",
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    // The console asks who is signed in before the sign-in form; that first 401 is expected.
    page.on(
      "console",
      (m) => m.type() === "error" && !/status of 401/.test(m.text()) && errors.push(m.text()),
    );
    await signIn(page);

    // Create from the SIPAS template, with our own name.
    await page.getByRole("button", { name: "Tạo khảo sát", exact: true }).click();
    await page.getByRole("radio", { name: SIPAS_TITLE }).check();
    await page.getByLabel("Tên khảo sát (tiếng Việt)").fill("Khảo sát SIPAS học kỳ I");
    await page.getByRole("button", { name: "Tạo từ mẫu đã chọn" }).click();
    await page.getByRole("heading", { level: 1, name: "Khảo sát SIPAS học kỳ I" }).waitFor();
    const surveyId = page.url().match(/\/admin\/surveys\/([0-9a-f-]{36})/)?.[1];
    expect(surveyId, page.url()).toBeTruthy();
    await page.getByText("Bản nháp", { exact: true }).first().waitFor();

    // A link for the class Zalo group.
    await tab(page, "Đường dẫn và mã QR").click();
    await page.getByRole("heading", { level: 2, name: "Đường dẫn và mã QR" }).waitFor();
    await page.getByLabel("Tên kênh", { exact: true }).fill(CHANNEL);
    await page.getByRole("button", { name: "Thêm đường dẫn" }).click();
    await page.getByText(`Đã thêm đường dẫn “${CHANNEL}”.`).waitFor();
    const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: CHANNEL }) });
    const url = (await card.getByRole("link", { name: /\/s\// }).textContent()) ?? "";
    const code = url.match(/\/s\/([A-Za-z0-9]+)/)?.[1];
    expect(code, url).toBeTruthy();
    expect(await card.getByRole("link", { name: /Tải áp phích \(PDF\)/ }).getAttribute("href")).toContain(
      "/poster.pdf",
    );

    // Publish the draft as it came from the template.
    await tab(page, "Câu hỏi").click();
    await page.getByRole("button", { name: "Xuất bản", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Xuất bản bản nháp?" });
    await dialog.getByText("Các phiếu đã nhận vẫn giữ nguyên phiên bản", { exact: false }).waitFor();
    await dialog.getByRole("button", { name: "Xuất bản" }).click();
    await page.getByText("Đã xuất bản phiên bản 1.").waitFor();
    await page.getByRole("button", { name: "Tạo bản nháp từ phiên bản đang dùng" }).waitFor();

    // A parent answers through the Zalo link: every question "Hài lòng" (4).
    const submitted = await fetch(`${server.baseUrl}/api/public/s/${code}/responses`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ submissionId: crypto.randomUUID(), answers: fullSipasAnswers(4) }),
    });
    expect(submitted.status).toBe(201);
    const { receipt } = (await submitted.json()) as { receipt: string };

    // Results: one response, all of it from the Zalo group, 100 % satisfied.
    await tab(page, "Kết quả").click();
    await expect.poll(() => page.getByTestId("results-total").textContent()).toBe("1");
    const byLink = page.getByRole("table", { name: "Số phiếu theo đường dẫn" });
    const zaloRow = byLink.getByRole("row").filter({ has: page.getByRole("rowheader", { name: CHANNEL }) });
    expect((await zaloRow.getByRole("cell").first().textContent())?.trim()).toBe("1");
    const gateRow = byLink
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: "Cổng trường" }) });
    expect((await gateRow.getByRole("cell").first().textContent())?.trim()).toBe("0");

    const question = page.locator('[data-question-id="access_place"]');
    await expect.poll(() => question.getByText("Tỷ lệ hài lòng (mức 4–5)").isVisible()).toBe(true);
    expect((await question.getByTestId("top-two-box").textContent())?.replace(/\s/g, "")).toBe("100%");
    const distribution = question.getByRole("table");
    const satisfied = distribution
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: "4 – Hài lòng" }) });
    expect((await satisfied.textContent())?.replace(/\s/g, "")).toContain("1100%");

    // The CSV export of the same filters carries the parent's receipt.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Tải phiếu trả lời (CSV)" }).click(),
    ]);
    const csv = await readFile((await download.path())!, "utf8");
    expect(csv).toContain(receipt);
    expect(csv).toContain(CHANNEL);

    // And the survey list shows it open, with its count.
    await page.getByRole("link", { name: "← Danh sách khảo sát" }).click();
    const row = page
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name: "Khảo sát SIPAS học kỳ I" }) });
    await row.getByText("Đang mở").waitFor();
    expect((await row.getByTestId("response-count").textContent())?.trim()).toBe("1");

    expect(errors).toEqual([]);
    await context.close();
  });
});
