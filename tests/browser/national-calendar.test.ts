/// <reference lib="dom" />
import { AxeBuilder } from "@axe-core/playwright";
import { nationalDays } from "@gopy/api/petitions/official-days.ts";
import { sql } from "kysely";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "../support/app.ts";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const TITLE = "Lịch nghỉ toàn quốc";
const TET_WARNING = "Chưa nhập lịch nghỉ Tết Nguyên đán năm 2027.";
const UPDATED = /^Đã cập nhật; hạn của \d+ hồ sơ đang xử lý được tính lại\.$/;
// A Friday after the Labour Code's Tết days of 2027 and the days given back for its weekend.
const DAY = "2027-02-12";
const DAY_SHOWN = "12/02/2027";
const NAME = "Nghỉ hoán đổi dịp Tết Đinh Mùi (làm bù thứ Bảy 20/02)";
const REFERENCE = "Thông báo của Bộ Nội vụ ngày 15/10/2026";

/** "2027-02-06" → "06/02/2027", as the table shows it (after the weekday). */
const shown = (day: string) => day.split("-").reverse().join("/");

/**
 * The platform superadmin keeps the national calendar: the Labour Code's Tết days of 2027 are listed
 * with their legal basis, and, as the fixed clock (23/11/2026) is past 1 November with 2027's break not
 * announced, the console warns about it. A day added with its reference is listed and moves the
 * deadlines of open cases (the page says how many); removing it puts things back.
 */
describe.skipIf(!chromiumPath)("the superadmin keeps the national calendar", () => {
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

  const consoleRow = async (day: string) => {
    const rows = await sql<{ kind: string; name: string; reference: string | null }>`
      select kind, name, reference from calendar_day where unit_id is null and day = ${day}::date`.execute(
      server.database.db,
    );
    return rows.rows;
  };

  it("lists 2027's Tết by law, adds a day off with its basis, then removes it", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    const page = await context.newPage();
    const errors: string[] = [];
    // Expected: the sign-in check before the form (401).
    page.on(
      "console",
      (m) => m.type() === "error" && !/status of 401/.test(m.text()) && errors.push(m.text()),
    );
    await page.goto(`${server.baseUrl}/admin/`);
    await page.getByLabel("Email").fill(ADMIN_EMAIL);
    await page.getByLabel("Mật khẩu", { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByRole("button", { name: "Đăng xuất" }).waitFor();

    // The unit calendar warns that 2027's Tết break is missing, with the way in for the superadmin.
    await page
      .getByRole("navigation", { name: "Chức năng chính" })
      .getByRole("link", { name: "Lịch làm việc", exact: true })
      .click();
    await page.getByRole("heading", { level: 1, name: "Lịch làm việc" }).waitFor();
    await page.getByText(TET_WARNING).waitFor();
    await page.getByRole("link", { name: "Nhập lịch nghỉ Tết 2027 vào lịch nghỉ toàn quốc" }).click();
    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    expect(await page.getByRole("combobox", { name: "Năm" }).inputValue()).toBe("2027");
    await page.getByText(TET_WARNING).waitFor();

    // Tết 2027 as the Labour Code makes it (art. 112(1)(b)), and the days given back (art. 111(3)).
    const table = page.getByRole("table", { name: `${TITLE} — năm 2027` });
    const tet = nationalDays(2027).filter(
      (d) => d.origin === "statutory" && d.name.includes("Tết Nguyên đán"),
    );
    expect(tet.length).toBeGreaterThanOrEqual(5);
    for (const day of tet) {
      const row = table.getByRole("row").filter({ hasText: shown(day.day) });
      await row.getByRole("cell", { name: day.name, exact: true }).waitFor();
      const basis = row.getByRole("cell", { name: /^Theo luật Bộ luật Lao động 2019, Điều 11[12]/ });
      await basis.waitFor();
      expect(await basis.textContent()).toContain(day.reference);
    }

    // A day off, with the text it rests on.
    const form = page.getByRole("form", { name: "Thêm hoặc sửa một ngày" });
    await form.getByLabel("Ngày", { exact: true }).fill(DAY);
    await form.getByLabel("Loại ngày").selectOption({ label: "Ngày nghỉ hoán đổi" });
    await form.getByLabel("Tên ngày").fill(NAME);
    await form.getByLabel("Căn cứ").fill(REFERENCE);
    await form.getByRole("button", { name: "Lưu ngày" }).click();

    const status = page.getByText(UPDATED);
    await status.waitFor();
    const added = table.getByRole("row").filter({ hasText: DAY_SHOWN });
    await added.getByRole("cell", { name: NAME, exact: true }).waitFor();
    await added.getByRole("cell", { name: "Ngày nghỉ hoán đổi", exact: true }).waitFor();
    await added
      .getByRole("cell", { name: `Quản trị nền tảng điều chỉnh ${REFERENCE}`, exact: true })
      .waitFor();
    expect(await consoleRow(DAY)).toEqual([{ kind: "day_off", name: NAME, reference: REFERENCE }]);
    // A day of the break entered: the warning is gone.
    await expect.poll(() => page.getByText(TET_WARNING).count()).toBe(0);

    const axe = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);

    // Removed after confirming: gone from the table and the database, the warning is back.
    await added.getByRole("button", { name: /^Xoá ngày .* khỏi lịch toàn quốc$/ }).click();
    const dialog = page.getByRole("dialog", { name: "Xoá ngày khỏi lịch nghỉ toàn quốc?" });
    await dialog.getByText(NAME, { exact: false }).waitFor();
    await dialog.getByRole("button", { name: "Xoá", exact: true }).click();
    await expect.poll(() => table.getByRole("row").filter({ hasText: DAY_SHOWN }).count()).toBe(0);
    await status.waitFor();
    expect(await consoleRow(DAY)).toEqual([]);
    await page.getByText(TET_WARNING).waitFor();

    expect(errors).toEqual([]);
    await context.close();
  });
});
