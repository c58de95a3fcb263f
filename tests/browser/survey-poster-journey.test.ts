/// <reference lib="dom" />
import { readFile } from "node:fs/promises";
import jsQR from "jsqr";
import * as mupdf from "mupdf";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "../support/app.ts";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

const SIPAS_TITLE = "Khảo sát sự hài lòng của cha mẹ học sinh về sự phục vụ của nhà trường";
const SURVEY_NAME = "Khảo sát SIPAS tháng 12";

/**
 * The survey issue end to end, as a school would live it: the principal makes a SIPAS survey from
 * the template and prints its poster; a phone "scans" the printed QR code (the PDF rendered to an
 * image and decoded); the parent answers while the network drops in the middle; the answer is
 * counted once in the results view and in the CSV export.
 */
describe.skipIf(!chromiumPath)("from poster to results", () => {
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

  const tab = (page: Page, name: string) =>
    page.getByRole("navigation", { name: "Các mục của khảo sát" }).getByRole("link", { name });

  /** What a phone camera reads off the printed poster. */
  function scan(pdf: Buffer): string {
    const page = mupdf.Document.openDocument(new Uint8Array(pdf), "application/pdf").loadPage(0);
    const pixmap = page.toPixmap(
      mupdf.Matrix.scale(100 / 72, 100 / 72),
      mupdf.ColorSpace.DeviceRGB,
      true,
      true,
    );
    const decoded = jsQR(new Uint8ClampedArray(pixmap.getPixels()), pixmap.getWidth(), pixmap.getHeight());
    if (!decoded) throw new Error("no QR code found on the poster");
    return decoded.data;
  }

  it("a poster scanned, an answer sent through a dropped connection, counted once", async () => {
    const staffContext = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "vi-VN",
      acceptDownloads: true,
    });
    const staff = await staffContext.newPage();
    await staff.goto(`${server.baseUrl}/admin/`);
    await staff.getByLabel("Email").fill(ADMIN_EMAIL);
    await staff.getByLabel("Mật khẩu", { exact: true }).fill(ADMIN_PASSWORD);
    await staff.getByRole("button", { name: "Đăng nhập" }).click();

    await staff.getByRole("button", { name: "Tạo khảo sát", exact: true }).click();
    await staff.getByRole("radio", { name: SIPAS_TITLE }).check();
    await staff.getByLabel("Tên khảo sát (tiếng Việt)").fill(SURVEY_NAME);
    await staff.getByRole("button", { name: "Tạo từ mẫu đã chọn" }).click();
    await staff.getByRole("heading", { level: 1, name: SURVEY_NAME }).waitFor();
    await tab(staff, "Câu hỏi").click();
    await staff.getByRole("button", { name: "Xuất bản", exact: true }).click();
    await staff
      .getByRole("dialog", { name: "Xuất bản bản nháp?" })
      .getByRole("button", { name: "Xuất bản" })
      .click();
    await staff.getByText("Đã xuất bản phiên bản 1.").waitFor();

    // Print the poster of the school-gate link.
    await tab(staff, "Đường dẫn và mã QR").click();
    const gate = staff
      .getByRole("listitem")
      .filter({ has: staff.getByRole("heading", { name: "Cổng trường" }) });
    const [download] = await Promise.all([
      staff.waitForEvent("download"),
      gate.getByRole("link", { name: /Tải áp phích \(PDF\)/ }).click(),
    ]);
    const poster = await readFile((await download.path())!);
    const scanned = scan(poster);
    expect(scanned).toMatch(new RegExp(`^${server.baseUrl}/s/[a-z0-9]+$`));

    // The parent's phone opens what it scanned and answers; the network drops halfway.
    const phoneContext = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    const phone = await phoneContext.newPage();
    await phone.goto(scanned);
    await phone.getByText(SURVEY_NAME).first().waitFor();
    let offlineAt = 3;
    for (let screen = 0; screen < 20; screen++) {
      if (screen === offlineAt) {
        await phoneContext.setOffline(true);
        offlineAt = -1;
      }
      for (const group of await phone.getByRole("radiogroup").all()) {
        if ((await group.locator("input:checked").count()) === 0) {
          await group.getByRole("radio", { name: "Hài lòng", exact: true }).check();
        }
      }
      const submit = phone.getByRole("button", { name: "Gửi phiếu" });
      if (await submit.isVisible()) {
        await submit.click();
        break;
      }
      await phone.getByRole("button", { name: "Tiếp tục" }).click();
    }
    await phone
      .getByText("Câu trả lời đã được lưu trên máy, sẽ tự gửi khi có mạng", { exact: false })
      .waitFor();
    expect(await server.database.db.selectFrom("survey_response").selectAll().execute()).toHaveLength(0);
    await phoneContext.setOffline(false);
    await phone
      .getByRole("heading", { name: "Cảm ơn bạn đã tham gia khảo sát!" })
      .waitFor({ timeout: 30_000 });
    const receipt = ((await phone.getByTestId("receipt").textContent()) ?? "").match(
      /R-[2-9A-Z]{4}-[2-9A-Z]{4}/,
    )?.[0];
    expect(receipt).toBeTruthy();

    // Counted once: in the results view and in the CSV export.
    await tab(staff, "Kết quả").click();
    await expect.poll(() => staff.getByTestId("results-total").textContent(), { timeout: 40_000 }).toBe("1");
    const [csvDownload] = await Promise.all([
      staff.waitForEvent("download"),
      staff.getByRole("link", { name: "Tải phiếu trả lời (CSV)" }).click(),
    ]);
    const csv = await readFile((await csvDownload.path())!, "utf8");
    const rows = csv.trim().split("\r\n");
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(receipt!);
    expect(rows[1]).toContain("Cổng trường");
    const stored = await server.database.db.selectFrom("survey_response").select("receipt").execute();
    expect(stored.map((r) => r.receipt)).toEqual([receipt]);
    await phoneContext.close();
    await staffContext.close();
  });
});
