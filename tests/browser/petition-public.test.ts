/// <reference lib="dom" />
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "../support/app.ts";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const CODE = /^DEMO-\d{4}-[2-9A-HJ-NP-Z]{6}$/;
const FORM_TITLE = "Gửi phản ánh, kiến nghị";
const DONE_TITLE = "Đã gửi thành công";
const SAVED_STATUS = "Nội dung đã được lưu trên máy, sẽ tự gửi khi có mạng";
const CONSENT_CONTACT = "Tôi đồng ý để nhà trường liên hệ lại";
const CONSENT_PUBLISH = "Đồng ý công khai câu hỏi và câu trả lời (không kèm thông tin cá nhân)";
const SUBJECT = "Thu tiền quỹ lớp không có biên lai";
const CONTENT =
  "Đầu năm học, lớp 3A thu mỗi phụ huynh 500.000 đồng tiền quỹ lớp nhưng không có biên lai và chưa công khai chi tiêu. Đề nghị nhà trường xem xét.";
const EMAIL = "phu.huynh.3a@example.vn";
const ANSWER =
  "Nhà trường đã làm việc với ban đại diện cha mẹ học sinh lớp 3A: từ tuần sau, mọi khoản thu có biên lai và bảng chi được dán ở bảng tin lớp.";
const DENUNCIATION_REASON = "Tố cáo cần ghi rõ họ tên và số điện thoại hoặc email của người tố cáo.";

/** "dd/mm/yyyy" of an instant in Vietnam's time. */
function vnDate(at: Date): string {
  const vn = new Date(at.getTime() + 7 * 3600_000).toISOString();
  return `${vn.slice(8, 10)}/${vn.slice(5, 7)}/${vn.slice(0, 4)}`;
}

/**
 * A parent sends a complaint with a photo from a phone whose connection drops, gets a tracking code
 * once the network is back (registered once, with its file), follows it, reads the school's answer
 * and rates it; a denunciation without the denouncer's name is refused on the page with the legal
 * reason; the survey page does not download any of this.
 */
describe.skipIf(!chromiumPath)("a parent sends a petition and follows it", () => {
  let server: RunningServer;
  let browser: Browser;
  let folder: string;
  let photoPath: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    folder = mkdtempSync(path.join(tmpdir(), "gopy-petition-"));
    const png = new PNG({ width: 32, height: 24 });
    for (let i = 0; i < png.data.length; i += 4) {
      png.data[i] = 40;
      png.data[i + 1] = 120 + (i % 100);
      png.data[i + 2] = 200;
      png.data[i + 3] = 255;
    }
    photoPath = path.join(folder, "anh-bien-lai.png");
    writeFileSync(photoPath, PNG.sync.write(png));
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  /** A new phone: its own profile, so its own localStorage. */
  async function phone(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    contexts.push(context);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.baseUrl });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    return { context, page, errors };
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

  const db = () => server.database.db;
  const petitions = () => db().selectFrom("petition").selectAll().execute();

  const activeElement = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return {
        id: el?.id ?? "",
        tag: el?.tagName.toLowerCase() ?? "",
        text: el?.textContent?.trim() ?? "",
        invalid: el?.getAttribute("aria-invalid") ?? null,
        describedBy: (el?.getAttribute("aria-describedby") ?? "")
          .split(" ")
          .filter(Boolean)
          .map((id) => document.getElementById(id)?.textContent?.trim() ?? `missing #${id}`),
      };
    });

  it("sends a complaint with a photo through a dropped connection, once; follows it and rates the answer", async () => {
    const { context, page, errors } = await phone();
    await page.goto(`${server.baseUrl}/p/demo`);
    await page.getByRole("heading", { level: 1, name: FORM_TITLE }).waitFor();
    await page.getByText("Trường Tiểu học Demo").waitFor();

    // Consent is never assumed: both boxes start unticked.
    expect(await page.getByRole("checkbox", { name: CONSENT_CONTACT }).isChecked()).toBe(false);
    expect(await page.getByRole("checkbox", { name: CONSENT_PUBLISH }).isChecked()).toBe(false);
    // Each kind has a plain explanation.
    const complaint = page.getByRole("radio", { name: "Khiếu nại", exact: true });
    await complaint.check();
    expect(await complaint.getAttribute("aria-describedby")).toBeTruthy();
    await page.getByText("Đề nghị xem xét lại một quyết định hay việc làm của nhà trường").waitFor();

    await page.getByLabel("Tiêu đề").fill(SUBJECT);
    await page.getByLabel("Nội dung").fill(CONTENT);
    await page.getByText(`${CONTENT.length}/4.000 ký tự`).waitFor();
    await page.getByLabel("Họ và tên").fill("Trần Thị Bình");
    await page.getByLabel("Email").fill(EMAIL);
    await page.getByRole("checkbox", { name: CONSENT_CONTACT }).check();

    // The photo is uploaded as soon as it is picked.
    await page.getByLabel("Ảnh hoặc tài liệu kèm theo").setInputFiles(photoPath);
    const fileRow = page.getByRole("listitem").filter({ hasText: "anh-bien-lai.png" });
    await fileRow.getByText("Đã tải lên").waitFor();
    expect(await fileRow.getByRole("button", { name: "Xoá tệp anh-bien-lai.png" }).isVisible()).toBe(true);

    // A reload (or a crash) loses nothing: the draft, the kind, the consent and the uploaded file.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: FORM_TITLE }).waitFor();
    expect(await page.getByLabel("Tiêu đề").inputValue()).toBe(SUBJECT);
    expect(await page.getByLabel("Nội dung").inputValue()).toBe(CONTENT);
    expect(await page.getByRole("radio", { name: "Khiếu nại", exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole("checkbox", { name: CONSENT_CONTACT }).isChecked()).toBe(true);
    await fileRow.getByText("Đã tải lên").waitFor();

    // The network drops; the parent presses "Gửi": the page says it is kept and will be sent.
    await context.setOffline(true);
    await page.getByRole("button", { name: "Gửi", exact: true }).click();
    await page.getByTestId("submit-status").getByText(SAVED_STATUS).waitFor();
    await page.getByText(/Tự động thử lại sau \d+ giây/).waitFor();
    expect(await petitions()).toHaveLength(0);
    const pending = await page.evaluate(() => JSON.parse(localStorage.getItem("gopy.petition.demo") ?? "{}"));
    expect(pending).toMatchObject({ status: "pending", pending: { kind: "complaint", subject: SUBJECT } });
    expect(pending.pending.submissionId).toBe(pending.submissionId);

    // Back online: sent by itself, and confirmed.
    await context.setOffline(false);
    await page.getByRole("heading", { level: 1, name: DONE_TITLE }).waitFor({ timeout: 5_000 });
    const code = ((await page.getByTestId("tracking-code").textContent()) ?? "").trim();
    expect(code).toMatch(CODE);
    const key = ((await page.getByTestId("citizen-key").textContent()) ?? "").replace(/\s/g, "");
    expect(key).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);

    const rows = await petitions();
    expect(rows).toHaveLength(1);
    const petition = rows[0]!;
    expect(petition).toMatchObject({
      tracking_code: code,
      submission_id: pending.submissionId,
      kind: "complaint",
      subject: SUBJECT,
      consent_contact: true,
      consent_publish: false,
      state: "received",
    });
    const files = await db().selectFrom("petition_attachment").selectAll().execute();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({
      petition_id: petition.id,
      filename: "anh-bien-lai.png",
      media_type: "image/png",
    });
    const mail = await db().selectFrom("outbox").selectAll().where("recipient", "=", EMAIL).execute();
    expect(mail).toHaveLength(1);

    // The confirmation: the deadlines in Vietnamese, the email, the code to copy, the tracking link.
    const facts = page.locator("dl.facts");
    expect(await facts.textContent()).toContain(vnDate(petition.acknowledge_by));
    expect(await facts.textContent()).toContain(vnDate(petition.answer_by));
    expect(await facts.textContent()).toMatch(/Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ nhật/);
    await page.getByText("Một email kèm mã theo dõi và mã bí mật đã được gửi").waitFor();
    await page.getByRole("button", { name: "Sao chép mã", exact: true }).click();
    await page.getByRole("status").getByText(`Đã sao chép mã ${code}.`).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    // Nothing personal stays on the phone once the school has it.
    const saved = await page.evaluate(() => localStorage.getItem("gopy.petition.demo") ?? "");
    expect(saved).toContain(code);
    for (const secret of [EMAIL, "Trần Thị Bình", SUBJECT]) expect(saved).not.toContain(secret);
    await expectNoViolations(page, "confirmation");

    // The tracking page says where it stands, in words.
    await page.getByRole("link", { name: "Xem tiến độ xử lý" }).click();
    await page.waitForURL(`**/t/${code}#k=${key}`);
    expect((await page.getByTestId("case-state").textContent())?.trim()).toBe("Đã tiếp nhận");
    await page.getByRole("heading", { name: "Quá trình xử lý" }).waitFor();
    await page.getByText("Thứ Hai, 23/11/2026").first().waitFor();
    const tracking = (await page.locator("main").textContent()) ?? "";
    for (const secret of [EMAIL, "Trần Thị Bình", "biên lai và chưa công khai"])
      expect(tracking).not.toContain(secret);
    // Still open: it can be withdrawn, not rated.
    await page.getByRole("button", { name: "Rút đơn", exact: true }).waitFor();
    expect(await page.getByRole("button", { name: "Gửi đánh giá" }).count()).toBe(0);
    await expectNoViolations(page, "tracking page");

    // The school answers it from the console (through the staff API).
    const cookie = await signIn(server.app);
    const answered = await fetch(`${server.baseUrl}/api/admin/petitions/${petition.id}/transitions`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: server.baseUrl, Cookie: cookie },
      body: JSON.stringify({ event: "answer", answer: ANSWER }),
    });
    expect(answered.status).toBe(200);

    await page.reload();
    expect((await page.getByTestId("case-state").textContent())?.trim()).toBe("Đã trả lời");
    expect((await page.getByTestId("case-answer").textContent())?.trim()).toBe(ANSWER);
    await page.getByText("Nhà trường đã trả lời").first().waitFor();
    expect(await page.getByRole("button", { name: "Rút đơn", exact: true }).count()).toBe(0);

    // Rating: "Chưa hài lòng" asks why.
    await page.getByRole("radio", { name: "Chưa hài lòng" }).check();
    await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    await page.getByText("Vui lòng chọn một lý do.").waitFor();
    expect(await activeElement(page)).toMatchObject({ id: "reason-vague", invalid: "true" });
    await expectNoViolations(page, "rating form with an error");
    await page.getByRole("radio", { name: "Trả lời chung chung" }).check();
    await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    await page.getByText("Cảm ơn bạn đã đánh giá câu trả lời.").waitFor();
    await page.getByText("Bạn đã đánh giá câu trả lời: Chưa hài lòng.").waitFor();
    const rated = await db()
      .selectFrom("petition")
      .select(["rating", "rating_reason", "rated_at"])
      .where("id", "=", petition.id)
      .executeTakeFirstOrThrow();
    expect(rated).toMatchObject({ rating: "not_satisfied", rating_reason: "vague" });
    expect(rated.rated_at).not.toBeNull();

    // Not resolved: the parent asks for it to be reconsidered, with a reason only staff read.
    await page.getByRole("button", { name: "Đề nghị xem xét lại" }).click();
    const reason = page.getByLabel("Lý do đề nghị xem xét lại");
    await reason.fill("Đến nay lớp vẫn chưa công khai các khoản đã chi.");
    await page.getByRole("button", { name: "Gửi đề nghị" }).click();
    await page.getByText("Đã gửi đề nghị xem xét lại.").waitFor();
    expect((await page.getByTestId("case-state").textContent())?.trim()).toBe("Đề nghị xem xét lại");
    expect(await page.locator("main").textContent()).not.toContain("vẫn chưa công khai các khoản");
    const reopened = await db()
      .selectFrom("petition")
      .select("state")
      .where("id", "=", petition.id)
      .executeTakeFirstOrThrow();
    expect(reopened.state).toBe("reopened");
    expect(await petitions()).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it("refuses a denunciation without the denouncer's name next to the contact fields, and stores nothing", async () => {
    const { page, errors } = await phone();
    const before = (await petitions()).length;
    const posts: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.url().endsWith("/petitions")) posts.push(r.url());
    });
    await page.goto(`${server.baseUrl}/p/demo`);
    await page.getByRole("heading", { level: 1, name: FORM_TITLE }).waitFor();
    await page.getByRole("radio", { name: "Tố cáo", exact: true }).check();
    // The law is explained before anything is typed.
    const contact = page.getByRole("group", { name: /Thông tin người tố cáo/ });
    await contact.getByText(/Danh tính người tố cáo được giữ bí mật/).waitFor();
    await contact.getByText(/Tố cáo nặc danh \(không ghi tên\) không được xử lý/).waitFor();
    // A denunciation is never published: the box is not offered.
    expect(await page.getByRole("checkbox", { name: CONSENT_PUBLISH }).count()).toBe(0);

    // A file that only claims to be a photo: the server reads its content and refuses it, for that file.
    const fake = path.join(folder, "anh-gia.png");
    writeFileSync(fake, "MZ\x90\x00 this is a program, not a photo");
    await page.getByLabel("Ảnh hoặc tài liệu kèm theo").setInputFiles(fake);
    await page
      .getByRole("listitem")
      .filter({ hasText: "anh-gia.png" })
      .getByText("Không nhận loại tệp này: chỉ nhận ảnh JPG, PNG hoặc tệp PDF.")
      .waitFor();

    await page.getByLabel("Tiêu đề").fill("Giáo viên nhận tiền để nâng điểm");
    await page
      .getByLabel("Nội dung")
      .fill("Có giáo viên nhận tiền của phụ huynh để nâng điểm kiểm tra học kỳ.");
    await page.getByLabel("Số điện thoại").fill("0912 345 678");
    await page.getByRole("button", { name: "Gửi", exact: true }).click();

    await contact.getByText(DENUNCIATION_REASON).waitFor();
    await page.getByRole("alert").getByText("Vui lòng kiểm tra lại các mục được đánh dấu.").waitFor();
    const focused = await activeElement(page);
    expect(focused).toMatchObject({ id: "contact-name", invalid: "true" });
    expect(focused.describedBy.join(" ")).toContain("giữ bí mật theo Luật Tố cáo");
    expect(posts).toEqual([]);
    expect(await petitions()).toHaveLength(before);
    await expectNoViolations(page, "form with an error");

    // With the name it goes through, never marked for publication.
    await page.getByLabel("Họ và tên").fill("Lê Văn Cường");
    await page.getByRole("button", { name: "Gửi", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: DONE_TITLE }).waitFor();
    const code = ((await page.getByTestId("tracking-code").textContent()) ?? "").trim();
    const stored = await db()
      .selectFrom("petition")
      .select(["kind", "consent_publish"])
      .where("tracking_code", "=", code)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ kind: "denunciation", consent_publish: false });
    expect(errors).toEqual([]);
  });

  it("a refusal by the server comes back to the form, next to its field, with focus on it", async () => {
    const { page, errors } = await phone();
    const message = "Số điện thoại chưa đúng (máy chủ).";
    await page.route("**/api/public/units/demo/petitions", (route) =>
      route.fulfill({
        status: 422,
        headers: { "Content-Type": "application/problem+json" },
        body: JSON.stringify({
          status: 422,
          code: "validation_failed",
          detail: "Dữ liệu chưa hợp lệ.",
          errors: [{ field: "contact.phone", message }],
        }),
      }),
    );
    await page.goto(`${server.baseUrl}/p/demo`);
    await page.getByRole("radio", { name: "Hỏi đáp", exact: true }).check();
    await page.getByLabel("Tiêu đề").fill("Giờ đón học sinh");
    await page.getByLabel("Nội dung").fill("Xin hỏi giờ đón học sinh bán trú buổi chiều?");
    await page.getByLabel("Số điện thoại").fill("0912 345 678");
    await page.getByRole("button", { name: "Gửi", exact: true }).click();
    await page.getByText(message).waitFor();
    const focused = await activeElement(page);
    expect(focused).toMatchObject({ id: "contact-phone", invalid: "true" });
    expect(focused.describedBy).toContain(`⚠ ${message}`);
    // What was typed is still there, ready to correct and send again.
    expect(await page.getByLabel("Nội dung").inputValue()).toBe(
      "Xin hỏi giờ đón học sinh bán trú buổi chiều?",
    );
    const saved = await page.evaluate(() => JSON.parse(localStorage.getItem("gopy.petition.demo") ?? "{}"));
    expect(saved.status).toBe("draft");
    expect(errors).toEqual([]);
  });

  it("looks a code up from /t and withdraws a case still open after confirming", async () => {
    const { page, errors } = await phone();
    const sent = await fetch(`${server.baseUrl}/api/public/units/demo/petitions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        submissionId: crypto.randomUUID(),
        kind: "question",
        subject: "Lịch họp phụ huynh cuối kỳ",
        content: "Xin hỏi khi nào nhà trường họp phụ huynh cuối học kỳ I?",
        consentToContact: false,
        consentToPublish: true,
      }),
    });
    expect(sent.status).toBe(201);
    const { trackingCode, citizenKey } = (await sent.json()) as { trackingCode: string; citizenKey: string };

    await page.goto(`${server.baseUrl}/t`);
    await page.getByRole("heading", { level: 1, name: "Tra cứu phản ánh, kiến nghị" }).waitFor();
    await page.getByLabel("Mã theo dõi").fill("không phải mã");
    await page.getByRole("button", { name: "Tra cứu" }).click();
    await page.getByText("Mã theo dõi chưa đúng.", { exact: false }).waitFor();
    await expectNoViolations(page, "lookup form with an error");
    // The code alone opens nothing: the same "not found" as an unknown code, and the form again.
    await page.getByLabel("Mã theo dõi").fill(trackingCode.toLowerCase());
    await page.getByRole("button", { name: "Tra cứu" }).click();
    await page.waitForURL(`**/t/${trackingCode}`);
    await page.getByRole("heading", { name: "Không tìm thấy hồ sơ" }).waitFor();
    expect(await page.getByTestId("case-state").count()).toBe(0);
    // With the key as typed from the receipt: lower case, in two groups.
    await page.getByLabel("Mã bí mật").fill("không phải");
    await page.getByRole("button", { name: "Tra cứu" }).click();
    await page.getByText("Mã bí mật chưa đúng", { exact: false }).waitFor();
    await page.getByLabel("Mã bí mật").fill(`${citizenKey.slice(0, 5).toLowerCase()} ${citizenKey.slice(5)}`);
    await page.getByRole("button", { name: "Tra cứu" }).click();
    await page.waitForURL(`**/t/${trackingCode}#k=${citizenKey}`);
    expect((await page.getByTestId("case-state").textContent())?.trim()).toBe("Đã tiếp nhận");
    await page.getByText("Loại: Hỏi đáp").waitFor();

    // Withdrawing asks first; "Không rút" changes nothing.
    await page.getByRole("button", { name: "Rút đơn", exact: true }).click();
    await page.getByRole("heading", { name: "Bạn chắc chắn muốn rút đơn?" }).waitFor();
    expect(await activeElement(page)).toMatchObject({ tag: "h3", text: "Bạn chắc chắn muốn rút đơn?" });
    await page.getByRole("button", { name: "Không rút" }).click();
    await page.getByRole("button", { name: "Rút đơn", exact: true }).click();
    await page.getByLabel("Lý do rút đơn").fill("Đã có thông báo trong nhóm Zalo của lớp.");
    await page.getByRole("button", { name: "Xác nhận rút đơn" }).click();
    await page.getByText("Đã rút đơn.", { exact: true }).waitFor();
    expect((await page.getByTestId("case-state").textContent())?.trim()).toBe("Đã rút");
    const row = await db()
      .selectFrom("petition")
      .select("state")
      .where("tracking_code", "=", trackingCode)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe("withdrawn");

    // An unknown code: said so, without violations.
    await page.goto(`${server.baseUrl}/t/DEMO-2611-ZZZZZZ`);
    await page.getByRole("heading", { name: "Không tìm thấy hồ sơ" }).waitFor();
    await expectNoViolations(page, "unknown code");
    expect(errors).toEqual([]);
  });

  // Its size budget is checked in budgets.test.ts.
  it("the survey page downloads only its own script; the petition pages are separate chunks", async () => {
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

    // The form page does load its chunk.
    await page.goto(`${server.baseUrl}/p/demo`);
    await page.getByRole("heading", { level: 1, name: FORM_TITLE }).waitFor();
    expect(scripts.some((s) => /PetitionApp-.*\.js$/.test(s))).toBe(true);
  });
});
