/// <reference lib="dom" />
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AxeBuilder } from "@axe-core/playwright";
import { hashPassword } from "@gopy/api/auth/password.ts";
import { channelRouter } from "@gopy/api/outbox/transports.ts";
import { deliverDueMessages } from "@gopy/api/outbox/worker.ts";
import { webhookTransport } from "@gopy/api/webhooks/transport.ts";
import pino from "pino";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_EMAIL, ADMIN_PASSWORD, signIn as apiSignIn } from "../support/app.ts";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const KEY_NAME = "Cổng dịch vụ công phường";
const MANAGER_EMAIL = "phohieutruong@demo.edu.vn";
const MANAGER_PASSWORD = "Hoa-phuong-do-2026";

// A receiving system: records every delivery and answers with the status it is told to.
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * The unit's admin connects outside systems from the console: an Open311 key (shown once) that a
 * portal uses to file a case, and a webhook whose signed test delivery reaches a receiver and shows
 * in the delivery log. A vice-principal is not offered the page.
 */
describe.skipIf(!chromiumPath)("an admin connects outside systems from the console", () => {
  let server: RunningServer;
  let browser: Browser;
  let receiver: Server;
  let receiverUrl: string;
  const received: Received[] = [];
  let answerWith = 200;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    receiver = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => {
        body += chunk;
      });
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(answerWith).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/gop-y`;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  /** What the server's outbox worker does every few seconds (the test server does not run it). */
  const deliver = () =>
    deliverDueMessages(
      server.database.db,
      channelRouter({ webhook: webhookTransport(server.database.db, server.clock, { allowPrivate: true }) }),
      server.clock,
      pino({ level: "silent" }),
    );

  async function openConsole(
    email: string,
    password: string,
    width = 1280,
  ): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: "vi-VN" });
    const page = await context.newPage();
    const errors: string[] = [];
    // Expected: the sign-in check before the form (401), and the manager's refused page (403).
    page.on(
      "console",
      (m) => m.type() === "error" && !/status of (401|403)/.test(m.text()) && errors.push(m.text()),
    );
    await page.goto(`${server.baseUrl}/admin/`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Mật khẩu", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByRole("button", { name: "Đăng xuất" }).waitFor();
    return { context, page, errors };
  }

  const mainNav = (page: Page) => page.getByRole("navigation", { name: "Chức năng chính" });

  async function expectNoViolations(page: Page, where: string) {
    const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    const found = results.violations.map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
    expect(found).toEqual([]);
    expect(results.passes.length).toBeGreaterThan(10);
  }

  it("creates an Open311 key and a webhook, and sees a signed test delivered", async () => {
    const { context, page, errors } = await openConsole(ADMIN_EMAIL, ADMIN_PASSWORD);
    await mainNav(page).getByRole("link", { name: "Kết nối hệ thống", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Kết nối hệ thống" }).waitFor();
    await page.getByText("Chưa có khoá Open311 nào.").waitFor();

    // An Open311 key: shown once with an example, then only its name is listed.
    await page.getByLabel("Tên khoá").fill(KEY_NAME);
    await page.getByRole("button", { name: "Tạo khoá" }).click();
    await page.getByText(`Đã tạo khoá “${KEY_NAME}”.`).waitFor();
    await page.getByText("khoá chỉ hiện một lần", { exact: false }).waitFor();
    const key = await page.getByLabel(`Khoá Open311 “${KEY_NAME}”`).inputValue();
    expect(key).toMatch(/^o311_/);
    const example = await page.locator(".token-reveal pre").textContent();
    expect(example).toContain(`${server.baseUrl}/open311/v2/requests.json`);
    expect(example).toContain(`api_key=${key}`);
    expect(example).toContain("jurisdiction_id=demo");
    expect(example).toContain("service_code=reflection");
    await page.getByRole("button", { name: "Sao chép khoá Open311" }).waitFor();
    await page.getByRole("button", { name: "Tôi đã lưu khoá" }).click();
    const keys = page.getByRole("table", { name: "Khoá Open311 của Trường Tiểu học Demo" });
    const keyRow = keys.getByRole("row").filter({ hasText: KEY_NAME });
    await keyRow.getByText("Đang dùng").waitFor();
    await keyRow.getByText("Chưa dùng").waitFor();
    expect(await page.content()).not.toContain(key);

    // The portal files a case with the key; it lands in the school's inbox.
    const filed = await fetch(`${server.baseUrl}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        jurisdiction_id: "demo",
        api_key: key,
        service_code: "reflection",
        description: "Đèn chiếu sáng cổng phụ bị hỏng, buổi tối phụ huynh đón con rất tối.",
        "attribute[consent_contact]": "no",
        "attribute[consent_publish]": "no",
      }).toString(),
    });
    expect(filed.status).toBe(200);
    // The request id is the case's id; its tracking code is only in the notice for the portal.
    const [request] = (await filed.json()) as { service_request_id: string; service_notice: string }[];
    const cookie = await apiSignIn(server.app);
    const inbox = (await (
      await fetch(`${server.baseUrl}/api/admin/petitions`, { headers: { Cookie: cookie } })
    ).json()) as { items: { id: string; trackingCode: string; channel: string }[] };
    const item = inbox.items.find((candidate) => candidate.id === request!.service_request_id);
    expect(item).toMatchObject({ channel: "open311" });
    expect(request!.service_notice).toContain(`Mã theo dõi ${item!.trackingCode};`);

    // A webhook: personal data stays out unless the admin ticks "internal" (unticked by default).
    const internal = page.getByLabel("Nội bộ: gửi kèm dữ liệu cá nhân");
    expect(await internal.isChecked()).toBe(false);
    await page.getByText("nội dung gửi đi có dữ liệu cá nhân", { exact: false }).waitFor();
    await page.getByLabel("Địa chỉ nhận (URL)").fill(receiverUrl);
    await page.getByLabel("Mô tả (không bắt buộc)").fill("Hệ thống quản lý của phường");
    await page.getByLabel("Hồ sơ đã được trả lời").check();
    await page.getByRole("button", { name: "Thêm webhook" }).click();
    await page.getByText(`Đã thêm webhook ${receiverUrl}.`).waitFor();
    const secret = await page.getByLabel(`Khoá ký của ${receiverUrl}`, { exact: true }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    const hooks = page.getByRole("table", { name: "Webhook của Trường Tiểu học Demo" });
    const hookRow = hooks.getByRole("row").filter({ hasText: receiverUrl });
    await hookRow.getByText("Không có dữ liệu cá nhân").waitFor();
    await hookRow.getByText("Hồ sơ mới").waitFor();
    await hookRow.getByText("Hồ sơ đã được trả lời").waitFor();
    await page.getByRole("button", { name: "Tôi đã lưu khoá" }).click();
    expect(await page.content()).not.toContain(secret);

    // "Send test": queued at once, delivered by the outbox, signed with the secret shown.
    await hookRow.getByRole("button", { name: `Gửi thử tới ${receiverUrl}` }).click();
    await page.getByText(`Đã xếp hàng gửi thử tới ${receiverUrl}.`, { exact: false }).waitFor();
    const log = page.getByRole("table", { name: `Các lần gửi gần nhất tới ${receiverUrl}` });
    await log.getByRole("row").filter({ hasText: "ping" }).getByText("Đang chờ").waitFor();
    expect(await deliver()).toBe(1);
    expect(received).toHaveLength(1);
    const ping = received[0]!;
    expect(ping.headers["gopy-event"]).toBe("ping");
    const deliveryId = String(ping.headers["gopy-delivery"]);
    expect(deliveryId).toMatch(/^\d+$/);
    const signature = String(ping.headers["gopy-signature"]);
    const parts = Object.fromEntries(signature.split(",").map((part) => part.split("=") as [string, string]));
    expect(parts.t).toMatch(/^\d+$/);
    const expected = createHmac("sha256", secret).update(`${parts.t}.${ping.body}`).digest("hex");
    expect(parts.v1).toHaveLength(expected.length);
    expect(timingSafeEqual(Buffer.from(parts.v1!, "hex"), Buffer.from(expected, "hex"))).toBe(true);
    expect(JSON.parse(ping.body)).toMatchObject({ type: "ping", unit: { slug: "demo" } });

    // The log refreshes by itself: delivered, HTTP 200, the payload and the attempt on demand.
    const pingRow = log.getByRole("row").filter({ hasText: "ping" });
    await pingRow.getByText("Đã gửi", { exact: true }).waitFor({ timeout: 15_000 });
    await pingRow.getByText("HTTP 200").waitFor();
    await page.getByRole("button", { name: `Chi tiết lần gửi ${deliveryId}` }).click();
    await page.getByText('"type": "ping"', { exact: false }).waitFor();
    const attempts = page.getByRole("table", { name: `Các lần thử của lần gửi ${deliveryId}` });
    await attempts.getByRole("cell", { name: "200", exact: true }).waitFor();
    await expect.poll(() => hookRow.getByRole("cell").nth(2).textContent()).toBe("0");

    // A delivery given up after its attempts can be sent again by hand.
    answerWith = 500;
    await hookRow.getByRole("button", { name: `Gửi thử tới ${receiverUrl}` }).click();
    await expect.poll(() => log.getByRole("row").filter({ hasText: "Đang chờ" }).count()).toBe(1);
    await deliver();
    const failedId = Number(received.at(-1)!.headers["gopy-delivery"]);
    await server.database.db
      .updateTable("outbox")
      .set({ failed_at: server.clock.now() })
      .where("id", "=", failedId)
      .execute();
    await page.getByRole("button", { name: "Làm mới" }).click();
    const failedRow = log.getByRole("row").filter({ hasText: "HTTP 500" });
    await failedRow.getByText("Thất bại", { exact: true }).waitFor();
    answerWith = 200;
    await failedRow.getByRole("button", { name: `Gửi lại lần gửi ${failedId}` }).click();
    await page.getByText(`Đã xếp hàng gửi lại lần gửi ${failedId}.`).waitFor();
    expect(await deliver()).toBe(1);
    await expect
      .poll(() => log.getByRole("row").filter({ hasText: "Đã gửi" }).count(), { timeout: 15_000 })
      .toBe(2);

    await expectNoViolations(page, "integrations page");

    // 320 px wide (a small phone, or 200 % zoom): the page itself does not scroll sideways.
    await page.setViewportSize({ width: 320, height: 800 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(320);
    await expectNoViolations(page, "integrations page at 320 px");

    // Still at 320 px: edit (now internal), rotate the secret, delete; revoke the Open311 key.
    await hookRow.getByRole("button", { name: `Sửa webhook ${receiverUrl}` }).click();
    await page.getByRole("heading", { name: `Sửa webhook ${receiverUrl}` }).waitFor();
    await page.getByLabel("Nội bộ: gửi kèm dữ liệu cá nhân").check();
    await page.getByRole("button", { name: "Lưu thay đổi" }).click();
    await page.getByText(`Đã lưu webhook ${receiverUrl}.`).waitFor();
    await hookRow.getByText("Nội bộ: có dữ liệu cá nhân").waitFor();

    await hookRow.getByRole("button", { name: `Đổi khoá ký của ${receiverUrl}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Đổi khoá ký" }).click();
    await page.getByText(`Đã đổi khoá ký của ${receiverUrl}.`).waitFor();
    const rotated = await page.getByLabel(`Khoá ký của ${receiverUrl}`, { exact: true }).inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);

    await hookRow.getByRole("button", { name: `Xoá webhook ${receiverUrl}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Xoá" }).click();
    await page.getByText(`Đã xoá webhook ${receiverUrl}.`).waitFor();
    await page.getByText("Chưa có webhook nào.").waitFor();
    expect(await page.getByLabel(`Khoá ký của ${receiverUrl}`, { exact: true }).count()).toBe(0);

    await keyRow.getByRole("button", { name: `Thu hồi khoá ${KEY_NAME}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Thu hồi" }).click();
    await page.getByText(`Đã thu hồi khoá “${KEY_NAME}”.`).waitFor();
    await keyRow.getByText("Đã thu hồi lúc", { exact: false }).waitFor();
    const refused = await fetch(`${server.baseUrl}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        jurisdiction_id: "demo",
        api_key: key,
        service_code: "reflection",
      }).toString(),
    });
    expect(refused.status).toBe(403);

    expect(errors).toEqual([]);
    await context.close();
  });

  it("is not offered to a vice-principal", async () => {
    const unit = await server.database.db
      .selectFrom("unit")
      .select("id")
      .where("slug", "=", "demo")
      .executeTakeFirstOrThrow();
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
      .values({ user_id: user.id, unit_id: unit.id, role: "manager", created_at: server.clock.now() })
      .execute();

    const { context, page, errors } = await openConsole(MANAGER_EMAIL, MANAGER_PASSWORD);
    const links = (await mainNav(page).getByRole("link").allTextContents()).map((text) => text.trim());
    expect(links).toContain("Cán bộ");
    expect(links).not.toContain("Kết nối hệ thống");
    await page.goto(`${server.baseUrl}/admin/integrations`);
    await page.getByRole("heading", { name: "Không có quyền truy cập" }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
