import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "@gopy/api/config.ts";
import { toCsv } from "@gopy/api/http/csv.ts";
import { channelRouter, fileTransport } from "@gopy/api/outbox/transports.ts";
import { deliverDueMessages } from "@gopy/api/outbox/worker.ts";
import { webhookTransport } from "@gopy/api/webhooks/transport.ts";
import { DOMParser } from "@xmldom/xmldom";
import JSZip from "jszip";
import { sql } from "kysely";
import * as mupdf from "mupdf";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  createTestApp,
  fullSipasAnswers,
  jsonRequest,
  signIn,
  type TestApp,
  testConfig,
} from "../support/app.ts";
import { repoRoot } from "../support/template.ts";

/**
 * Security checks across every output the server renders: citizen and staff text stays text
 * (emails, PDFs, DOCX, Open311 XML, CSV), the security headers and the session cookie's flags, and
 * logs that carry no secret and no personal data through a whole journey.
 */

const SCRIPT = "<script>alert(1)</script>";
const IMG = "<img src=x onerror=alert(1)>";
const SVG = '"><svg onload=alert(1)>';
/** Markup that must never appear unescaped in an XML or HTML rendering. */
const RAW_MARKUP = /<script|<img|<svg/i;

let t: TestApp;
let admin: string;
let demoUnitId: string;
let surveyId: string;
beforeEach(async () => {
  t = await createTestApp();
  admin = await signIn(t.app);
  const db = t.database.db;
  demoUnitId = (await db.selectFrom("unit").select("id").where("slug", "=", "demo").executeTakeFirstOrThrow())
    .id;
  surveyId = (await db.selectFrom("survey").select("id").executeTakeFirstOrThrow()).id;
});
afterEach(() => t.close());

const send = async (method: string, url: string, body: unknown = {}, cookie = admin) => {
  const res = await t.app.request(url, jsonRequest(method, body, { Cookie: cookie }));
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as any) : null };
};
const download = async (url: string, cookie = admin) => {
  const res = await t.app.request(url, { headers: { Cookie: cookie } });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
};
const submitPetition = async (over: Record<string, unknown> = {}) => {
  const res = await t.app.request(
    "/api/public/units/demo/petitions",
    jsonRequest("POST", {
      submissionId: crypto.randomUUID(),
      kind: "reflection",
      subject: `Tiêu đề ${SCRIPT}`,
      content: `Nội dung ${IMG} và ${SVG} & "trích dẫn" ]]> kết thúc`,
      contact: { name: `Lan ${SVG}`, phone: "0912 345 678", email: "lan.pham@example.vn" },
      consentToContact: true,
      consentToPublish: true,
      ...over,
    }),
  );
  expect(res.status).toBe(201);
  const { trackingCode, citizenKey } = (await res.json()) as { trackingCode: string; citizenKey: string };
  const { id } = await t.database.db
    .selectFrom("petition")
    .select("id")
    .where("tracking_code", "=", trackingCode)
    .executeTakeFirstOrThrow();
  return { trackingCode, citizenKey, id };
};
const answerSurvey = async (answers: Record<string, unknown>, code = t.demoCode) => {
  const res = await t.app.request(
    `/api/public/s/${code}/responses`,
    jsonRequest("POST", { submissionId: crypto.randomUUID(), answers }),
  );
  expect(res.status).toBe(201);
};

const pdfText = (bytes: Uint8Array) => {
  const doc = mupdf.Document.openDocument(bytes, "application/pdf");
  return Array.from({ length: doc.countPages() }, (_, i) =>
    doc.loadPage(i).toStructuredText("preserve-whitespace").asText(),
  )
    .join("\n")
    .replace(/\s+/g, " ");
};
/** No script, launch or link action anywhere in the file: the text cannot become behaviour. */
const expectInertPdf = (bytes: Uint8Array) => {
  const raw = Buffer.from(bytes).toString("latin1");
  expect(raw.startsWith("%PDF-")).toBe(true);
  expect(raw).not.toMatch(/\/(JavaScript|JS|OpenAction|Launch|AA|URI|SubmitForm)\b/);
};
const parseXml = (source: string) => {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => errors.push(`${level}: ${message}`),
  }).parseFromString(source, "text/xml");
  expect(errors, "well-formed XML").toEqual([]);
  return doc;
};
/** A small RFC 4180 reader: quoted cells, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && body[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}
/** A cell a spreadsheet would run as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

describe("citizen text in emails", () => {
  it("is carried literally in plain-text messages, never as HTML, and cannot add mail headers", async () => {
    const { id } = await submitPetition();
    const answer = `Trả lời: chúng tôi đã nhận "${SCRIPT}" ${IMG} ${SVG}`;
    expect(
      (await send("POST", `/api/admin/petitions/${id}/transitions`, { event: "answer", answer })).status,
    ).toBe(200);
    const messages = await t.database.db.selectFrom("outbox").selectAll().orderBy("id").execute();
    const answered = messages.find((m) => m.body.includes("Câu trả lời:"));
    expect(answered, "the answer email").toBeDefined();
    // The body is text: the staff answer (quoting the citizen) is there character for character.
    expect(answered!.body).toContain(answer);
    expect(answered!.body).not.toContain("&lt;");

    const dir = mkdtempSync(path.join(tmpdir(), "gopy-security-mail-"));
    try {
      await deliverDueMessages(t.database.db, fileTransport(dir), t.clock, pino({ level: "silent" }));
      const files = readdirSync(dir);
      expect(files.length).toBe(messages.length);
      for (const file of files) {
        const eml = readFileSync(path.join(dir, file), "utf8");
        expect(eml).toMatch(/^Content-Type: text\/plain; charset=utf-8/im);
        expect(eml).not.toMatch(/text\/html/i);
      }
      // A subject with a line break cannot smuggle a header into the message.
      await fileTransport(dir).send({
        id: 999,
        channel: "email",
        recipient: "lan.pham@example.vn",
        subject: `Hồ sơ\r\nBcc: evil@example.com\r\n\r\n${SCRIPT}`,
        body: SCRIPT,
      });
      const forged = readFileSync(path.join(dir, "00000999.eml"), "utf8");
      const headers = forged.slice(0, forged.indexOf("\n\n"));
      expect(headers).not.toMatch(/^Bcc:/im);
      expect(forged).not.toMatch(/^Content-Type: text\/html/im);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("citizen and staff text in printed documents", () => {
  async function publishWithPayloads() {
    const link = await send("POST", `/api/admin/surveys/${surveyId}/links`, { channel: `Kênh ${IMG}` });
    expect(link.status).toBe(201);
    for (const level of [5, 4, 4, 5, 3]) await answerSurvey({ ...fullSipasAnswers(level), comment: SCRIPT });
    await submitPetition();
    const draft = await send("POST", `/api/admin/units/${demoUnitId}/reports/2026-11/draft`, {
      commentary: `Nhận xét ${SCRIPT} ${SVG}`,
      excerpts: [`Phụ huynh viết: ${IMG}`, `Trích: ${SVG} & <b>đậm</b>`],
    });
    expect(draft.status).toBe(200);
    return link.body as { id: string; code: string };
  }

  it("shows in the monthly notice and the yearly report as the literal text (PDF and DOCX)", async () => {
    await publishWithPayloads();
    const base = `/api/admin/units/${demoUnitId}/report-documents`;
    const signer = encodeURIComponent(`Nguyễn ${SVG}`);
    for (const file of ["/2026-11/notice.pdf?draft=1", `/2026-11/notice.pdf?signer=${signer}`]) {
      if (file.includes("signer"))
        expect((await send("POST", `/api/admin/units/${demoUnitId}/reports/2026-11/publish`)).status).toBe(
          201,
        );
      const pdf = await download(`${base}${file}`);
      expect(pdf.res.status, new TextDecoder().decode(pdf.bytes).slice(0, 300)).toBe(200);
      expectInertPdf(pdf.bytes);
      const text = pdfText(pdf.bytes);
      for (const expected of [
        `Nhận xét ${SCRIPT} ${SVG}`,
        `Phụ huynh viết: ${IMG}`,
        `Trích: ${SVG} & <b>đậm</b>`,
      ])
        expect(text).toContain(expected);
      if (file.includes("signer")) expect(text).toContain(`Nguyễn ${SVG}`);
    }

    const docx = await download(`${base}/2026-11/notice.docx?signer=${signer}`);
    expect(docx.res.status).toBe(200);
    const zip = await JSZip.loadAsync(docx.bytes);
    for (const name of Object.keys(zip.files).filter((n) => n.endsWith(".xml"))) {
      const source = await zip.file(name)!.async("string");
      expect(source, name).not.toMatch(RAW_MARKUP);
      parseXml(source);
    }
    const documentXml = await zip.file("word/document.xml")!.async("string");
    expect(documentXml).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const runs = [...parseXml(documentXml).getElementsByTagName("w:t")].map((n) => n.textContent).join("");
    for (const expected of [`Nhận xét ${SCRIPT} ${SVG}`, `Phụ huynh viết: ${IMG}`, `Nguyễn ${SVG}`])
      expect(runs).toContain(expected);

    const quarter = await download(`${base}/2026-Q4/report.pdf`);
    expect(quarter.res.status).toBe(200);
    expectInertPdf(quarter.bytes);
    expect(pdfText(quarter.bytes)).not.toMatch(/&lt;|&amp;|&quot;/);
  });

  it("prints the addressee of an apology letter and a poster's channel as text", async () => {
    const { id } = await submitPetition({ kind: "complaint" });
    // Never accepted: its 30 days ran from the last day to accept it (3/12), so it was due on 4/1.
    t.clock.set("2027-01-06T03:00:00.000Z");
    admin = await signIn(t.app); // the earlier session has expired meanwhile
    const apology = await send("POST", `/api/admin/petitions/${id}/apology`, {
      number: "15/CV-THD",
      newDate: "2027-01-12",
      place: "Hà Nội",
      signerTitle: "Hiệu trưởng",
      signerName: `Lan ${IMG}`,
    });
    expect(apology.status).toBe(201);
    const letter = await download(apology.body.pdfUrl);
    expect(letter.res.status).toBe(200);
    expectInertPdf(letter.bytes);
    const text = pdfText(letter.bytes);
    expect(text).toContain(`Lan ${SVG}`); // the citizen's name, as typed
    expect(text).toContain(`Lan ${IMG}`); // the signer
    expect(text).not.toContain("&lt;");

    const link = await send("POST", `/api/admin/surveys/${surveyId}/links`, { channel: `Cổng ${SCRIPT}` });
    expect(link.status).toBe(201);
    const poster = await download(`/api/admin/surveys/${surveyId}/links/${link.body.id}/poster.pdf`);
    expect(poster.res.status).toBe(200);
    expectInertPdf(poster.bytes);
    expect(pdfText(poster.bytes)).toContain(`Cổng ${SCRIPT}`);
  });
});

describe("citizen text in Open311 answers", () => {
  let apiKey: string;
  beforeEach(async () => {
    const res = await send("POST", `/api/admin/units/${demoUnitId}/open311-keys`, { name: "Cổng tỉnh" });
    apiKey = res.body.key;
  });
  const post = (fields: Record<string, string>, format = "xml") =>
    t.app.request(`/open311/v2/requests.${format}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });

  it("escapes markup in descriptions, addresses and echoed errors: well-formed XML with the literal text", async () => {
    const description = `Mô tả ${SCRIPT} ${IMG} ${SVG} & <![CDATA[ x ]]> ]]>`;
    const address = `Số 5 ${SVG}`;
    const created = await post({
      jurisdiction_id: "demo",
      api_key: apiKey,
      service_code: "reflection",
      description,
      address_string: address,
      first_name: `Lan ${IMG}`,
      email: "lan.pham@example.vn",
      "attribute[consent_contact]": "yes",
      "attribute[consent_publish]": "yes",
    });
    expect(created.status).toBe(200);
    const id = parseXml(await created.text()).getElementsByTagName("service_request_id")[0]!.textContent!;
    const { id: petitionId } = await t.database.db
      .selectFrom("petition")
      .select("id")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    const answer = `Đã xử lý ${SCRIPT}`;
    expect(
      (await send("POST", `/api/admin/petitions/${petitionId}/transitions`, { event: "answer", answer }))
        .status,
    ).toBe(200);

    for (const url of [
      `/open311/v2/requests/${id}.xml?jurisdiction_id=demo`,
      "/open311/v2/requests.xml?jurisdiction_id=demo",
    ]) {
      const res = await t.app.request(url);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/xml");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      const source = await res.text();
      expect(source).not.toMatch(RAW_MARKUP);
      const doc = parseXml(source);
      const request = doc.getElementsByTagName("request")[0]!;
      const field = (name: string) => request.getElementsByTagName(name)[0]?.textContent;
      expect(field("description")).toBe(description);
      expect(field("address")).toBe(address);
      expect(field("status_notes")).toContain(answer);
      expect(source).not.toContain("Lan ");
    }

    // Errors quote what was sent: escaped too.
    for (const [res, quoted] of [
      [
        await post({ jurisdiction_id: "demo", api_key: apiKey, service_code: SCRIPT, description: "x" }),
        SCRIPT,
      ],
      [await t.app.request(`/open311/v2/services.xml?jurisdiction_id=${encodeURIComponent(SVG)}`), SVG],
      [await t.app.request(`/open311/v2/requests/${encodeURIComponent(IMG)}.xml?jurisdiction_id=demo`), IMG],
    ] as const) {
      expect(res.status).toBe(404);
      const source = await res.text();
      expect(source).not.toMatch(RAW_MARKUP);
      expect(parseXml(source).getElementsByTagName("description")[0]!.textContent).toContain(quoted);
    }
  });
});

describe("server-rendered HTML", () => {
  it("never reflects a path or query: pages are the built files, errors are JSON", async () => {
    const index = await (await t.app.request("/s/zzzzzzzz")).text();
    for (const url of [
      `/s/${encodeURIComponent(SCRIPT)}`,
      `/t/${encodeURIComponent(IMG)}`,
      `/r/${encodeURIComponent(SVG)}/2026-11`,
      `/p/demo?x=${encodeURIComponent(SCRIPT)}`,
      `/admin/petitions/${encodeURIComponent(SVG)}`,
    ]) {
      const res = await t.app.request(url);
      const body = await res.text();
      expect(body, url).not.toContain("alert(1)");
      if (!url.startsWith("/admin")) expect(body).toBe(index);
    }
    for (const url of [
      `/api/${encodeURIComponent(SCRIPT)}`,
      `/api/public/petitions/${encodeURIComponent(IMG)}`,
    ]) {
      const res = await t.app.request(url);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(await res.text()).not.toContain("alert(1)");
    }
  });
});

describe("CSV exports", () => {
  const FORMULAS = ['=HYPERLINK("http://evil","x")', "+1+1", "@SUM(A1)", "-2+3", "\t=1+1", "\r=1+1"];

  it("the writer prefixes every formula-like text with an apostrophe and keeps numbers numbers", () => {
    const csv = toCsv(
      ["text", "number"],
      [...FORMULAS.map((f, i) => [f, -i - 0.5]), ["bình thường", -2], ["", 0], [null, 12]],
    );
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const [header, ...rows] = parseCsv(csv);
    expect(header).toEqual(["text", "number"]);
    FORMULAS.forEach((f, i) => {
      expect(rows[i]![0]).toBe(`'${f}`);
      expect(rows[i]![1]).toBe(String(-i - 0.5));
    });
    expect(rows.slice(FORMULAS.length)).toEqual([
      ["bình thường", "-2"],
      ["", "0"],
      ["", "12"],
    ]);
  });

  it("survey answers (CSV and Excel): comments neutralised, scores stay numbers", async () => {
    const link = await send("POST", `/api/admin/surveys/${surveyId}/links`, { channel: "@SUM(A1)" });
    expect(link.status).toBe(201);
    for (const comment of FORMULAS) await answerSurvey({ ...fullSipasAnswers(4), comment }, link.body.code);
    const csv = await download(`/api/admin/surveys/${surveyId}/responses.csv`);
    expect(csv.res.status).toBe(200);
    const [header, ...rows] = parseCsv(new TextDecoder().decode(csv.bytes));
    expect(rows).toHaveLength(FORMULAS.length);
    const comment = header!.findIndex((h) => h.startsWith("comment:"));
    const score = header!.findIndex((h) => h.startsWith("access_place:"));
    expect(comment).toBeGreaterThan(0);
    // Answers are stored trimmed: a leading tab or CR is gone, the formula behind it is not.
    expect(rows.map((r) => r[comment]).sort()).toEqual(FORMULAS.map((f) => `'${f.trim()}`).sort());
    for (const row of rows) {
      expect(row[2]).toBe("'@SUM(A1)");
      expect(row[score]).toBe("4");
      for (const cell of row) expect(cell).not.toMatch(FORMULA_START);
    }

    const xlsx = await download(`/api/admin/surveys/${surveyId}/responses.xlsx`);
    expect(xlsx.res.status).toBe(200);
    const book = await JSZip.loadAsync(xlsx.bytes);
    const sheet = await book.file("xl/worksheets/sheet1.xml")!.async("string");
    expect(sheet).not.toMatch(/<f[ >]/); // no formula cell at all
    const strings = [
      ...parseXml(await book.file("xl/sharedStrings.xml")!.async("string")).getElementsByTagName("si"),
    ].map((si) => si.textContent ?? "");
    for (const f of FORMULAS) expect(strings).toContain(`'${f.trim()}`);
    for (const s of strings) expect(s).not.toMatch(FORMULA_START);
    // The scores are number cells.
    const column = String.fromCharCode(65 + score);
    const scores = [...sheet.matchAll(new RegExp(`<c r="${column}(\\d+)"([^>]*)>(?:<v>([^<]*)</v>)?`, "g"))]
      .filter((m) => m[1] !== "1")
      .map((m) => [m[2]!.includes('t="s"'), m[3]]);
    expect(scores).toEqual(FORMULAS.map(() => [false, "4"]));
  });

  it("the audit log and the open data neutralise staff text (unit names, channels)", async () => {
    const name = '=HYPERLINK("http://evil","x")';
    expect((await send("PATCH", `/api/admin/units/${demoUnitId}`, { name })).status).toBe(200);
    const audit = await download("/api/admin/audit.csv");
    expect(audit.res.status).toBe(200);
    const auditRows = parseCsv(new TextDecoder().decode(audit.bytes));
    const unitColumn = auditRows[0]!.indexOf("unit");
    expect(auditRows.slice(1).some((r) => r[unitColumn] === `'${name}`)).toBe(true);
    for (const row of auditRows.slice(1)) for (const cell of row) expect(cell).not.toMatch(FORMULA_START);

    const link = await send("POST", `/api/admin/surveys/${surveyId}/links`, { channel: "-2+3" });
    for (const level of [5, 4, 4, 5, 3, 2]) await answerSurvey(fullSipasAnswers(level), link.body.code);
    expect((await send("POST", `/api/admin/units/${demoUnitId}/reports/2026-11/draft`, {})).status).toBe(200);
    expect((await send("POST", `/api/admin/units/${demoUnitId}/reports/2026-11/publish`)).status).toBe(201);
    const open = await t.app.request("/api/public/units/demo/reports/2026-11.csv");
    expect(open.status).toBe(200);
    const [header, ...rows] = parseCsv(await open.text());
    const channel = header!.indexOf("channel");
    const value = header!.indexOf("value");
    expect(rows.some((r) => r[channel] === "'-2+3")).toBe(true);
    for (const row of rows) {
      for (const cell of row) expect(cell).not.toMatch(FORMULA_START);
      // Figures are plain numbers (or the suppression label), never prefixed.
      expect(row[value]).toMatch(/^(-?\d+(\.\d+)?|\*|true|false|)$/);
    }
  });
});

/** `a; b 'c'` → { a: [], b: ["'c'"] } */
const directives = (csp: string) =>
  Object.fromEntries(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  ) as Record<string, string[]>;

describe("security headers", () => {
  const expectHeaders = (res: Response, what: string, { framable = false } = {}) => {
    const h = (name: string) => res.headers.get(name);
    const csp = h("content-security-policy");
    expect(csp, `${what}: CSP`).toBeTruthy();
    const d = directives(csp!);
    expect(csp, what).not.toContain("'unsafe-eval'");
    expect(d["default-src"], what).toEqual(["'self'"]);
    expect(d["script-src"], what).toEqual(["'self'"]);
    expect(d["object-src"], what).toEqual(["'none'"]);
    expect(d["base-uri"], what).toEqual(["'self'"]);
    expect(d["form-action"], what).toEqual(["'self'"]);
    expect(d["frame-ancestors"], what).toEqual([framable ? "*" : "'none'"]);
    if (framable) expect(h("x-frame-options"), what).toBeNull();
    else expect(h("x-frame-options"), what).toBe("DENY");
    expect(h("x-content-type-options"), what).toBe("nosniff");
    expect(h("referrer-policy"), what).toBe("strict-origin-when-cross-origin");
    expect(h("cross-origin-opener-policy"), what).toBe("same-origin");
    expect(h("cross-origin-resource-policy"), what).toBe(framable ? "cross-origin" : "same-origin");
    const hsts = /^max-age=(\d+)/.exec(h("strict-transport-security") ?? "");
    expect(Number(hsts?.[1]), `${what}: HSTS`).toBeGreaterThanOrEqual(15_552_000);
    const permissions = h("permissions-policy") ?? "";
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"])
      expect(permissions, `${what}: Permissions-Policy`).toContain(`${feature}=()`);
    expect(h("x-powered-by"), what).toBeNull();
  };

  it("are on every kind of response; only the embed widget may be framed", async () => {
    const html = await (await t.app.request(`/s/${t.demoCode}`)).text();
    const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)![1]!;
    const adminHtml = await (await t.app.request("/admin/")).text();
    const adminAsset = adminHtml.match(/src="(\/admin\/assets\/[^"]+\.js)"/)![1]!;
    const cases: [string, () => Response | Promise<Response>, number][] = [
      ["API JSON", () => t.app.request("/api/public/units/demo"), 200],
      ["survey page", () => t.app.request(`/s/${t.demoCode}`), 200],
      ["tracking page", () => t.app.request("/t/DEMO-2611-ABCDEF"), 200],
      ["public results page", () => t.app.request("/r/demo/2026-11"), 200],
      ["console", () => t.app.request("/admin/petitions"), 200],
      ["console asset", () => t.app.request(adminAsset), 200],
      ["survey asset", () => t.app.request(asset), 200],
      ["staff JSON", () => t.app.request("/api/auth/me", { headers: { Cookie: admin } }), 200],
      ["unknown API path (problem)", () => t.app.request("/api/nothing-here"), 404],
      ["unauthenticated (problem)", () => t.app.request("/api/admin/surveys"), 401],
      [
        "malformed JSON (problem)",
        () =>
          t.app.request("/api/public/units/demo/petitions", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: "{",
          }),
        400,
      ],
      [
        "cross-site form POST (problem)",
        () =>
          t.app.request("/api/auth/login", {
            method: "POST",
            headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
            body: "email=x",
          }),
        415,
      ],
      ["missing asset", () => t.app.request("/assets/nothing.js"), 404],
      ["Open311 XML", () => t.app.request("/open311/v2/discovery.xml"), 200],
      ["Open311 error", () => t.app.request("/open311/v2/nothing.json"), 404],
      ["open data CSV (not found)", () => t.app.request("/api/public/units/demo/reports/2026-11.csv"), 404],
      ["health", () => t.app.request("/healthz"), 200],
    ];
    for (const [what, request, status] of cases) {
      const res = await request();
      expect(res.status, what).toBe(status);
      expectHeaders(res, what);
    }
    for (const url of ["/embed/r/demo", "/embed/r/demo?theme=dark"]) {
      const res = await t.app.request(url);
      expect(res.status).toBe(200);
      expectHeaders(res, url, { framable: true });
    }
    // Only /embed/ relaxes framing: look-alike paths do not.
    expectHeaders(await t.app.request("/r/demo/embed"), "/r/demo/embed");
    expectHeaders(await t.app.request("/api/embed/r/demo"), "/api/embed/r/demo");
  });

  it("are the same when the service is published over https behind a proxy", async () => {
    const https = await createTestApp({
      config: { publicBaseUrl: "https://gopy.example.edu.vn", secureCookies: true, trustProxy: true },
    });
    try {
      for (const url of [`/s/${https.demoCode}`, "/api/public/units/demo", "/admin/"]) {
        const res = await https.app.request(`https://gopy.example.edu.vn${url}`, {
          headers: { "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7" },
        });
        expectHeaders(res, url);
        expect(res.headers.get("strict-transport-security")).toContain("includeSubDomains");
      }
    } finally {
      await https.close();
    }
  });
});

/** The attributes of one Set-Cookie header, by lower-case name. */
function cookieOf(header: string) {
  const [pair, ...attributes] = header.split(";").map((s) => s.trim());
  const [name, ...value] = pair!.split("=");
  return {
    name: name!,
    value: value.join("="),
    attributes: Object.fromEntries(
      attributes.map((a) => {
        const [k, ...v] = a.split("=");
        return [k!.toLowerCase(), v.join("=") || true];
      }),
    ) as Record<string, string | true>,
  };
}

describe("cookies", () => {
  const login = (app = t.app, origin?: string) =>
    app.request(
      "/api/auth/login",
      jsonRequest("POST", { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, origin ? { Origin: origin } : {}),
    );

  it("the staff session: HttpOnly, SameSite=Lax, Path=/, host-only, 7 days; cleared by sign-out", async () => {
    const res = await login();
    expect(res.status).toBe(200);
    const set = res.headers.getSetCookie();
    expect(set).toHaveLength(1);
    const cookie = cookieOf(set[0]!);
    expect(cookie.name).toBe("gopy_session");
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
    expect(cookie.attributes.httponly).toBe(true);
    expect(String(cookie.attributes.samesite).toLowerCase()).toBe("lax");
    expect(cookie.attributes.path).toBe("/");
    expect(cookie.attributes.domain).toBeUndefined();
    expect(cookie.attributes.secure).toBeUndefined(); // served over plain http here
    expect(Number(cookie.attributes["max-age"])).toBe(7 * 24 * 3600);
    expect(res.headers.get("cache-control") ?? "").not.toMatch(/public/);
    const session = `gopy_session=${cookie.value}`;
    // Nothing readable by script: the value is not in the body either.
    expect(await res.text()).not.toContain(cookie.value);

    const out = await t.app.request(
      "/api/auth/logout",
      jsonRequest("POST", {}, { Cookie: session, Origin: "http://gopy.test" }),
    );
    expect(out.status).toBe(204);
    const cleared = cookieOf(out.headers.getSetCookie()[0]!);
    expect(cleared.name).toBe("gopy_session");
    expect(cleared.value).toBe("");
    expect(cleared.attributes["max-age"]).toBe("0");
    expect(cleared.attributes.path).toBe("/");
    expect((await t.app.request("/api/auth/me", { headers: { Cookie: session } })).status).toBe(401);
  });

  it("is Secure when the public address is https (the configuration derives it)", async () => {
    const config = loadConfig({ PUBLIC_BASE_URL: "https://gopy.example.edu.vn/" }, repoRoot);
    expect(config.secureCookies).toBe(true);
    expect(loadConfig({ PUBLIC_BASE_URL: "http://192.168.1.20:3000" }, repoRoot).secureCookies).toBe(false);
    const https = await createTestApp({
      config: { ...testConfig(), publicBaseUrl: config.publicBaseUrl, secureCookies: config.secureCookies },
    });
    try {
      const res = await login(https.app);
      const cookie = cookieOf(res.headers.getSetCookie()[0]!);
      expect(cookie.attributes.secure).toBe(true);
      expect(cookie.attributes.httponly).toBe(true);
      const out = await https.app.request(
        "/api/auth/logout",
        jsonRequest("POST", {}, { Cookie: `gopy_session=${cookie.value}` }),
      );
      expect(cookieOf(out.headers.getSetCookie()[0]!).attributes.secure).toBe(true);
    } finally {
      await https.close();
    }
  });

  it("no other response sets a cookie, and a cross-site sign-in or write is refused", async () => {
    const { trackingCode, citizenKey } = await submitPetition();
    const responses = [
      await t.app.request(`/s/${t.demoCode}`),
      await t.app.request(`/api/public/s/${t.demoCode}`),
      await t.app.request(
        `/api/public/s/${t.demoCode}/responses`,
        jsonRequest("POST", { submissionId: crypto.randomUUID(), answers: fullSipasAnswers(5) }),
      ),
      await t.app.request(`/api/public/petitions/${trackingCode}`, {
        headers: { "X-Citizen-Key": citizenKey },
      }),
      await t.app.request("/admin/"),
      await t.app.request("/api/auth/me", { headers: { Cookie: admin } }),
    ];
    for (const res of responses) expect(res.headers.getSetCookie(), res.url).toEqual([]);
    // A cross-site page can only send a form or text/plain without a CORS preflight (which the API
    // never grants): such a sign-in or write is refused, and sets no cookie.
    for (const type of [
      "application/x-www-form-urlencoded",
      "text/plain",
      "multipart/form-data; boundary=x",
    ]) {
      for (const [url, cookie] of [
        ["/api/auth/login", ""],
        ["/api/admin/tokens", admin],
      ]) {
        const res = await t.app.request(url!, {
          method: "POST",
          headers: { "Content-Type": type, Origin: "https://evil.example", Cookie: cookie! },
          body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD, name: "x" }),
        });
        expect([403, 415], `${url} as ${type}`).toContain(res.status);
        expect(res.headers.getSetCookie()).toEqual([]);
      }
    }
    expect(await t.database.db.selectFrom("api_token").selectAll().execute()).toEqual([]);
  });
});

describe("logs", () => {
  let lines: string[];
  let logger: pino.Logger;
  let log: TestApp;
  let receiver: Server;
  let receiverUrl: string;
  beforeEach(async () => {
    lines = [];
    logger = pino({ level: "trace" }, { write: (line: string) => void lines.push(line) });
    log = await createTestApp({ logger });
    receiver = createServer((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(200).end("ok"));
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/gopy`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await log.close();
  });
  const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await log.app.request(
      url,
      body === undefined ? { method, headers } : jsonRequest(method, body, headers),
    );
    const text = await res.text();
    return {
      res,
      status: res.status,
      body: text && /json/.test(res.headers.get("content-type") ?? "") ? JSON.parse(text) : text,
    } as {
      res: Response;
      status: number;
      body: any;
    };
  };
  const expectClean = (secrets: Record<string, string>) => {
    const all = lines.join("").toLowerCase();
    const leaks = Object.entries(secrets)
      .filter(([, value]) => value && all.includes(value.toLowerCase()))
      .map(([what]) => what);
    expect(leaks, "secrets or personal data found in the log").toEqual([]);
  };

  it("a whole journey leaves no secret and no personal data in the log", async () => {
    const db = log.database.db;
    const unitId = (
      await db.selectFrom("unit").select("id").where("slug", "=", "demo").executeTakeFirstOrThrow()
    ).id;
    const survey = (await db.selectFrom("survey").select("id").executeTakeFirstOrThrow()).id;
    const secrets: Record<string, string> = {
      password: ADMIN_PASSWORD,
      wrongPassword: "Sai-mat-khau-Tuyet-Mat-77",
      staffEmail: ADMIN_EMAIL,
      inviteeEmail: "pho.hieutruong@demo.edu.vn",
      citizenName: "Hoàng Thị Bích Ngọc",
      citizenPhone: "0987654321",
      citizenPhoneTyped: "0987 654 321",
      citizenEmail: "bich.ngoc.hoang@example.vn",
      denouncerName: "Đặng Văn Khoa",
      denouncerPhone: "0911223344",
      open311Name: "Trịnh Minh Quân",
      open311Phone: "0903112233",
      open311Email: "quan.trinh@example.vn",
      open311Address: "Số 17 ngõ 42 phố Hạ Đình",
      petitionSubject: "Cô giáo lớp 3C thu tiền ngoài quy định",
      petitionContent: "Mỗi tháng cô thu thêm 200.000 đồng tiền photo tài liệu",
      denunciationContent: "Kế toán nhà trường làm giả hoá đơn mua sắm thiết bị",
      open311Description: "Rào chắn công trình trước cổng trường đổ sập",
      surveyComment: "Bảo vệ trường hay uống rượu trong giờ làm việc",
      staffAnswer: "Nhà trường đã yêu cầu cô giáo hoàn trả tiền cho phụ huynh",
      staffNote: "Đã gọi điện cho phụ huynh lúc 10 giờ",
      withdrawReason: "Tôi đã trao đổi trực tiếp với cô giáo",
    };

    // Staff sign in (once with a wrong password), make an API token and use it.
    expect(
      (await call("POST", "/api/auth/login", { email: ADMIN_EMAIL, password: secrets.wrongPassword! }))
        .status,
    ).toBe(401);
    const signedIn = await call("POST", "/api/auth/login", { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.res.headers.getSetCookie()[0]!.split(";")[0]!;
    secrets.sessionCookie = cookie.split("=")[1]!;
    const staff = { Cookie: cookie };
    const token = await call("POST", "/api/admin/tokens", { name: "Trang web trường" }, staff);
    expect(token.status).toBe(201);
    secrets.apiToken = token.body.token;
    expect(
      (await call("GET", "/api/admin/surveys", undefined, { Authorization: `Bearer ${token.body.token}` }))
        .status,
    ).toBe(200);

    // Integrations: an Open311 key and a webhook secret (made, then rotated).
    const key = await call("POST", `/api/admin/units/${unitId}/open311-keys`, { name: "Cổng tỉnh" }, staff);
    expect(key.status).toBe(201);
    secrets.open311Key = key.body.key;
    const hook = await call(
      "POST",
      `/api/admin/units/${unitId}/webhooks`,
      { url: receiverUrl, events: ["petition.created", "petition.answered"], internal: true },
      staff,
    );
    expect(hook.status).toBe(201);
    secrets.webhookSecret = hook.body.secret;
    const rotated = await call(
      "POST",
      `/api/admin/units/${unitId}/webhooks/${hook.body.id}/secret`,
      {},
      staff,
    );
    expect(rotated.status).toBe(200);
    secrets.webhookSecretRotated = rotated.body.secret;

    // A parent answers the survey with a comment.
    const answered = await call("POST", `/api/public/s/${log.demoCode}/responses`, {
      submissionId: crypto.randomUUID(),
      answers: { ...fullSipasAnswers(2), comment: secrets.surveyComment },
    });
    expect(answered.status).toBe(201);
    secrets.receipt = answered.body.receipt;

    // A complaint with the sender's contact, a denunciation with the denouncer's identity, one by Open311.
    const complaint = await call("POST", "/api/public/units/demo/petitions", {
      submissionId: crypto.randomUUID(),
      kind: "complaint",
      subject: secrets.petitionSubject,
      content: secrets.petitionContent,
      contact: { name: secrets.citizenName, phone: secrets.citizenPhoneTyped, email: secrets.citizenEmail },
      consentToContact: true,
      consentToPublish: false,
    });
    expect(complaint.status).toBe(201);
    const code = complaint.body.trackingCode as string;
    secrets.trackingCode = code;
    // The sender's key travels in a header: it must no more reach the log than the code.
    secrets.citizenKey = complaint.body.citizenKey;
    const sender = { "X-Citizen-Key": complaint.body.citizenKey as string };
    const denunciation = await call("POST", "/api/public/units/demo/petitions", {
      submissionId: crypto.randomUUID(),
      kind: "denunciation",
      subject: "Tố cáo sai phạm",
      content: secrets.denunciationContent,
      contact: { name: secrets.denouncerName, phone: secrets.denouncerPhone },
      consentToContact: true,
      consentToPublish: false,
    });
    expect(denunciation.status).toBe(201);
    secrets.denunciationCode = denunciation.body.trackingCode;
    secrets.denunciationKey = denunciation.body.citizenKey;
    const open311 = await log.app.request("/open311/v2/requests.json", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        jurisdiction_id: "demo",
        api_key: secrets.open311Key!,
        service_code: "reflection",
        description: secrets.open311Description!,
        address_string: secrets.open311Address!,
        first_name: "Minh Quân",
        last_name: "Trịnh",
        phone: secrets.open311Phone!,
        email: secrets.open311Email!,
        "attribute[consent_contact]": "yes",
        "attribute[consent_publish]": "no",
      }).toString(),
    });
    expect(open311.status).toBe(200);
    // The request id is the case's UUID, no secret (it may appear in logged paths); the tracking
    // code, a bearer secret, reaches the filing client only in service_notice and must stay out of the log.
    const [filed] = (await open311.json()) as { service_request_id: string; service_notice: string }[];
    const open311Id = filed!.service_request_id;
    secrets.open311Code = /Mã theo dõi (\S+);/.exec(filed!.service_notice)![1]!;
    secrets.open311CitizenKey = /mã bí mật (\S+) /.exec(filed!.service_notice)![1]!;
    expect(
      (
        await db
          .selectFrom("petition")
          .select("tracking_code")
          .where("id", "=", open311Id)
          .executeTakeFirstOrThrow()
      ).tracking_code,
    ).toBe(secrets.open311Code);

    // The parent follows the case; staff read the inbox and the case, note and answer it.
    expect((await call("GET", `/api/public/petitions/${code}`, undefined, sender)).status).toBe(200);
    expect((await call("GET", `/api/public/petitions/${code.toLowerCase()}`, undefined, sender)).status).toBe(
      200,
    );
    expect((await call("GET", `/open311/v2/requests/${open311Id}.json?jurisdiction_id=demo`)).status).toBe(
      200,
    );
    const inbox = await call("GET", "/api/admin/petitions", undefined, staff);
    expect(inbox.status).toBe(200);
    const caseId = inbox.body.items.find((i: any) => i.trackingCode === code).id as string;
    expect((await call("GET", `/api/admin/petitions/${caseId}`, undefined, staff)).status).toBe(200);
    expect(
      (await call("POST", `/api/admin/petitions/${caseId}/notes`, { note: secrets.staffNote }, staff)).status,
    ).toBe(204);
    expect(
      (
        await call(
          "POST",
          `/api/admin/petitions/${caseId}/transitions`,
          { event: "answer", answer: secrets.staffAnswer },
          staff,
        )
      ).status,
    ).toBe(200);
    expect(
      (await call("POST", `/api/public/petitions/${code}/rating`, { rating: "satisfied" }, sender)).status,
    ).toBe(200);
    expect(
      (
        await call(
          "POST",
          `/api/public/petitions/${secrets.open311Code}/withdraw`,
          { reason: secrets.withdrawReason },
          { "X-Citizen-Key": secrets.open311CitizenKey },
        )
      ).status,
    ).toBe(200);
    const comments = await call("GET", `/api/admin/surveys/${survey}/comments`, undefined, staff);
    expect(comments.status).toBe(200);
    expect((await call("GET", `/api/admin/surveys/${survey}/responses.csv`, undefined, staff)).status).toBe(
      200,
    );
    expect((await call("GET", "/api/admin/audit", undefined, staff)).status).toBe(200);

    // A colleague is invited; the principal forgets the password and resets it by the emailed link.
    const invited = await call(
      "POST",
      `/api/admin/units/${unitId}/members`,
      { email: secrets.inviteeEmail, displayName: "Phó hiệu trưởng", role: "manager" },
      staff,
    );
    expect(invited.status).toBe(201);
    expect((await call("POST", "/api/auth/password-reset/request", { email: ADMIN_EMAIL })).status).toBe(202);
    const mails = await db.selectFrom("outbox").select(["channel", "body"]).orderBy("id").execute();
    const links = mails.flatMap((m) =>
      [...m.body.matchAll(/token=([^\s&]+)/g)].map((x) => decodeURIComponent(x[1]!)),
    );
    expect(links).toHaveLength(2); // the invitation and the reset
    secrets.inviteToken = links[0]!;
    secrets.resetToken = links[1]!;
    secrets.newPassword = "Cay-phuong-do-san-truong-2027";
    expect(
      (
        await call("POST", "/api/auth/password-reset/confirm", {
          token: secrets.resetToken,
          newPassword: secrets.newPassword,
        })
      ).status,
    ).toBe(204);
    const again = await call("POST", "/api/auth/login", {
      email: ADMIN_EMAIL,
      password: secrets.newPassword,
    });
    expect(again.status).toBe(200);
    secrets.secondSession = again.res.headers.getSetCookie()[0]!.split(";")[0]!.split("=")[1]!;
    expect(
      (await call("POST", "/api/auth/logout", {}, { Cookie: `gopy_session=${secrets.secondSession}` }))
        .status,
    ).toBe(204);

    // The background workers send the emails and webhooks with the same logger.
    const dir = mkdtempSync(path.join(tmpdir(), "gopy-security-log-"));
    try {
      const transport = channelRouter({
        email: fileTransport(dir),
        webhook: webhookTransport(db, log.clock, { allowPrivate: true }),
      });
      const sent = await deliverDueMessages(db, transport, log.clock, logger, 100);
      expect(sent).toBeGreaterThanOrEqual(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // The log did record the journey: one line per request, with method, path and status.
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === "request");
    expect(requests.length).toBeGreaterThan(25);
    expect(requests.some((l) => l.path === "/api/auth/login" && l.status === 401)).toBe(true);
    expect(lines.some((l) => l.includes('"message sent"'))).toBe(true);
    expectClean(secrets);
  });

  it("a request that fails in the database logs the failure without the values it carried", async () => {
    // Any database failure while storing a case (here forced by a trigger) ends in a 500 logged as an error.
    await sql`create function refuse_contact() returns trigger language plpgsql as $$
      begin raise exception 'storage refused'; end $$`.execute(log.database.db);
    await sql`create trigger refuse_contact before insert on petition_contact
      for each row execute function refuse_contact()`.execute(log.database.db);
    const secrets = {
      name: "Phan Thị Thu Hằng",
      phone: "0977665544",
      email: "thuhang.phan@example.vn",
      subject: "Học sinh bị bắt nạt trong nhà vệ sinh",
      content: "Con tôi bị ba bạn lớp 5B đánh trong nhà vệ sinh tầng 2",
    };
    // Straight to the app: a 500 is not a documented answer, so the OpenAPI check would object.
    const res = await log.app.fetch(
      new Request(
        "http://gopy.test/api/public/units/demo/petitions",
        jsonRequest("POST", {
          submissionId: crypto.randomUUID(),
          kind: "complaint",
          subject: secrets.subject,
          content: secrets.content,
          contact: { name: secrets.name, phone: secrets.phone, email: secrets.email },
          consentToContact: true,
          consentToPublish: false,
        }),
      ),
    );
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("storage refused");
    const failure = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "request failed");
    expect(failure, "the failure is logged").toBeDefined();
    expect(JSON.stringify(failure)).toContain("storage refused"); // still useful to whoever reads it
    expectClean(secrets);
  });
});
