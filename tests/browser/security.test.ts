/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fullSipasAnswers, jsonRequest, signIn } from "../support/app.ts";
import { chromiumPath, launchChromium } from "../support/browser.ts";
import { type RunningServer, startTestServer } from "../support/server.ts";

const SCRIPT = "<script>alert(1)</script>";
const IMG = "<img src=x onerror=alert(1)>";
const SVG = '"><svg onload=alert(1)>';
const MONTH = "2026-11"; // the test clock is 23/11/2026

const UNIT = `Trường Demo ${SVG}`;
const SUBJECT = `Cổng trường ${SCRIPT}`;
const CONTENT = `Nội dung ${IMG} và ${SVG}`;
const NAME = `Lan ${IMG}`;
const NOTE = `Đã tiếp nhận ${SVG}`;
const ANSWER = `Nhà trường trả lời: ${SCRIPT} ${IMG}`;
const COMMENT = `Ý kiến ${IMG} ${SCRIPT}`;
const COMMENTARY = `Nhận xét tháng ${SCRIPT}`;
const EXCERPT = `Phụ huynh viết: ${IMG}`;

/**
 * Markup in citizen and staff text, shown in the console and on the public pages: the literal
 * text is on screen, no element or handler comes from it, no dialog opens and the CSP never had
 * to block anything.
 */
describe.skipIf(!chromiumPath)("markup in citizen and staff text on screen", () => {
  let server: RunningServer;
  let browser: Browser;
  let cookie: string;
  let caseId: string;
  let trackingCode: string;
  let citizenKey: string;
  let surveyId: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    cookie = await signIn(server.app);
    const db = server.database.db;
    const unitId = (
      await db.selectFrom("unit").select("id").where("slug", "=", "demo").executeTakeFirstOrThrow()
    ).id;
    surveyId = (await db.selectFrom("survey").select("id").executeTakeFirstOrThrow()).id;
    const send = async (method: string, url: string, body: unknown = {}, headers = { Cookie: cookie }) => {
      const res = await server.app.request(url, jsonRequest(method, body, headers));
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as any) : null };
    };

    expect((await send("PATCH", `/api/admin/units/${unitId}`, { name: UNIT })).status).toBe(200);
    for (const level of [5, 4, 4, 5, 3, 4]) {
      const res = await send(
        "POST",
        `/api/public/s/${server.demoCode}/responses`,
        { submissionId: crypto.randomUUID(), answers: { ...fullSipasAnswers(level), comment: COMMENT } },
        {} as { Cookie: string },
      );
      expect(res.status).toBe(201);
    }
    const petition = await send(
      "POST",
      "/api/public/units/demo/petitions",
      {
        submissionId: crypto.randomUUID(),
        kind: "reflection",
        subject: SUBJECT,
        content: CONTENT,
        contact: { name: NAME, phone: "0912 345 678", email: "lan.pham@example.vn" },
        consentToContact: true,
        consentToPublish: true,
      },
      {} as { Cookie: string },
    );
    expect(petition.status).toBe(201);
    trackingCode = petition.body.trackingCode;
    citizenKey = petition.body.citizenKey;
    caseId = (
      await db
        .selectFrom("petition")
        .select("id")
        .where("tracking_code", "=", trackingCode)
        .executeTakeFirstOrThrow()
    ).id;
    const move = (body: Record<string, unknown>) =>
      send("POST", `/api/admin/petitions/${caseId}/transitions`, body);
    expect((await move({ event: "acknowledge", publicNote: NOTE })).status).toBe(200);
    expect((await move({ event: "answer", answer: ANSWER })).status).toBe(200);

    const reports = `/api/admin/units/${unitId}/reports/${MONTH}`;
    expect(
      (await send("POST", `${reports}/draft`, { commentary: COMMENTARY, excerpts: [EXCERPT] })).status,
    ).toBe(200);
    expect((await send("POST", `${reports}/publish`)).status).toBe(201);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  /** A page that records dialogs (dismissed), script errors and CSP violations. */
  async function open(staff: boolean) {
    const context = await browser.newContext({
      viewport: staff ? { width: 1280, height: 900 } : { width: 360, height: 740 },
      locale: "vi-VN",
    });
    contexts.push(context);
    if (staff) {
      const [name, value] = cookie.split("=") as [string, string];
      await context.addCookies([{ name, value, url: server.baseUrl, httpOnly: true, sameSite: "Lax" }]);
    }
    await context.addInitScript(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const page = await context.newPage();
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on("pageerror", (error) => errors.push(error.message));
    return { page, dialogs, errors };
  }

  /** Nothing on the page came from the payloads. */
  async function expectInert(page: Page, dialogs: string[], errors: string[], where: string) {
    const found = await page.evaluate(() => {
      const all = Array.from(document.querySelectorAll("*"));
      return {
        images: document.querySelectorAll('img[src="x"]').length,
        handlers: all
          .filter((el) => Array.from(el.attributes).some((a) => /^on/i.test(a.name)))
          .map((el) => el.outerHTML.slice(0, 80)),
        svgs: document.querySelectorAll("svg[onload]").length,
        scripts: Array.from(document.scripts).filter((s) => s.textContent?.includes("alert(1)")).length,
        violations: (window as unknown as { __violations: string[] }).__violations,
      };
    });
    expect(found, where).toEqual({ images: 0, handlers: [], svgs: 0, scripts: 0, violations: [] });
    expect(dialogs, `${where}: dialogs`).toEqual([]);
    expect(errors, `${where}: script errors`).toEqual([]);
  }

  const visible = async (page: Page, text: string) => {
    await page.getByText(text).first().waitFor();
    expect(await page.getByText(text).first().isVisible()).toBe(true);
  };

  it("the console's inbox, case page, survey comments and monthly results show it as text", async () => {
    const { page, dialogs, errors } = await open(true);
    await page.goto(`${server.baseUrl}/admin/petitions`);
    await visible(page, SUBJECT);
    await expectInert(page, dialogs, errors, "inbox");

    await page.goto(`${server.baseUrl}/admin/petitions/${caseId}`);
    await page.getByRole("heading", { level: 1, name: SUBJECT }).waitFor();
    for (const text of [CONTENT, NAME, ANSWER, NOTE]) await visible(page, text);
    await expectInert(page, dialogs, errors, "case page");

    await page.goto(`${server.baseUrl}/admin/surveys/${surveyId}/results`);
    await visible(page, COMMENT);
    await expectInert(page, dialogs, errors, "survey comments");

    await page.goto(`${server.baseUrl}/admin/reports`);
    await visible(page, COMMENTARY);
    await expectInert(page, dialogs, errors, "monthly results");
  });

  it("the tracking page, the month's public results, the embed and the forms show it as text", async () => {
    const { page, dialogs, errors } = await open(false);
    await page.goto(`${server.baseUrl}/t/${trackingCode}#k=${citizenKey}`);
    await visible(page, ANSWER);
    await visible(page, NOTE);
    await visible(page, UNIT);
    await expectInert(page, dialogs, errors, "tracking page");

    await page.goto(`${server.baseUrl}/r/demo/${MONTH}`);
    await visible(page, COMMENTARY);
    await visible(page, EXCERPT);
    await expectInert(page, dialogs, errors, "month's results");

    await page.goto(`${server.baseUrl}/embed/r/demo`);
    await visible(page, UNIT);
    await expectInert(page, dialogs, errors, "embed");

    await page.goto(`${server.baseUrl}/s/${server.demoCode}`);
    await visible(page, UNIT);
    await expectInert(page, dialogs, errors, "survey page");

    await page.goto(`${server.baseUrl}/p/demo`);
    await visible(page, UNIT);
    await expectInert(page, dialogs, errors, "petition form");
  });
});
