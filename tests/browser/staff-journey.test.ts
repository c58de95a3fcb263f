import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "../support/app.ts";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

/**
 * The staff-access promise in the console: an administrator builds a ward with two schools,
 * invites a vice-principal and an inspector to one school, and each of them, after setting a
 * password from the emailed link, sees only what their role allows.
 */
describe.skipIf(!chromiumPath)("an administrator builds a ward and invites staff from the console", () => {
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

  async function signIn(page: Page, email: string, password: string) {
    await page.goto(`${server.baseUrl}/admin/`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Mật khẩu", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByRole("button", { name: "Đăng xuất" }).waitFor();
  }

  /** Picks a unit in a select whose options are indented by depth ("   └ Trường …"). */
  async function selectUnit(page: Page, label: string, name: string) {
    const select = page.getByLabel(label, { exact: true });
    const texts = await select.locator("option").allTextContents();
    const index = texts.findIndex((text) => text.replace(/^[\s\u00a0└—–-]+|[\s—–-]+$/g, "") === name);
    expect(index, `${name} is offered in ${label}: ${texts.join(" | ")}`).toBeGreaterThanOrEqual(0);
    await select.selectOption({ index });
  }

  async function createUnit(page: Page, name: string, slug: string, kind: string, parent: string | null) {
    await page.getByLabel("Tên đơn vị").fill(name);
    await page.getByLabel("Mã đơn vị").fill(slug);
    await page.getByLabel("Loại đơn vị").selectOption({ label: kind });
    await selectUnit(page, "Đơn vị cấp trên", parent ?? "Không có (cấp cao nhất)");
    await page.getByRole("button", { name: "Thêm đơn vị" }).click();
    await page.getByText(`Đã thêm đơn vị “${name}”.`).waitFor();
  }

  async function invite(page: Page, email: string, name: string, role: string) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Họ và tên").fill(name);
    await page.getByLabel("Vai trò", { exact: true }).selectOption({ label: role });
    await page.getByRole("button", { name: "Gửi lời mời" }).click();
    await page.getByText(`Đã gửi lời mời đến ${email}.`).waitFor();
  }

  /** The link in the invitation email waiting in the outbox for this address. */
  async function invitationLink(email: string): Promise<string> {
    const mail = await server.database.db
      .selectFrom("outbox")
      .select("body")
      .where("recipient", "=", email)
      .executeTakeFirstOrThrow();
    const link = mail.body.match(/https?:\/\/\S+token=[A-Za-z0-9_%-]+/)?.[0];
    expect(link, "the invitation carries a one-time link").toBeTruthy();
    return link!;
  }

  async function acceptInvitation(email: string, password: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 }, locale: "vi-VN" });
    const page = await context.newPage();
    await page.goto(await invitationLink(email));
    await page.getByLabel("Mật khẩu mới", { exact: true }).fill(password);
    await page.getByLabel("Nhập lại mật khẩu mới").fill(password);
    await page.getByRole("button", { name: "Đặt mật khẩu" }).click();
    await page.getByText("Đã đặt mật khẩu.").waitFor();
    await signIn(page, email, password);
    return page;
  }

  const navLinks = async (page: Page) =>
    (await page.getByRole("navigation", { name: "Chức năng chính" }).getByRole("link").allTextContents()).map(
      (text) => text.trim(),
    );
  const switcherOptions = async (page: Page) =>
    (await page.getByLabel("Đơn vị", { exact: true }).locator("option").allTextContents()).map((text) =>
      text.replace(/^[\s\u00a0└]+/, "").trim(),
    );

  it("each invited person sees exactly what their role allows", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "vi-VN" });
    const admin = await context.newPage();
    const errors: string[] = [];
    // The console asks who is signed in before the sign-in form; that first 401 is expected.
    admin.on(
      "console",
      (m) => m.type() === "error" && !/status of 401/.test(m.text()) && errors.push(m.text()),
    );
    await signIn(admin, ADMIN_EMAIL, ADMIN_PASSWORD);

    await admin.getByRole("link", { name: "Đơn vị" }).click();
    await createUnit(admin, "Phường Cự Khê", "phuong-cu-khe", "Phường/xã", null);
    await createUnit(admin, "Trường THCS Cự Khê", "thcs-cu-khe", "Trường", "Phường Cự Khê");
    await createUnit(admin, "Trường Tiểu học Bích Hòa", "th-bich-hoa", "Trường", "Phường Cự Khê");

    await selectUnit(admin, "Đơn vị", "Trường THCS Cự Khê");
    await admin.getByRole("link", { name: "Cán bộ" }).click();
    await invite(admin, "phohieutruong@cukhe.edu.vn", "Nguyễn Thị Lan", "Phó hiệu trưởng / quản lý");
    await invite(admin, "thanhtra@cukhe.edu.vn", "Trần Văn Bình", "Ban Thanh tra nhân dân");
    const staffTable = admin.getByRole("table", { name: "Cán bộ của Trường THCS Cự Khê" });
    await expect.poll(() => staffTable.getByText("Chờ nhận lời mời").count()).toBe(2);

    // The vice-principal: surveys, units and the staff list of her school only, read-only; no audit log.
    const manager = await acceptInvitation("phohieutruong@cukhe.edu.vn", "Hoa-phuong-do-2026");
    expect(await navLinks(manager)).toEqual([
      "Khảo sát",
      "Phản ánh, kiến nghị",
      "Số liệu",
      "Kết quả hằng tháng",
      "Đơn vị",
      "Lịch làm việc",
      "Cán bộ",
      "Tài khoản",
    ]);
    expect(await switcherOptions(manager)).toEqual(["Trường THCS Cự Khê"]);
    await manager.getByRole("link", { name: "Cán bộ" }).click();
    await manager.getByText("Bạn chỉ có quyền xem danh sách.", { exact: false }).waitFor();
    expect(await manager.getByRole("button", { name: "Gửi lời mời" }).count()).toBe(0);
    await manager.goto(`${server.baseUrl}/admin/audit`);
    await manager.getByRole("heading", { name: "Không có quyền truy cập" }).waitFor();

    // The inspector: the audit log of the school (who invited whom), no staff or unit management.
    const inspector = await acceptInvitation("thanhtra@cukhe.edu.vn", "Kiem-tra-cong-khai-2026");
    expect(await navLinks(inspector)).toEqual([
      "Khảo sát",
      "Phản ánh, kiến nghị",
      "Số liệu",
      "Kết quả hằng tháng",
      "Lịch làm việc",
      "Nhật ký",
      "Tài khoản",
    ]);
    expect(await switcherOptions(inspector)).toEqual(["Trường THCS Cự Khê"]);
    await inspector.getByRole("link", { name: "Nhật ký" }).click();
    const audit = inspector.getByRole("table", { name: "Nhật ký thao tác tại Trường THCS Cự Khê" });
    await audit.waitFor();
    await expect
      .poll(() => audit.getByText("phohieutruong@cukhe.edu.vn", { exact: false }).count())
      .toBeGreaterThan(0);
    expect(await audit.getByText("Trường Tiểu học Bích Hòa", { exact: false }).count()).toBe(0);

    // The other school and the ward stay out of reach through the API as well.
    const other = await server.database.db
      .selectFrom("unit")
      .select("id")
      .where("slug", "=", "th-bich-hoa")
      .executeTakeFirstOrThrow();
    const response = await inspector.request.get(`${server.baseUrl}/api/admin/units/${other.id}`);
    expect(response.status()).toBe(404);
    expect(errors).toEqual([]);
    await context.close();
  });
});
