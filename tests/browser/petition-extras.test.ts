import type { Browser, BrowserContext, Page } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_EMAIL, ADMIN_PASSWORD, signIn as apiSignIn } from "../support/app.ts";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

const QUESTION = "Nhà trường có tổ chức bán trú cho học sinh lớp 1 từ học kỳ II không?";
const ANSWER =
  "Từ học kỳ II, nhà trường tổ chức bán trú cho tất cả các lớp 1; phụ huynh đăng ký với giáo viên.";

/** A small PNG, as a phone photo of a notice would be (only its type and size matter). */
function pngBytes(): Buffer {
  const png = new PNG({ width: 24, height: 16 });
  for (let i = 0; i < png.data.length; i += 4) {
    png.data[i] = 200;
    png.data[i + 1] = 80 + (i % 120);
    png.data[i + 2] = 40;
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}

/**
 * The principal's extra tools: the unit's working-day calendar (a storm day off), files added by
 * staff to a case, and a redacted question and answer published on the school's public page.
 */
describe.skipIf(!chromiumPath)("a principal keeps the calendar and publishes an answered question", () => {
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
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    const page = await context.newPage();
    const errors: string[] = [];
    // Expected: the sign-in check before the form (401), the refused day (409) and file (415), and
    // the personal data found in the Q&A before it is masked (422).
    page.on(
      "console",
      (m) => m.type() === "error" && !/status of (401|409|415|422)/.test(m.text()) && errors.push(m.text()),
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

  it("adds a day off for a storm to the school's calendar", async () => {
    const { context, page, errors } = await openConsole();
    await nav(page, "Lịch làm việc").click();
    await page.getByRole("heading", { level: 1, name: "Lịch làm việc" }).waitFor();
    await page.getByText("hạn của các hồ sơ đang xử lý chưa quá hạn", { exact: false }).waitFor();

    await page.getByLabel("Ngày", { exact: true }).fill("2026-12-04");
    await page.getByLabel("Loại ngày").selectOption({ label: "Ngày nghỉ hoán đổi" });
    await page.getByLabel("Tên ngày").fill("Nghỉ do bão số 15");
    await page.getByRole("button", { name: "Thêm ngày" }).click();
    await page.getByText("Đã thêm ngày", { exact: false }).waitFor();

    const table = page.getByRole("table", { name: "Lịch làm việc của Trường Tiểu học Demo — năm 2026" });
    const row = table.getByRole("row").filter({ hasText: "Nghỉ do bão số 15" });
    await row.getByRole("cell", { name: "Đơn vị này", exact: true }).waitFor();
    await row.getByRole("cell", { name: "Ngày nghỉ hoán đổi", exact: true }).waitFor();
    // The national days are listed too, and cannot be removed from here.
    const national = table.getByRole("row").filter({ hasText: "Quốc gia" });
    expect(await national.count()).toBeGreaterThan(0);
    expect(await national.first().getByRole("button").count()).toBe(0);

    // The same day again is refused next to the date.
    await page.getByLabel("Ngày", { exact: true }).fill("2026-12-04");
    await page.getByLabel("Tên ngày").fill("Nghỉ do bão số 15");
    await page.getByRole("button", { name: "Thêm ngày" }).click();
    await page.locator("#calendar-day-error").getByText("Ngày này đã có trong lịch của đơn vị.").waitFor();

    expect(errors).toEqual([]);
    await context.close();
  });

  it("adds a staff file to an answered question and publishes the redacted Q&A", async () => {
    const submitted = await fetch(`${server.baseUrl}/api/public/units/demo/petitions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        submissionId: crypto.randomUUID(),
        kind: "question",
        subject: "Bán trú lớp 1",
        content: `Tôi là Lê Văn Cường, phụ huynh em Lê Minh An lớp 1B. ${QUESTION}`,
        contact: { name: "Lê Văn Cường", phone: "0912345678" },
        consentToContact: true,
        consentToPublish: true,
      }),
    });
    expect(submitted.status).toBe(201);
    const { trackingCode } = (await submitted.json()) as { trackingCode: string };
    const { id } = await server.database.db
      .selectFrom("petition")
      .select("id")
      .where("tracking_code", "=", trackingCode)
      .executeTakeFirstOrThrow();

    // Answered through the API: a quick question is answered at once.
    const cookie = await apiSignIn(server.app);
    const answered = await fetch(`${server.baseUrl}/api/admin/petitions/${id}/transitions`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie },
      // The tracking page is public to whoever holds the code: a name there needs the staff's confirmation.
      body: JSON.stringify({
        event: "answer",
        answer: `Kính gửi ông Lê Văn Cường, ${ANSWER}`,
        confirmPersonalData: true,
      }),
    });
    expect(answered.status).toBe(200);

    const { context, page, errors } = await openConsole();
    await page.goto(`${server.baseUrl}/admin/petitions/${id}`);
    await page.getByRole("heading", { level: 1, name: "Bán trú lớp 1" }).waitFor();

    // A staff file: uploaded, listed as added by staff, downloadable.
    await page.getByLabel("Thêm tệp của cán bộ").setInputFiles({
      name: "thong-bao-ban-tru.png",
      mimeType: "image/png",
      buffer: pngBytes(),
    });
    await page.getByRole("button", { name: "Tải tệp lên" }).click();
    await page.getByText("Đã tải lên tệp thong-bao-ban-tru.png.").waitFor();
    const file = page.getByRole("listitem").filter({ hasText: "thong-bao-ban-tru.png" });
    await file.getByText("cán bộ đính kèm", { exact: false }).waitFor();
    const href = await file.getByRole("link", { name: "thong-bao-ban-tru.png" }).getAttribute("href");
    const download = await fetch(`${server.baseUrl}${href}`, { headers: { Cookie: cookie } });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toContain("image/png");

    // Not a picture: refused in Vietnamese.
    await page.getByLabel("Thêm tệp của cán bộ").setInputFiles({
      name: "ghi-chu.png",
      mimeType: "image/png",
      buffer: Buffer.from("chỉ là chữ, không phải ảnh"),
    });
    await page.getByRole("button", { name: "Tải tệp lên" }).click();
    await page.getByText("Chỉ nhận ảnh JPEG, PNG hoặc tệp PDF.").waitFor();

    // The Q&A: prefilled from the case, redacted, published.
    const publication = page.getByRole("region", { name: "Công khai hỏi – đáp" });
    await publication
      .getByText("xoá họ tên, số điện thoại, địa chỉ, tên học sinh và lớp học", { exact: false })
      .waitFor();
    const question = publication.getByLabel("Câu hỏi được công khai");
    expect(await question.inputValue()).toContain("Lê Văn Cường");
    const answer = publication.getByLabel("Câu trả lời được công khai");
    expect(await answer.inputValue()).toContain(ANSWER);
    // Published as prefilled, the names are caught and listed; "Xoá/che" masks each of them.
    await publication.getByRole("button", { name: "Công khai", exact: true }).click();
    const review = publication.getByRole("alert").filter({ hasText: "Có thể có thông tin cá nhân" });
    await review.getByText("Họ tên: «Lê Văn Cường»").first().waitFor();
    await review.getByText("Lớp của học sinh: «lớp 1B»").waitFor();
    await review.getByRole("button", { name: "Xoá/che" }).click();
    expect(await question.inputValue()).not.toContain("Cường");
    expect(await question.inputValue()).toContain("[đã che]");
    expect(await answer.inputValue()).toBe(`Kính gửi ông [đã che], ${ANSWER}`);
    await question.fill(QUESTION);
    await answer.fill(ANSWER);
    await publication.getByRole("button", { name: "Công khai", exact: true }).click();
    await page.getByText("Đã công khai hỏi – đáp.").waitFor();

    const listed = (await (await fetch(`${server.baseUrl}/api/public/units/demo/answers`)).json()) as {
      items: { question: string; answer: string }[];
    };
    expect(listed.items.map((item) => item.question)).toContain(QUESTION);
    expect(JSON.stringify(listed)).not.toContain("Cường");

    // Unpublished again, after a confirmation.
    await publication.getByRole("button", { name: "Thôi công khai" }).click();
    await page
      .getByRole("dialog", { name: "Thôi công khai hỏi – đáp?" })
      .getByRole("button", { name: "Thôi công khai" })
      .click();
    await page.getByText("Đã thôi công khai hỏi – đáp.").waitFor();
    const after = (await (await fetch(`${server.baseUrl}/api/public/units/demo/answers`)).json()) as {
      items: { question: string }[];
    };
    expect(after.items.map((item) => item.question)).not.toContain(QUESTION);

    expect(errors).toEqual([]);
    await context.close();
  });

  it("opens a case from a parent's written comment in the survey results", async () => {
    const comment = "Nên làm mái che chỗ phụ huynh chờ đón con.";
    const answers: Record<string, unknown> = { comment };
    for (const id of [
      "access_place",
      "access_facilities",
      "access_contact",
      "procedure_public",
      "procedure_documents",
      "procedure_fees",
      "staff_polite",
      "staff_listen",
      "staff_guidance",
      "staff_rules",
      "result_correct",
      "result_on_time",
      "feedback_channels",
      "feedback_handling",
      "overall_satisfaction",
    ])
      answers[id] = 4;
    const sent = await fetch(`${server.baseUrl}/api/public/s/${server.demoCode}/responses`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ submissionId: crypto.randomUUID(), answers }),
    });
    expect(sent.status).toBe(201);
    const survey = await server.database.db.selectFrom("survey").select("id").executeTakeFirstOrThrow();
    const { context, page, errors } = await openConsole();
    await page.goto(`${server.baseUrl}/admin/surveys/${survey.id}/results`);
    const section = page.getByRole("region", { name: "Ý kiến bằng chữ" });
    const entry = section.getByRole("listitem").filter({ hasText: comment });
    await entry.getByRole("button", { name: "Tạo hồ sơ phản ánh" }).click();
    const link = entry.getByRole("link", { name: /^DEMO-2611-/ });
    await link.waitFor();
    const code = ((await link.textContent()) ?? "").trim();
    const created = await server.database.db
      .selectFrom("petition")
      .select(["channel", "content"])
      .where("tracking_code", "=", code)
      .executeTakeFirstOrThrow();
    expect(created).toEqual({ channel: "survey_comment", content: comment });
    expect(errors).toEqual([]);
    await context.close();
  });
});
