/// <reference lib="dom" />
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "../support/app.ts";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

const SUBJECT = "Sân trường ngập nước sau mưa";
const ANSWER = "Nhà trường đã khơi thông cống thoát nước sân trường ngày 24/11, có ảnh chụp kèm theo.";

/**
 * The petition issue end to end, across both apps: a parent sends a complaint with a photo from
 * the phone page, the principal answers it in the console, and the parent reads the answer on the
 * tracking page and rates it; the month's dashboard then counts the rating.
 */
describe.skipIf(!chromiumPath)("a complaint from the phone page to a rated answer", () => {
  let server: RunningServer;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    dir = mkdtempSync(path.join(tmpdir(), "gopy-journey-"));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sent with a photo, answered in the console, read and rated by tracking code", async () => {
    const png = new PNG({ width: 16, height: 16 });
    png.data.fill(120);
    const photo = path.join(dir, "san-truong.png");
    writeFileSync(photo, PNG.sync.write(png));

    // The parent, on a phone.
    const phoneContext = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    const phone = await phoneContext.newPage();
    await phone.goto(`${server.baseUrl}/p/demo`);
    await phone.getByRole("radio", { name: "Khiếu nại", exact: true }).check();
    await phone.getByLabel("Tiêu đề").fill(SUBJECT);
    await phone
      .getByLabel("Nội dung")
      .fill("Mỗi lần mưa to sân trường ngập nước, các cháu phải lội vào lớp.");
    await phone.getByLabel("Họ và tên").fill("Vũ Thị Dung");
    await phone.getByLabel("Email").fill("dung.vu@example.vn");
    await phone.getByRole("checkbox", { name: "Tôi đồng ý để nhà trường liên hệ lại" }).check();
    await phone.getByLabel("Ảnh hoặc tài liệu kèm theo").setInputFiles(photo);
    await phone.getByRole("listitem").filter({ hasText: "san-truong.png" }).getByText("Đã tải lên").waitFor();
    await phone.getByRole("button", { name: "Gửi", exact: true }).click();
    await phone.getByRole("heading", { level: 1, name: "Đã gửi thành công" }).waitFor();
    const code = ((await phone.getByTestId("tracking-code").textContent()) ?? "").trim();
    expect(code).toMatch(/^DEMO-2611-[2-9A-HJ-NP-Z]{6}$/);
    // The secret key beside it, in two groups: only the parent holds it.
    const key = ((await phone.getByTestId("citizen-key").textContent()) ?? "").replace(/\s/g, "");
    expect(key).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);

    // The principal, in the console: the case with its photo, answered.
    const staffContext = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "vi-VN",
    });
    const staff = await staffContext.newPage();
    await staff.goto(`${server.baseUrl}/admin/`);
    await staff.getByLabel("Email").fill(ADMIN_EMAIL);
    await staff.getByLabel("Mật khẩu", { exact: true }).fill(ADMIN_PASSWORD);
    await staff.getByRole("button", { name: "Đăng nhập" }).click();
    await staff
      .getByRole("navigation", { name: "Chức năng chính" })
      .getByRole("link", { name: "Phản ánh, kiến nghị", exact: true })
      .click();
    await staff.getByRole("link", { name: code }).click();
    await staff.getByRole("heading", { level: 1, name: SUBJECT }).waitFor();
    await staff.getByText("san-truong.png").first().waitFor();
    await staff.getByRole("button", { name: "Trả lời", exact: true }).click();
    await staff.getByLabel("Câu trả lời gửi người gửi").fill(ANSWER);
    await staff.getByRole("button", { name: "Gửi câu trả lời" }).click();
    await staff
      .getByRole("dialog", { name: "Gửi câu trả lời?" })
      .getByRole("button", { name: "Gửi câu trả lời" })
      .click();
    await staff.getByText("Đã gửi câu trả lời.").waitFor();
    // The console shows the code as a reference only: no link opens the parent's tracking page.
    expect(await staff.locator('a[href*="/t/"]').count()).toBe(0);

    // The parent follows the code, reads the answer and rates it.
    await phone.getByRole("link", { name: "Xem tiến độ xử lý" }).click();
    await phone.waitForURL(`**/t/${code}#k=${key}`);
    await phone.getByText(ANSWER).waitFor();
    await phone.getByRole("radio", { name: "Hài lòng", exact: true }).check();
    await phone.getByRole("button", { name: "Gửi đánh giá" }).click();
    await phone.getByText("Cảm ơn bạn đã đánh giá câu trả lời.").waitFor();

    const stored = await server.database.db
      .selectFrom("petition")
      .select(["state", "outcome", "rating", "channel"])
      .where("tracking_code", "=", code)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ state: "answered", outcome: "early", rating: "satisfied", channel: "web" });
    const files = await server.database.db.selectFrom("petition_attachment").select("filename").execute();
    expect(files.map((f) => f.filename)).toEqual(["san-truong.png"]);
    await phoneContext.close();
    await staffContext.close();
  });
});
