import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_EMAIL, ADMIN_PASSWORD, signIn as apiSignIn } from "../support/app.ts";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

const SUBJECT = "Thu tiền học thêm không đúng quy định";
const FIXED = "Nhà trường đã yêu cầu dừng thu và hoàn trả 300.000 đồng cho từng phụ huynh lớp 4A.";

/**
 * The petition inbox end to end: a parent's complaint arrives, the principal sees it in the inbox
 * on time, acknowledges it with the bulk action, answers it from a template with the facts filled
 * in, and the parent's tracking page shows the answer; the month's dashboard counts it answered
 * early. A paper case registered 20 days ago shows as overdue and gets its apology letter.
 */
describe.skipIf(!chromiumPath)("a principal works petitions from the console", () => {
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

  async function openConsole(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    // A phone-sized screen: the inbox has to work there too.
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
    await page.goto(`${server.baseUrl}/admin/`);
    await page.getByLabel("Email").fill(ADMIN_EMAIL);
    await page.getByLabel("Mật khẩu", { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByRole("button", { name: "Đăng xuất" }).waitFor();
    return { context, page, errors };
  }

  const nav = (page: Page, name: string) =>
    page.getByRole("navigation", { name: "Chức năng chính" }).getByRole("link", { name, exact: true });
  const rowOf = (page: Page, code: string) =>
    page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: code }) });
  const cellOf = (page: Page, table: string, row: string) =>
    page
      .getByRole("table", { name: table })
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: row, exact: true }) })
      .getByRole("cell");

  it("acknowledges and answers a complaint; the parent sees the answer and the month counts it early", async () => {
    const submitted = await fetch(`${server.baseUrl}/api/public/units/demo/petitions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        submissionId: crypto.randomUUID(),
        kind: "complaint",
        subject: SUBJECT,
        content: "Lớp 4A thu 300.000 đồng mỗi tháng tiền học thêm mà không có thông báo của nhà trường.",
        contact: { name: "Trần Thị Bình", email: "binh.tran@example.vn" },
        consentToContact: true,
        consentToPublish: false,
      }),
    });
    expect(submitted.status).toBe(201);
    const { trackingCode, citizenKey } = (await submitted.json()) as {
      trackingCode: string;
      citizenKey: string;
    };

    const { context, page, errors } = await openConsole();
    await nav(page, "Phản ánh, kiến nghị").click();
    await page.getByRole("heading", { level: 1, name: "Phản ánh, kiến nghị" }).waitFor();

    // In the inbox: a complaint, waiting for acknowledgement, on track (30 days to answer).
    const row = rowOf(page, trackingCode);
    await row.getByText("Trong hạn", { exact: true }).waitFor();
    await row.getByText("Khiếu nại", { exact: true }).waitFor();
    await row.getByText(SUBJECT).waitFor();
    await row.getByText("Chờ tiếp nhận", { exact: true }).waitFor();

    // Acknowledged with the bulk action.
    await row.getByRole("checkbox", { name: `Chọn hồ sơ ${trackingCode}` }).check();
    await page.getByRole("button", { name: "Tiếp nhận 1 hồ sơ đã chọn" }).click();
    await page.getByText("Đã tiếp nhận 1 hồ sơ.").waitFor();
    await row.getByText("Đã tiếp nhận", { exact: true }).waitFor();
    expect(await row.getByRole("checkbox").count()).toBe(0);

    // The case page: facts, the sender (the principal may see them), the three clocks.
    await row.getByRole("link", { name: trackingCode }).click();
    await page.getByRole("heading", { level: 1, name: SUBJECT }).waitFor();
    await page.getByText("binh.tran@example.vn").first().waitFor();
    const clocks = page.getByRole("table", { name: /Thời hạn và kết quả/ });
    expect(await clocks.getByRole("row").filter({ hasText: "Tiếp nhận" }).first().textContent()).toContain(
      "Sớm hạn",
    );

    // An internal note is labelled as such in the history.
    await page.getByLabel("Ghi chú nội bộ").fill("Đã xác minh với giáo viên chủ nhiệm lớp 4A.");
    await page.getByRole("button", { name: "Thêm ghi chú nội bộ" }).click();
    await page.getByText("Đã thêm ghi chú nội bộ.").waitFor();
    const note = page
      .getByRole("listitem")
      .filter({ hasText: "Đã xác minh với giáo viên chủ nhiệm lớp 4A." });
    await note.getByText("Nội bộ", { exact: true }).waitFor();

    // The answer: a template, then the facts in place of every [placeholder].
    await page.getByRole("button", { name: "Trả lời", exact: true }).click();
    await page.getByRole("button", { name: "Chèn mẫu: Đã khắc phục, có minh chứng" }).click();
    const answer = page.getByLabel("Câu trả lời gửi người gửi");
    const template = await answer.inputValue();
    expect(template).toContain("Minh chứng:");
    // Placeholders left in: refused before anything is sent.
    await page.getByRole("button", { name: "Gửi câu trả lời" }).click();
    await page.getByText("phần trong ngoặc vuông chưa điền", { exact: false }).waitFor();
    const filled = template
      .replace("[tóm tắt nội dung]", "thu tiền học thêm lớp 4A")
      .replace("[ngày/tháng]", "24/11")
      .replace("[kết quả kiểm tra]", "khoản thu không có trong kế hoạch được duyệt")
      .replace("[việc đã làm]", FIXED)
      .replace(/\[[^\]]+\]/g, "biên bản làm việc số 12/BB-THDEMO");
    await answer.fill(filled);
    await page.getByRole("button", { name: "Gửi câu trả lời" }).click();
    const dialog = page.getByRole("dialog", { name: "Gửi câu trả lời?" });
    await dialog.getByText("binh.tran@example.vn", { exact: false }).waitFor();
    await dialog.getByRole("button", { name: "Gửi câu trả lời" }).click();
    await page.getByText("Đã gửi câu trả lời.").waitFor();
    await page.getByTestId("case-answer").getByText(FIXED, { exact: false }).waitFor();
    await page.getByText("Đã trả lời", { exact: true }).first().waitFor();

    // The parent's tracking page: answered, with the answer, without the internal note.
    const tracked = (await (
      await fetch(`${server.baseUrl}/api/public/petitions/${trackingCode}`, {
        headers: { "X-Citizen-Key": citizenKey },
      })
    ).json()) as {
      state: string;
      answer: string;
      outcome: string;
    };
    expect(tracked.state).toBe("answered");
    expect(tracked.outcome).toBe("early");
    expect(tracked.answer).toContain(FIXED);
    expect(tracked.answer).not.toMatch(/\[[^\]]+\]/);
    expect(JSON.stringify(tracked)).not.toContain("giáo viên chủ nhiệm");

    // The dashboard opens on the current month: one answered, early, against the targets.
    await nav(page, "Số liệu").click();
    await page.getByRole("heading", { level: 1, name: "Số liệu phản ánh, kiến nghị" }).waitFor();
    expect(await page.getByLabel("Tháng", { exact: true }).inputValue()).toBe("2026-11");
    const counts = "Số hồ sơ — Tháng 11 năm 2026";
    await expect.poll(async () => (await cellOf(page, counts, "Đã trả lời").textContent())?.trim()).toBe("1");
    expect((await cellOf(page, counts, "Trả lời sớm hạn").textContent())?.trim()).toBe("1");
    expect((await cellOf(page, counts, "Trả lời trễ hạn").textContent())?.trim()).toBe("0");
    const early = page
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: "Tỷ lệ sớm hạn" }) });
    expect((await early.getByTestId("rate-early").textContent())?.replace(/\s/g, "")).toBe("100%");
    await early.getByText("Mục tiêu: ≥ 50% sớm hạn").waitFor();
    await early.getByText("Đạt", { exact: true }).waitFor();

    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a paper case received 20 days ago as overdue and records its apology letter", async () => {
    const unit = await server.database.db
      .selectFrom("unit")
      .select("id")
      .where("slug", "=", "demo")
      .executeTakeFirstOrThrow();
    // Browser tests talk to a real HTTP server: sign in for a cookie and register through the API.
    const cookie = await apiSignIn(server.app);
    const receivedAt = new Date(server.clock.now().getTime() - 20 * 24 * 3600_000);
    const local = new Date(receivedAt.getTime() + 7 * 3600_000).toISOString().slice(0, 19);
    const registered = await fetch(`${server.baseUrl}/api/admin/units/${unit.id}/petitions`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie },
      body: JSON.stringify({
        kind: "reflection",
        channel: "paper",
        subject: "Đèn hành lang tầng 2 hỏng",
        content: "Phụ huynh gửi đơn báo đèn hành lang tầng 2 dãy B hỏng.",
        receivedAt: `${local}+07:00`,
      }),
    });
    expect(registered.status).toBe(201);
    const { trackingCode } = (await registered.json()) as { trackingCode: string };

    const { context, page, errors } = await openConsole();
    await nav(page, "Phản ánh, kiến nghị").click();
    await rowOf(page, trackingCode).getByText("Quá hạn", { exact: true }).waitFor();

    // The due filter keeps only what is overdue (the filters are folded away on a phone).
    await page.locator("summary", { hasText: "Lọc hồ sơ" }).click();
    await page.getByLabel("Thời hạn", { exact: true }).selectOption({ label: "Quá hạn" });
    await page.getByRole("button", { name: "Lọc", exact: true }).click();
    await page.getByText("1 hồ sơ", { exact: true }).waitFor();
    await rowOf(page, trackingCode).waitFor();

    // The late case offers the apology letter, which is recorded and downloadable.
    await rowOf(page, trackingCode).getByRole("link", { name: trackingCode }).click();
    await page.getByRole("heading", { level: 2, name: "Thư xin lỗi" }).waitFor();
    await page.getByLabel("Số văn bản").fill("15/TB-THDEMO");
    await page.getByLabel("Ngày hẹn trả lời mới").fill("2026-11-30");
    await page.getByLabel("Địa danh").fill("Cự Khê");
    await page.getByLabel("Họ tên người ký").fill("Nguyễn Thị Hoa");
    await page.getByRole("button", { name: "Ghi nhận và tạo thư (PDF)" }).click();
    await page.getByText("Đã ghi nhận thư xin lỗi.").waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Tải thư xin lỗi (PDF)" }).click(),
    ]);
    const pdf = await readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await page.getByRole("listitem").filter({ hasText: "Thư xin lỗi" }).getByText("Công khai").waitFor();

    expect(errors).toEqual([]);
    await context.close();
  });
});
