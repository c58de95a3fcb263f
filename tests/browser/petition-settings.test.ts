/// <reference lib="dom" />
import { AxeBuilder } from "@axe-core/playwright";
import { nationalDays as nationalCalendar } from "@gopy/api/petitions/official-days.ts";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_EMAIL, ADMIN_PASSWORD, START } from "../support/app.ts";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const SECTION = "Thời hạn xử lý và chỉ tiêu";
const ANSWER_LIMIT = "Hạn trả lời của đơn vị (ngày làm việc)";
const SAVE = "Lưu thời hạn và chỉ tiêu";
const TOO_LONG = "Đơn vị chỉ được rút ngắn thời hạn, cùng cách tính: tối đa 10 ngày làm việc theo quy định.";

/** A Vietnamese calendar day "YYYY-MM-DD" moved by some days. */
function plusDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Counted here by hand, as the law counts: the day of receipt is not counted, then Monday to Friday
 * are working days, except national holidays and swapped days off, plus make-up working days.
 */
function addWorkingDays(
  received: string,
  days: number,
  national: ReadonlyMap<string, "holiday" | "day_off" | "working_day">,
): string {
  let day = received;
  let left = days;
  while (left > 0) {
    day = plusDays(day, 1);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const kind = national.get(day);
    const working = kind ? kind === "working_day" : weekday !== 0 && weekday !== 6;
    if (working) left--;
  }
  return day;
}

/** The day of the fixed clock in Hà Nội (UTC+7, no daylight saving). */
const vnDay = (iso: string) => new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(0, 10);

/**
 * The principal shortens the time to answer a reflection on the calendar page; a reflection sent
 * afterwards is due that many working days out, and a limit longer than the law's is refused.
 */
describe.skipIf(!chromiumPath)("a principal shortens the time limit to answer reflections", () => {
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

  async function openCalendar(
    width: number,
  ): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: "vi-VN" });
    const page = await context.newPage();
    const errors: string[] = [];
    // Expected: the sign-in check before the form (401) and the refused longer limit (422).
    page.on(
      "console",
      (m) => m.type() === "error" && !/status of (401|422)/.test(m.text()) && errors.push(m.text()),
    );
    await page.goto(`${server.baseUrl}/admin/`);
    await page.getByLabel("Email").fill(ADMIN_EMAIL);
    await page.getByLabel("Mật khẩu", { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByRole("button", { name: "Đăng xuất" }).waitFor();
    await page.goto(`${server.baseUrl}/admin/calendar`);
    await page.getByRole("heading", { level: 1, name: "Lịch làm việc" }).waitFor();
    await page.getByRole("heading", { level: 2, name: SECTION }).waitFor();
    return { context, page, errors };
  }

  const ownRules = async () => {
    const unit = await server.database.db
      .selectFrom("unit")
      .select("petition_rules")
      .where("slug", "=", "demo")
      .executeTakeFirstOrThrow();
    return unit.petition_rules;
  };

  async function submit(kind: string): Promise<{ dueBy: string }> {
    const sent = await fetch(`${server.baseUrl}/api/public/units/demo/petitions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        submissionId: crypto.randomUUID(),
        kind,
        subject: "Đèn hành lang tầng 2 bị hỏng",
        content: "Đèn hành lang tầng 2 dãy nhà B bị hỏng đã một tuần, buổi chiều học sinh đi lại rất tối.",
        contact: { name: "Trần Thị Bình", phone: "0987654321" },
        consentToContact: true,
        consentToPublish: false,
      }),
    });
    expect(sent.status).toBe(201);
    return (await sent.json()) as { dueBy: string };
  }

  it("saves a shorter limit that new reflections follow, and refuses one longer than the law's", async () => {
    const { context, page, errors } = await openCalendar(1280);
    const reflection = page.getByRole("group", { name: "Phản ánh", exact: true });
    const answerLimit = reflection.getByLabel(ANSWER_LIMIT);
    // Nothing of its own yet: the hint gives the law's limit.
    expect(await answerLimit.inputValue()).toBe("");
    await reflection.getByText("Theo luật: tối đa 10 ngày làm việc.", { exact: false }).waitFor();

    await answerLimit.fill("7");
    await page.getByRole("button", { name: SAVE }).click();
    await page.getByText("Đã lưu thời hạn và chỉ tiêu.").waitFor();
    expect(await ownRules()).toEqual({ reflection: { answer: { days: 7, unit: "working" } } });
    expect(await answerLimit.inputValue()).toBe("7");

    // The national calendar as the law and the announced decisions make it, for the count by hand.
    const nationalDays = new Map(
      [2026, 2027].flatMap((y) => nationalCalendar(y)).map((d) => [d.day, d.kind]),
    );
    const received = vnDay(START); // Monday 23/11/2026
    expect(received).toBe("2026-11-23");
    const sevenOut = addWorkingDays(received, 7, nationalDays);
    expect(sevenOut).toBe("2026-12-02");

    const reflectionCase = await submit("reflection");
    expect(reflectionCase.dueBy.slice(0, 10)).toBe(sevenOut);
    // Other kinds still follow the law: a question is answered within 10 working days.
    const questionCase = await submit("question");
    expect(questionCase.dueBy.slice(0, 10)).toBe(addWorkingDays(received, 10, nationalDays));

    // Longer than the law: refused next to the field, in Vietnamese, and nothing saved.
    await answerLimit.fill("12");
    await page.getByRole("button", { name: SAVE }).click();
    const error = page.locator("#ps-reflection-answer-error");
    await error.getByText(TOO_LONG).waitFor();
    expect(await answerLimit.getAttribute("aria-invalid")).toBe("true");
    expect((await answerLimit.getAttribute("aria-describedby"))?.split(" ")).toContain(
      "ps-reflection-answer-error",
    );
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("ps-reflection-answer");
    expect(await ownRules()).toEqual({ reflection: { answer: { days: 7, unit: "working" } } });

    // No WCAG 2.1 A/AA violation, with the error shown.
    const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);

    expect(errors).toEqual([]);
    await context.close();
  });

  it("at 320 CSS px the section does not scroll sideways and every input is labelled", async () => {
    const { context, page, errors } = await openCalendar(320);
    const section = page.getByRole("region", { name: SECTION });
    await section.getByRole("button", { name: SAVE }).waitFor();
    const sizes = await page.evaluate(() => ({
      document: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
    }));
    expect(sizes.document).toBeLessThanOrEqual(320);
    expect(sizes.body).toBeLessThanOrEqual(320);
    // 6 kinds × 2 limits + 4 targets, each with its own label.
    const inputs = section.locator("input");
    expect(await inputs.count()).toBe(16);
    for (const input of await inputs.all()) {
      const id = await input.getAttribute("id");
      expect(await section.locator(`label[for="${id}"]`).count()).toBe(1);
    }
    const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
