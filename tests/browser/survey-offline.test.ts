/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

const THANKS = "Cảm ơn bạn đã tham gia khảo sát!";
const SAVED_STATUS = "Câu trả lời đã được lưu trên máy, sẽ tự gửi khi có mạng";
const STAFF_SECTION = "Cán bộ, giáo viên, nhân viên giải quyết công việc";
const STAFF_POLITE = "Cán bộ, giáo viên, nhân viên có thái độ lịch sự, tôn trọng khi tiếp đón";
const ACCESS_PLACE = "Nơi tiếp đón phụ huynh (phòng văn thư, phòng tiếp dân) dễ tìm, có biển chỉ dẫn rõ ràng";

/**
 * A parent on a weak phone connection never loses an answer and is never counted twice: answers
 * survive a reload, a submission made offline is sent by itself when the network returns, a lost
 * confirmation is retried with the same submission id, and a second answer from the same device
 * turns into an edit of the first.
 */
describe.skipIf(!chromiumPath)("the survey keeps every answer through reloads and bad networks", () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  beforeEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await server.database.db.deleteFrom("survey_response").execute();
  });

  /** A new phone: its own browser profile, so its own localStorage and device code. */
  async function phone(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    return { context, page, errors };
  }

  const storedRows = () =>
    server.database.db.selectFrom("survey_response").selectAll().orderBy("id").execute();

  const question = (page: Page, text: string) => page.getByRole("radiogroup", { name: text });

  /** Ticks `label` in every 5-level question of the current screen that has no answer yet. */
  async function answerScreen(page: Page, label = "Hài lòng") {
    for (const group of await page.getByRole("radiogroup").all()) {
      if ((await group.locator("input:checked").count()) > 0) continue;
      await group.getByRole("radio", { name: label, exact: true }).check();
    }
  }

  async function next(page: Page, expectedProgress: string) {
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await page.getByText(expectedProgress, { exact: true }).waitFor();
  }

  /** From the current screen to the end: answer what is asked and press "Gửi phiếu". */
  async function answerRestAndSubmit(page: Page, label = "Hài lòng") {
    for (let screen = 0; screen < 20; screen++) {
      await answerScreen(page, label);
      const submit = page.getByRole("button", { name: "Gửi phiếu" });
      if (await submit.isVisible()) {
        await submit.click();
        return;
      }
      await page.getByRole("button", { name: "Tiếp tục" }).click();
    }
    throw new Error("never reached the submit button");
  }

  async function receiptOnPage(page: Page): Promise<string> {
    return ((await page.getByTestId("receipt").textContent()) ?? "").trim();
  }

  it("resumes after a reload, waits offline with the answers saved, sends by itself when back online", async () => {
    const { context, page, errors } = await phone();
    await page.goto(`${server.baseUrl}/s/${server.demoCode}`);
    await page.getByText("Phần 1/6", { exact: true }).waitFor();

    // Two screens and a half, then the phone reloads the page (or the browser crashed).
    await answerScreen(page);
    await next(page, "Phần 2/6");
    await answerScreen(page);
    await next(page, "Phần 3/6");
    await question(page, STAFF_POLITE).getByRole("radio", { name: "Rất hài lòng" }).check();

    // (a) The same screen comes back with the same answers.
    await page.reload();
    await page.getByRole("heading", { name: STAFF_SECTION }).waitFor();
    expect(await page.getByText("Phần 3/6", { exact: true }).isVisible()).toBe(true);
    expect(await question(page, STAFF_POLITE).getByRole("radio", { name: "Rất hài lòng" }).isChecked()).toBe(
      true,
    );
    await page.getByRole("button", { name: "Quay lại" }).click();
    await page.getByText("Phần 2/6", { exact: true }).waitFor();
    for (const radio of await page.getByRole("radio", { name: "Hài lòng", exact: true }).all()) {
      expect(await radio.isChecked()).toBe(true);
    }
    await next(page, "Phần 3/6");

    // (b) The network drops before the end: the page says the answers are kept, nothing is stored.
    await context.setOffline(true);
    await answerRestAndSubmit(page);
    await page.getByText(SAVED_STATUS).waitFor();
    expect(await page.getByRole("heading", { name: THANKS }).count()).toBe(0);
    expect(await storedRows()).toHaveLength(0);
    // Retrying with a growing pause (2 s, 4 s, 8 s…): wait until the next automatic attempt is more
    // than 4 s away, so that only the `online` event can explain a send within 2.5 s.
    await expect
      .poll(
        async () => {
          const text = (await page.getByText(/Tự động thử lại sau \d+ giây/).allTextContents()).join("");
          return Number(/\d+/.exec(text)?.[0] ?? 0);
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBeGreaterThanOrEqual(5);
    expect(await storedRows()).toHaveLength(0);

    // (c) Back online: sent at once (the `online` event, not the next timer), thanks appear by themselves.
    await context.setOffline(false);
    await page.getByRole("heading", { name: THANKS }).waitFor({ timeout: 2_500 });
    const rows = await storedRows();
    expect(rows).toHaveLength(1);
    const receipt = await receiptOnPage(page);
    expect(receipt).toBe(rows[0]!.receipt);
    expect(rows[0]!.answers).toMatchObject({ access_place: 4, staff_polite: 5, overall_satisfaction: 4 });
    expect(rows[0]!.device_hash).toMatch(/^[0-9a-f]{64}$/);
    // Once confirmed, the answers themselves no longer stay on the phone; the receipt does.
    const saved = await page.evaluate(
      (code) => JSON.parse(localStorage.getItem(`gopy.survey.${code}`) ?? "{}"),
      server.demoCode,
    );
    expect(saved).toMatchObject({ status: "submitted", receipt, answers: {} });

    // (d) Coming back later shows the receipt, not a blank survey; still one response.
    await page.reload();
    await page.getByRole("heading", { name: THANKS }).waitFor();
    expect(await receiptOnPage(page)).toBe(receipt);
    await page.getByText("Bạn đã gửi phiếu khảo sát này.").waitFor();
    expect(await storedRows()).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it("a lost confirmation is retried with the same submission id and stored once", async () => {
    const { page, errors } = await phone();
    const attempts: { submissionId: string; outcome: string }[] = [];
    await page.route("**/api/public/s/*/responses", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      const { submissionId } = route.request().postDataJSON() as { submissionId: string };
      if (attempts.length === 0) {
        // The database is briefly down.
        attempts.push({ submissionId, outcome: "503" });
        return route.fulfill({
          status: 503,
          headers: { "Retry-After": "1", "Content-Type": "application/problem+json" },
          body: JSON.stringify({
            status: 503,
            code: "service_unavailable",
            detail: "Tạm thời không khả dụng",
          }),
        });
      }
      if (attempts.length === 1) {
        // The server stores the answer, but the connection drops before the phone hears back.
        const response = await route.fetch();
        attempts.push({ submissionId, outcome: `stored ${response.status()}, connection lost` });
        return route.abort("connectionreset");
      }
      const response = await route.fetch();
      attempts.push({ submissionId, outcome: String(response.status()) });
      return route.fulfill({ response });
    });

    await page.goto(`${server.baseUrl}/s/${server.demoCode}`);
    await page.getByText("Phần 1/6", { exact: true }).waitFor();
    await answerRestAndSubmit(page);
    await page.getByText(SAVED_STATUS).waitFor();
    await page.getByRole("heading", { name: THANKS }).waitFor({ timeout: 15_000 });

    expect(attempts.map((a) => a.outcome)).toEqual(["503", "stored 201, connection lost", "200"]);
    expect(new Set(attempts.map((a) => a.submissionId)).size).toBe(1);
    const rows = await storedRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.submission_id).toBe(attempts[0]!.submissionId);
    expect(await receiptOnPage(page)).toBe(rows[0]!.receipt);
    expect(errors).toEqual([]);
  });

  it("a reload while the answers wait to be sent keeps them waiting and sends them on page load", async () => {
    const { page, errors } = await phone();
    // The page loads, but every submission fails as if the mobile network dropped it.
    let failing = true;
    const posts: string[] = [];
    await page.route("**/api/public/s/*/responses", (route) => {
      posts.push((route.request().postDataJSON() as { submissionId: string }).submissionId);
      return failing ? route.abort("internetdisconnected") : route.continue();
    });
    await page.goto(`${server.baseUrl}/s/${server.demoCode}`);
    await answerRestAndSubmit(page);
    await page.getByText(SAVED_STATUS).waitFor();

    const beforeReload = posts.length;
    await page.reload();
    // Straight back to the waiting status, and a new attempt made by the page load itself.
    await page.getByText(SAVED_STATUS).waitFor();
    await expect.poll(() => posts.length, { timeout: 1_000 }).toBeGreaterThan(beforeReload);
    expect(await page.getByRole("button", { name: "Gửi phiếu" }).count()).toBe(0);
    expect(await storedRows()).toHaveLength(0);

    failing = false;
    await page.getByRole("heading", { name: THANKS }).waitFor({ timeout: 15_000 });
    const rows = await storedRows();
    expect(rows).toHaveLength(1);
    expect(new Set(posts)).toEqual(new Set([rows[0]!.submission_id]));
    expect(await receiptOnPage(page)).toBe(rows[0]!.receipt);
    expect(errors).toEqual([]);
  });

  it("the same phone answering again is offered to edit its first answer: still one response", async () => {
    const { page, errors } = await phone();
    const survey = await server.database.db
      .selectFrom("survey_link")
      .select("survey_id")
      .where("code", "=", server.demoCode)
      .executeTakeFirstOrThrow();
    // A second QR code of the same survey, e.g. posted in the class Zalo group.
    const zaloCode = `zalo${Date.now().toString(36)}`;
    await server.database.db
      .insertInto("survey_link")
      .values({
        survey_id: survey.survey_id,
        code: zaloCode,
        channel: "Nhóm Zalo lớp 3A",
        created_at: server.clock.now(),
      })
      .execute();

    await page.goto(`${server.baseUrl}/s/${server.demoCode}`);
    await answerRestAndSubmit(page, "Hài lòng");
    await page.getByRole("heading", { name: THANKS }).waitFor();
    const receipt = await receiptOnPage(page);

    // Through the other QR code, the same phone answers again.
    await page.goto(`${server.baseUrl}/s/${zaloCode}`);
    await page.getByText("Phần 1/6", { exact: true }).waitFor();
    await answerRestAndSubmit(page, "Bình thường");
    await page.getByRole("heading", { name: "Bạn đã trả lời khảo sát này trên thiết bị này" }).waitFor();
    expect(await receiptOnPage(page)).toBe(receipt);
    let rows = await storedRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.answers).toMatchObject({ access_place: 4 });

    // Editing starts from what the server holds for this device, not from a blank form.
    await page.getByRole("button", { name: "Sửa câu trả lời" }).click();
    await page.getByText("Phần 1/6", { exact: true }).waitFor();
    await page.getByText(`Bạn đang sửa phiếu đã gửi (mã xác nhận ${receipt}).`).waitFor();
    const accessPlace = question(page, ACCESS_PLACE);
    expect(await accessPlace.getByRole("radio", { name: "Hài lòng", exact: true }).isChecked()).toBe(true);
    await accessPlace.getByRole("radio", { name: "Rất hài lòng" }).check();
    for (let screen = 0; screen < 20; screen++) {
      const submit = page.getByRole("button", { name: "Gửi phiếu" });
      if (await submit.isVisible()) break;
      await page.getByRole("button", { name: "Tiếp tục" }).click();
    }
    await page.getByRole("button", { name: "Gửi phiếu" }).click();
    await page.getByRole("heading", { name: "Đã cập nhật câu trả lời" }).waitFor();
    expect(await receiptOnPage(page)).toBe(receipt);

    rows = await storedRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.answers).toMatchObject({ access_place: 5, staff_polite: 4, overall_satisfaction: 4 });
    expect(rows[0]!.updated_at).not.toBeNull();

    // Back on the first link later: the thank-you with the receipt and the edit button, no blank survey.
    await page.goto(`${server.baseUrl}/s/${server.demoCode}`);
    await page.getByRole("heading", { name: THANKS }).waitFor();
    expect(await receiptOnPage(page)).toBe(receipt);
    await page.getByRole("button", { name: "Sửa câu trả lời" }).waitFor();
    expect(errors).toEqual([]);
  });

  it("without a proof made ahead, the server's challenge is solved in the page, then the answer is stored", async () => {
    const limits = { ...server.config.surveyLimits };
    server.config.surveyLimits.perIp = 0; // every new answer from this address is over the limit
    try {
      const { page, errors } = await phone();
      // The proof the page solves while the parent answers cannot be had (as when the survey was
      // opened offline): the answer goes out bare and the server's 428 brings the challenge.
      await page.route("**/api/public/s/*/challenge", (route) => route.abort());
      const exchanges: { status: number; body: { submissionId: string; altcha?: string } }[] = [];
      page.on("response", (r) => {
        if (r.url().endsWith("/responses"))
          exchanges.push({ status: r.status(), body: r.request().postDataJSON() });
      });
      await page.goto(`${server.baseUrl}/s/${server.demoCode}`);
      await page.getByText("Phần 1/6", { exact: true }).waitFor();
      // Record what the status line says while the page works.
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { statusTexts: string[] }).statusTexts = seen;
        new MutationObserver(() => {
          const text = document.querySelector("[role='status']")?.textContent;
          if (text) seen.push(text);
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      await answerRestAndSubmit(page);
      await page.getByRole("heading", { name: THANKS }).waitFor({ timeout: 30_000 });

      expect(exchanges.map((e) => e.status)).toEqual([428, 201]);
      const [challenged, solved] = exchanges;
      expect(challenged!.body.altcha).toBeUndefined();
      expect(solved!.body.submissionId).toBe(challenged!.body.submissionId);
      const payload = JSON.parse(Buffer.from(solved!.body.altcha ?? "", "base64").toString());
      expect(payload).toMatchObject({ algorithm: "SHA-256", number: expect.any(Number) });
      expect(Object.keys(payload).sort()).toEqual(["algorithm", "challenge", "number", "salt", "signature"]);
      const statusTexts = await page.evaluate(
        () => (window as unknown as { statusTexts: string[] }).statusTexts,
      );
      expect(statusTexts.some((text) => text.includes("Đang xác minh…"))).toBe(true);
      const rows = await storedRows();
      expect(rows).toHaveLength(1);
      expect(await receiptOnPage(page)).toBe(rows[0]!.receipt);
      expect(errors).toEqual([]);
    } finally {
      Object.assign(server.config.surveyLimits, limits);
    }
  });

  it("a filled honeypot is refused with the server's message; cleared, the answer goes through", async () => {
    const { page } = await phone();
    await page.goto(`${server.baseUrl}/s/${server.demoCode}`);
    await page.getByText("Phần 1/6", { exact: true }).waitFor();
    // What a form-filling robot (or an over-eager autofill) does to the hidden "Website" field.
    await page.locator("#website").fill("http://spam.example");
    await answerRestAndSubmit(page);
    await page.getByRole("alert").waitFor();
    // The server's own words (they name the field to empty).
    expect(await page.getByRole("alert").textContent()).toContain("Website");
    expect(await storedRows()).toHaveLength(0);
    // The field is now shown to the person, who can empty it and send again.
    const field = page.getByRole("textbox", { name: "Website" });
    await field.fill("");
    await page.getByRole("button", { name: "Gửi phiếu" }).click();
    await page.getByRole("heading", { name: THANKS }).waitFor();
    expect(await storedRows()).toHaveLength(1);
  });
});
