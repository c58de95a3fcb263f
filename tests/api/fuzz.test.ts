import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  createTestApp,
  fullSipasAnswers,
  jsonRequest,
  signIn,
  type TestApp,
} from "../support/app.ts";
import {
  type Answer,
  acceptLanguage,
  asciiText,
  budget,
  type Counts,
  countRows,
  dateText,
  delta,
  encodeRequest,
  expectApiAnswer,
  expectOpen311Answer,
  expectRows,
  FUZZ_RUNS,
  faults,
  headersOf,
  hugeString,
  NO_CHANGE,
  nastyString,
  parseXml,
  queryOf,
  readAnswer,
  runsFor,
  segment,
  sometimes,
  textField,
  timeoutFor,
  validText,
  vietnamese,
  wellFormed,
} from "../support/fuzz.ts";

/**
 * Property-based fuzzing of every public endpoint, the two anonymous auth endpoints and Open311.
 * For every generated request: no 5xx; a refusal from `/api` is problem JSON with a `code` (422
 * names each field); Open311 refusals are the standard's error list in the format asked for; a
 * refused request writes no rows in survey_response, petition, petition_contact,
 * petition_attachment or outbox, and an accepted one writes exactly what it should.
 *
 * FUZZ_RUNS sets the total number of cases for the file (default 2000); the benchmark runs 10000.
 * Every response also passes the OpenAPI check of `createTestApp`.
 */

const CONFIG = { trustProxy: true, surveyLimits: { perIp: 1e9, perLink: 1e9 } };

const RUNS = {
  surveyGets: runsFor(0.06),
  surveySubmit: runsFor(0.12),
  surveyEdit: runsFor(0.06),
  unitGets: runsFor(0.04),
  uploads: runsFor(0.08),
  petitionSubmit: runsFor(0.16),
  tracking: runsFor(0.04),
  citizenMoves: runsFor(0.08),
  scriptText: runsFor(0.02),
  reports: runsFor(0.06),
  open311Gets: runsFor(0.12),
  open311Posts: runsFor(0.12),
  login: runsFor(0.03),
  passwordReset: runsFor(0.03),
};

/** Statuses seen per property, printed at the end to show what the fuzzing reached. */
const seen: Record<string, Record<number, number>> = {};
const tally = (property: string, status: number) => {
  budget.executed++;
  seen[property] ??= {};
  seen[property][status] = (seen[property][status] ?? 0) + 1;
};

afterAll(() => {
  const lines = Object.entries(seen).map(
    ([name, statuses]) =>
      `  ${name.padEnd(16)} ${Object.entries(statuses)
        .map(([s, n]) => `${s}×${n}`)
        .join(" ")}`,
  );
  console.log(
    `[fuzz] FUZZ_RUNS=${FUZZ_RUNS}: ${budget.planned} cases in ${Object.keys(RUNS).length} properties, ${budget.executed} requests checked (statuses per property)\n${lines.join("\n")}`,
  );
});

const ipv4 = fc.ipV4();
const storedText = (s: string) => s.normalize("NFC").trim();

/** Sends one request and reads the answer (the OpenAPI check runs inside `app.request`). */
async function send(t: TestApp, path: string, init: RequestInit, property: string): Promise<Answer> {
  const answer = await readAnswer(await t.app.request(path, init));
  tally(property, answer.status);
  return answer;
}

async function open311Key(t: TestApp): Promise<string> {
  const cookie = await signIn(t.app);
  const unit = await t.database.db
    .selectFrom("unit")
    .select("id")
    .where("slug", "=", "demo")
    .executeTakeFirstOrThrow();
  const res = await t.app.request(
    `/api/admin/units/${unit.id}/open311-keys`,
    jsonRequest("POST", { name: "Fuzz" }, { Cookie: cookie }),
  );
  return ((await res.json()) as { key: string }).key;
}

const DEVICE_TOKENS = ["Xb7kQ2mN9pR4sT1vW8yZ3cF6hJ0dL5gA", "fuzz_device_token_00000001", "A".repeat(64)];
const REUSED_IDS = ["5b0f3c9e-2d41-4c7a-9e18-6a2f4d8b1c07", "e7a1c3d2-4b5f-4e6a-9c8d-1f2e3a4b5c6d"];
const SIPAS_IDS = Object.keys(fullSipasAnswers());
const submissionId = fc.oneof({ weight: 5, arbitrary: fc.uuid() }, fc.constantFrom(...REUSED_IDS));

// ---------------------------------------------------------------------------------------------

describe("public survey endpoints", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: CONFIG });
  });
  afterAll(() => t.close());

  it(
    "GET survey, QR codes and this device's answer: any path, query or token",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          segment(t.demoCode, t.demoCode.toUpperCase(), "abcd", "zzzz9999"),
          fc.constantFrom(
            "",
            "/qr.svg",
            "/qr.png",
            "/responses/mine",
            "/responses",
            "/qr.gif",
            "/x/y/z",
            "/",
          ),
          queryOf({ code: nastyString, size: fc.constantFrom("-1", "1e9", "0") }),
          fc.option(fc.oneof(fc.constantFrom(...DEVICE_TOKENS), asciiText)),
          ipv4,
          acceptLanguage,
          async (code, suffix, query, token, ip, lang) => {
            const before = await countRows(t);
            const path = `/api/public/s/${code}${suffix}${query}`;
            const extra: Record<string, string> = token === null ? {} : { "X-Device-Token": token };
            const answer = await send(t, path, { headers: headersOf({ ip, lang, extra }) }, "survey GET");
            expectApiAnswer(answer, `GET ${path}`);
            if (answer.status === 200 && suffix.startsWith("/qr"))
              expect(answer.type).toMatch(/^image\/(svg\+xml|png)/);
            await expectRows(t, before, answer.status, NO_CHANGE, `GET ${path}`);
          },
        ),
        { numRuns: RUNS.surveyGets },
      );
    },
    timeoutFor(RUNS.surveyGets),
  );

  const answersArb = fc
    .record({
      levels: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 15, maxLength: 15 }),
      expectations: fc.option(
        fc.subarray(["online", "information", "attitude", "time", "facilities"], { minLength: 1 }),
      ),
      comment: fc.option(validText(1000)),
    })
    .map(({ levels, expectations, comment }) => {
      const answers: Record<string, unknown> = Object.fromEntries(SIPAS_IDS.map((id, i) => [id, levels[i]]));
      if (expectations !== null) answers.expectations = expectations;
      if (comment !== null) answers.comment = comment;
      return answers;
    });
  const ANSWER_PATHS = [
    "submissionId",
    "answers",
    "answers.access_place",
    "answers.overall_satisfaction",
    "answers.comment",
    "answers.expectations",
    "deviceToken",
    "website",
    "altcha",
  ];

  it(
    "POST responses: malformed, mistyped and hostile answers are refused whole; a 201 stores one row",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            submissionId,
            answers: answersArb,
            deviceToken: fc.oneof(
              { weight: 3, arbitrary: fc.constant(undefined) },
              { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{22,64}$/) },
              fc.constantFrom(...DEVICE_TOKENS),
            ),
            website: sometimes(fc.constantFrom("", " ", "http://spam.example")),
            altcha: sometimes(fc.string({ maxLength: 200 })),
          }),
          faults(ANSWER_PATHS, { "answers.comment": 1000, altcha: 2000, deviceToken: 64 }),
          segment(t.demoCode),
          ipv4,
          acceptLanguage,
          async (base, fault, code, ip, lang) => {
            const { sent: body, payload, type } = encodeRequest(stripUndefined(base), fault);
            const before = await countRows(t);
            const path = `/api/public/s/${code}/responses`;
            const answer = await send(
              t,
              path,
              { method: "POST", headers: headersOf({ ip, type, lang }), body: payload },
              "survey POST",
            );
            expectApiAnswer(answer, `POST ${path}`);
            await expectRows(
              t,
              before,
              answer.status,
              { ...NO_CHANGE, survey_response: answer.status === 201 ? 1 : 0 },
              `POST ${path}`,
            );
            if (answer.status === 201) {
              const { receipt } = answer.json as { receipt: string };
              const row = await t.database.db
                .selectFrom("survey_response")
                .select("answers")
                .where("receipt", "=", receipt)
                .executeTakeFirstOrThrow();
              const comment = (body.answers as Record<string, unknown>).comment;
              if (typeof comment === "string" && comment.trim() !== "")
                expect((row.answers as Record<string, unknown>).comment).toBe(storedText(comment));
            }
          },
        ),
        { numRuns: RUNS.surveySubmit },
      );
    },
    timeoutFor(RUNS.surveySubmit),
  );

  it(
    "PUT responses: an edit never adds a row, and a refused edit changes nothing",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            submissionId,
            deviceToken: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...DEVICE_TOKENS) }, asciiText),
            answers: answersArb,
            website: sometimes(fc.constantFrom("", "x")),
          }),
          faults(
            ANSWER_PATHS.filter((p) => p !== "altcha"),
            { "answers.comment": 1000, website: 500 },
          ),
          segment(t.demoCode),
          ipv4,
          async (base, fault, code, ip) => {
            const { payload, type } = encodeRequest(stripUndefined(base), fault);
            const before = await countRows(t);
            const path = `/api/public/s/${code}/responses`;
            const answer = await send(
              t,
              path,
              { method: "PUT", headers: headersOf({ ip, type }), body: payload },
              "survey PUT",
            );
            expectApiAnswer(answer, `PUT ${path}`);
            await expectRows(t, before, answer.status, NO_CHANGE, `PUT ${path}`);
          },
        ),
        { numRuns: RUNS.surveyEdit },
      );
    },
    timeoutFor(RUNS.surveyEdit),
  );
});

// ---------------------------------------------------------------------------------------------

const bytes = (data: Uint8Array) => new Uint8Array(data);
const PNG = bytes(
  Buffer.from(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
    "hex",
  ),
);
const JPEG = bytes(Buffer.from("ffd8ffe000104a46494600010100000100010000ffd9", "hex"));
const PDF = bytes(Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"));
let oversized: Uint8Array<ArrayBuffer> | undefined;
/** 10 MB and one byte, built once. */
const tooLarge = () => {
  oversized ??= bytes(Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 + 1 - PDF.length, 0x20)]));
  return oversized;
};

const PHONES = [
  "0912 345 678",
  "+84912345678",
  "0912.345.678",
  "0912-345-678",
  "",
  "123",
  "--------",
  "        ",
];
const EMAILS = [
  "phuhuynh@example.vn",
  "An.Nguyen@EXAMPLE.vn",
  "lan+truong@example.com",
  "",
  "a@b",
  "nguyễn@ví-dụ.vn",
];

describe("public petition endpoints", () => {
  let t: TestApp;
  const attachmentIds: string[] = [];
  const codes: string[] = [];
  /** The sender's key of each case, by its code: the citizen routes need it. */
  const keys = new Map<string, string>();
  const keyOf = (code: string): Record<string, string> => {
    const key = keys.get(code.toUpperCase());
    return key ? { "X-Citizen-Key": key } : {};
  };
  let answered: string;
  let received: string;
  beforeAll(async () => {
    t = await createTestApp({ config: CONFIG });
    for (const file of [PNG, JPEG, PDF, PDF, PNG, JPEG, PDF, PNG]) {
      const res = await t.app.request("/api/public/units/demo/attachments?name=a", {
        method: "POST",
        body: file,
      });
      expect(res.status).toBe(201);
      attachmentIds.push(((await res.json()) as { id: string }).id);
    }
    for (let i = 0; i < 2; i++) {
      const res = await t.app.request(
        "/api/public/units/demo/petitions",
        jsonRequest("POST", {
          submissionId: crypto.randomUUID(),
          kind: "question",
          subject: "Lịch họp phụ huynh",
          content: "Khi nào nhà trường họp phụ huynh học kỳ I?",
          consentToContact: false,
          consentToPublish: false,
        }),
      );
      const receipt = (await res.json()) as { trackingCode: string; citizenKey: string };
      codes.push(receipt.trackingCode);
      keys.set(receipt.trackingCode, receipt.citizenKey);
    }
    [answered, received] = codes as [string, string];
  });
  afterAll(() => t.close());

  it(
    "GET a unit and its published answers: any slug or query",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          segment("demo", "DEMO", "khong-co"),
          fc.constantFrom("", "/answers", "/answers/", "/petitions", "/attachments", "/x"),
          queryOf({ page: fc.constantFrom("-1", "1e99", "0") }),
          ipv4,
          async (slug, suffix, query, ip) => {
            const before = await countRows(t);
            const path = `/api/public/units/${slug}${suffix}${query}`;
            const answer = await send(t, path, { headers: headersOf({ ip }) }, "unit GET");
            expectApiAnswer(answer, `GET ${path}`);
            await expectRows(t, before, answer.status, NO_CHANGE, `GET ${path}`);
          },
        ),
        { numRuns: RUNS.unitGets },
      );
    },
    timeoutFor(RUNS.unitGets),
  );

  it(
    "upload attachments: odd names, wrong types, empty and oversized files; a 201 stores one clean file",
    async () => {
      const names = fc.oneof(
        nastyString,
        fc.constantFrom(
          "../../etc/passwd",
          "..\\..\\boot.ini",
          "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
          "a\u0000.png",
          "ảnh lớp 2B.png",
          "ảnh lớp 2B.png".normalize("NFD"),
          "CON",
          ".htaccess",
          "x".repeat(5000),
          "😀".repeat(60),
          '"><img src=x onerror=alert(1)>.pdf',
        ),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.option(names, { nil: undefined, freq: 6 }),
          fc.boolean(),
          fc.constantFrom("png", "jpeg", "pdf", "empty", "text", "json", "random", "huge"),
          fc.uint8Array({ maxLength: 3000 }),
          fc.option(fc.constantFrom("image/png", "application/pdf", "application/json", "text/html", "x/y"), {
            nil: undefined,
          }),
          segment("demo"),
          ipv4,
          async (name, raw, kind, random, type, slug, ip) => {
            const files: Record<typeof kind, () => Uint8Array<ArrayBuffer>> = {
              png: () => PNG,
              jpeg: () => JPEG,
              pdf: () => bytes(Buffer.concat([PDF, random])),
              empty: () => new Uint8Array(),
              text: () => bytes(Buffer.from("Xin chào <script>alert(1)</script>")),
              json: () => bytes(Buffer.from('{"a":1}')),
              random: () => bytes(random),
              huge: tooLarge,
            };
            const body = files[kind]();
            const query =
              name === undefined
                ? ""
                : raw
                  ? `?name=${wellFormed(name)}`
                  : `?${new URLSearchParams({ name: wellFormed(name) }).toString()}`;
            const path = `/api/public/units/${slug}/attachments${query}`;
            const before = await countRows(t);
            const answer = await send(
              t,
              path,
              { method: "POST", headers: headersOf({ ip, type }), body },
              "upload POST",
            );
            expectApiAnswer(answer, `POST ${path}`);
            if (kind === "huge") expect([413, 404, 422]).toContain(answer.status);
            await expectRows(
              t,
              before,
              answer.status,
              { ...NO_CHANGE, petition_attachment: 1 },
              `POST ${path}`,
            );
            if (answer.status === 201) {
              const stored = answer.json as { filename: string; mediaType: string; size: number };
              expect(stored.size).toBe(body.length);
              expect(["image/png", "image/jpeg", "application/pdf"]).toContain(stored.mediaType);
              expect(stored.filename.length).toBeGreaterThan(0);
              expect(stored.filename.length).toBeLessThanOrEqual(100);
              // Neither a path nor a control character survives in the stored name.
              expect(/[\\/"<>|:*?]/.test(stored.filename) || /\p{Cc}/u.test(stored.filename)).toBe(false);
            }
          },
        ),
        { numRuns: RUNS.uploads },
      );
    },
    timeoutFor(RUNS.uploads),
  );

  /** Each part of the contact is left out half the time. */
  const half = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
  const contactArb = fc
    .record({
      name: half(validText(100)),
      phone: half(fc.constantFrom(...PHONES)),
      email: half(fc.constantFrom(...EMAILS)),
    })
    .map(stripUndefined);

  it(
    "POST petitions: refused whole or stored once with exactly its contact and email",
    async () => {
      const PATHS = [
        "submissionId",
        "kind",
        "subject",
        "content",
        "contact",
        "contact.name",
        "contact.phone",
        "contact.email",
        "consentToContact",
        "consentToPublish",
        "attachments",
        "website",
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            submissionId,
            kind: fc.oneof(
              {
                weight: 6,
                arbitrary: fc.constantFrom("reflection", "question", "suggestion", "denunciation"),
              },
              fc.constantFrom("complaint", "recommendation", "Reflection", "khiếu nại", ""),
            ),
            subject: validText(200),
            content: validText(4000),
            contact: fc.option(contactArb, { nil: undefined }),
            consentToContact: fc.boolean(),
            consentToPublish: fc.boolean(),
            attachments: fc.oneof(
              { weight: 5, arbitrary: fc.constant(undefined) },
              fc.constant([]),
              fc.array(fc.constantFrom(...attachmentIds), { minLength: 1, maxLength: 2 }),
              fc.array(fc.oneof(fc.constantFrom(...attachmentIds), fc.uuid()), { maxLength: 6 }),
            ),
            website: sometimes(fc.constantFrom("", " ", "x")),
          }),
          faults(PATHS, {
            subject: 200,
            content: 4000,
            "contact.name": 100,
            "contact.phone": 20,
            "contact.email": 254,
          }),
          segment("demo"),
          ipv4,
          acceptLanguage,
          async (base, fault, slug, ip, lang) => {
            const { sent: body, payload, type } = encodeRequest(stripUndefined(base), fault);
            const before = await countRows(t);
            const path = `/api/public/units/${slug}/petitions`;
            const answer = await send(
              t,
              path,
              { method: "POST", headers: headersOf({ ip, type, lang }), body: payload },
              "petition POST",
            );
            expectApiAnswer(answer, `POST ${path}`);
            // Only read once accepted, when every field has its documented type.
            const contact = (answer.status === 201 ? (body.contact ?? {}) : {}) as Record<string, string>;
            const hasContact = !!(contact.name?.trim() || contact.phone?.trim() || contact.email?.trim());
            // A retry gets a new key: a sender who left an email is sent the link that now works.
            const retriedWithEmail =
              answer.status === 200 &&
              !!(await t.database.db
                .selectFrom("petition as p")
                .innerJoin("petition_contact as c", "c.petition_id", "p.id")
                .select("c.email")
                .where("p.submission_id", "=", String(body.submissionId))
                .where("c.email", "is not", null)
                .executeTakeFirst());
            await expectRows(
              t,
              before,
              answer.status,
              answer.status === 201
                ? {
                    ...NO_CHANGE,
                    petition: 1,
                    petition_contact: hasContact ? 1 : 0,
                    outbox: contact.email?.trim() ? 1 : 0,
                  }
                : { ...NO_CHANGE, outbox: retriedWithEmail ? 1 : 0 },
              `POST ${path}`,
            );
            if (answer.status === 201) {
              const { trackingCode, citizenKey } = answer.json as {
                trackingCode: string;
                citizenKey: string;
              };
              codes.push(trackingCode);
              keys.set(trackingCode, citizenKey);
              const row = await t.database.db
                .selectFrom("petition")
                .select(["subject", "content"])
                .where("tracking_code", "=", trackingCode)
                .executeTakeFirstOrThrow();
              // Stored as the same text, composed (NFC) and trimmed, whatever form it was typed in.
              expect(row.subject).toBe(storedText(body.subject as string));
              expect(row.content).toBe(storedText(body.content as string));
            }
          },
        ),
        { numRuns: RUNS.petitionSubmit },
      );
    },
    timeoutFor(RUNS.petitionSubmit),
  );

  it(
    "GET a case by tracking code: any code; nothing personal on the page",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.constantFrom(...codes),
            fc.constantFrom(...codes).map((c) => c.toLowerCase()),
            fc.stringMatching(/^DEMO-2611-[2-9A-HJ-NP-Z]{6}$/),
            segment(),
          ),
          fc.constantFrom("", "/", "/history", ".json"),
          ipv4,
          async (code, suffix, ip) => {
            const before = await countRows(t);
            const path = `/api/public/petitions/${code}${suffix}`;
            const answer = await send(
              t,
              path,
              { headers: headersOf({ ip, extra: keyOf(code) }) },
              "tracking GET",
            );
            expectApiAnswer(answer, `GET ${path}`);
            if (answer.status === 200) expect(answer.text).not.toMatch(/"(contact|content|subject|email)"/);
            await expectRows(t, before, answer.status, NO_CHANGE, `GET ${path}`);
          },
        ),
        { numRuns: RUNS.tracking },
      );
    },
    timeoutFor(RUNS.tracking),
  );

  it(
    "rate, reopen and withdraw: hostile reasons and codes never half-apply",
    async () => {
      const reset = async () => {
        const now = t.clock.now();
        await t.database.db
          .updateTable("petition")
          .set({ state: "answered", answered_at: now, answer: "Đã trả lời.", rating: null, closed_at: null })
          .where("tracking_code", "=", answered)
          .execute();
        await t.database.db
          .updateTable("petition")
          .set({ state: "received", closed_at: null })
          .where("tracking_code", "=", received)
          .execute();
      };
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("rating", "reopen", "withdraw", "close", "rating/"),
          fc.oneof(
            { weight: 6, arbitrary: fc.constantFrom(answered, received, answered.toLowerCase()) },
            fc.stringMatching(/^DEMO-2611-[2-9A-HJ-NP-Z]{6}$/),
            segment(),
          ),
          fc.record({
            rating: fc.option(
              fc.oneof({ weight: 4, arbitrary: fc.constantFrom("satisfied", "not_satisfied") }, nastyString),
              { nil: undefined },
            ),
            reason: fc.option(
              fc.oneof(fc.constantFrom("vague", "no_evidence", "not_resolved", "slow"), validText(2000)),
              { nil: undefined },
            ),
          }),
          faults(["rating", "reason"], { reason: 2000, rating: 20 }),
          ipv4,
          async (action, code, base, fault, ip) => {
            await reset();
            const input = stripUndefined(base);
            if (action !== "rating") delete input.rating;
            const { payload, type } = encodeRequest(input, fault);
            const before = await countRows(t);
            const path = `/api/public/petitions/${code}/${action}`;
            const answer = await send(
              t,
              path,
              { method: "POST", headers: headersOf({ ip, type, extra: keyOf(code) }), body: payload },
              "citizen POST",
            );
            expectApiAnswer(answer, `POST ${path}`);
            await expectRows(t, before, answer.status, NO_CHANGE, `POST ${path}`);
          },
        ),
        { numRuns: RUNS.citizenMoves },
      );
      await reset();
    },
    timeoutFor(RUNS.citizenMoves),
  );

  it(
    "a petition text with <script> is stored as text and comes back unchanged as a JSON string, never on the tracking page",
    async () => {
      const words = fc.array(fc.oneof(vietnamese, fc.constantFrom("😀", "&", "<b>", '"', "'", "\n")), {
        maxLength: 4,
      });
      await fc.assert(
        fc.asyncProperty(words, words, ipv4, async (before, after, ip) => {
          const content = `${before.join(" ")} <script>alert(1)</script> ${after.join(" ")}`;
          const res = await t.app.request(
            "/api/public/units/demo/petitions",
            jsonRequest(
              "POST",
              {
                submissionId: crypto.randomUUID(),
                kind: "suggestion",
                subject: "Góp ý <script>alert(1)</script>",
                content,
                consentToContact: false,
                consentToPublish: true,
              },
              { "X-Forwarded-For": ip },
            ),
          );
          tally("script text", res.status);
          expect(res.status).toBe(201);
          const { trackingCode, citizenKey } = (await res.json()) as {
            trackingCode: string;
            citizenKey: string;
          };
          const stored = await t.database.db
            .selectFrom("petition")
            .select(["id", "content"])
            .where("tracking_code", "=", trackingCode)
            .executeTakeFirstOrThrow();
          expect(stored.content).toBe(storedText(content));

          // Published with consent: Open311 gives the text back as a JSON string, exactly.
          const json = await t.app.request(`/open311/v2/requests/${stored.id}.json?jurisdiction_id=demo`);
          expect(json.headers.get("content-type")).toMatch(/^application\/json/);
          expect(json.headers.get("x-content-type-options")).toBe("nosniff");
          const [request] = (await json.json()) as { description: string }[];
          expect(request!.description).toBe(storedText(content));
          // And escaped in XML: the text of the element, never markup.
          const xml = await (
            await t.app.request(`/open311/v2/requests/${stored.id}.xml?jurisdiction_id=demo`)
          ).text();
          expect(xml).not.toContain("<script>");
          const doc = parseXml(xml, "requests XML");
          expect(doc.getElementsByTagName("description")[0]?.textContent).toBe(storedText(content));

          // The tracking page never shows the text, escaped or not.
          const page = await t.app.request(`/api/public/petitions/${trackingCode}`, {
            headers: { "X-Forwarded-For": ip, "X-Citizen-Key": citizenKey },
          });
          expect(page.status).toBe(200);
          const text = await page.text();
          expect(text).not.toContain("script");
          expect(text).not.toContain(JSON.stringify(storedText(content)).slice(1, -1));
        }),
        { numRuns: RUNS.scriptText },
      );
    },
    timeoutFor(RUNS.scriptText),
  );
});

// ---------------------------------------------------------------------------------------------

describe("public monthly reports", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: CONFIG });
    const cookie = await signIn(t.app);
    for (const level of [5, 4, 4, 3, 5, 2]) {
      const res = await t.app.request(
        `/api/public/s/${t.demoCode}/responses`,
        jsonRequest("POST", { submissionId: crypto.randomUUID(), answers: fullSipasAnswers(level) }),
      );
      expect(res.status).toBe(201);
    }
    const unit = await t.database.db
      .selectFrom("unit")
      .select("id")
      .where("slug", "=", "demo")
      .executeTakeFirstOrThrow();
    const reports = `/api/admin/units/${unit.id}/reports`;
    const draft = await t.app.request(
      `${reports}/2026-11/draft`,
      jsonRequest("POST", { commentary: "Tháng 11", excerpts: [] }, { Cookie: cookie }),
    );
    expect(draft.status).toBe(200);
    const published = await t.app.request(
      `${reports}/2026-11/publish`,
      jsonRequest("POST", {}, { Cookie: cookie }),
    );
    expect(published.status).toBe(201);
  });
  afterAll(() => t.close());

  it(
    "GET the list and {YYYY-MM}.json|csv: any slug, file name or revision",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          segment("demo", "DEMO", "Demo"),
          fc.oneof(
            fc.constant(""),
            fc.constant("/"),
            fc
              .oneof(
                {
                  weight: 3,
                  arbitrary: fc.constantFrom(
                    "2026-11.json",
                    "2026-11.csv",
                    "2026-10.json",
                    "2026-13.json",
                    "2026-00.csv",
                    "1999-01.json",
                    "2026-11.xml",
                    "2026-11.JSON",
                    "2026-11.json.csv",
                    "2026-1.json",
                    "..%2f2026-11.json",
                    "%2e%2e%2f2026-11.json",
                    "2026-11.json%00",
                    "2026-11%2Ejson",
                  ),
                },
                segment(),
              )
              .map((f) => `/${f}`),
          ),
          queryOf({
            revision: fc.oneof(
              fc.constantFrom("1", "2", "0", "-1", "1.5", "1e3", "1001", "abc", "", " 1"),
              asciiText,
            ),
          }),
          fc.option(fc.oneof(fc.constantFrom('W/"x"', "*", '""'), asciiText), { nil: undefined }),
          ipv4,
          acceptLanguage,
          async (slug, file, query, etag, ip, lang) => {
            const before = await countRows(t);
            const path = `/api/public/units/${slug}/reports${file}${query}`;
            const extra: Record<string, string> = etag === undefined ? {} : { "If-None-Match": etag };
            const answer = await send(t, path, { headers: headersOf({ ip, lang, extra }) }, "reports GET");
            expectApiAnswer(answer, `GET ${path}`);
            if (answer.status === 200 && file.includes(".csv")) expect(answer.type).toMatch(/^text\/csv/);
            await expectRows(t, before, answer.status, NO_CHANGE, `GET ${path}`);
          },
        ),
        { numRuns: RUNS.reports },
      );
    },
    timeoutFor(RUNS.reports),
  );
});

// ---------------------------------------------------------------------------------------------

describe("Open311 GeoReport v2", () => {
  let t: TestApp;
  let apiKey: string;
  const ids: string[] = [];
  beforeAll(async () => {
    t = await createTestApp({ config: CONFIG });
    apiKey = await open311Key(t);
    for (const publish of ["yes", "no"]) {
      const res = await t.app.request("/open311/v2/requests.json", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          jurisdiction_id: "demo",
          api_key: apiKey,
          service_code: "reflection",
          description: "Đèn cổng phụ bị hỏng.",
          "attribute[consent_contact]": "no",
          "attribute[consent_publish]": publish,
        }).toString(),
      });
      expect(res.status).toBe(200);
      ids.push(((await res.json()) as { service_request_id: string }[])[0]!.service_request_id);
    }
  });
  afterAll(() => t.close());

  const formatOf = (path: string) => (path.split("?")[0]!.endsWith(".xml") ? "xml" : "json");

  it(
    "GET discovery, services, definitions and requests: any path segment, filter or page",
    async () => {
      const kinds = ["reflection", "recommendation", "suggestion", "question", "complaint", "denunciation"];
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { weight: 8, arbitrary: fc.constant("GET") },
            fc.constantFrom("POST", "PUT", "DELETE", "PATCH"),
          ),
          fc.constantFrom("discovery", "services", "requests", "requests", "foo", ""),
          fc.option(
            segment(
              ...ids,
              ids[0]!.toUpperCase(),
              ...kinds,
              "DEMO-2611-AAAAAA",
              "00000000-0000-4000-8000-000000000000",
              `${ids[0]!.slice(0, -1)}g`,
            ),
            { freq: 2 },
          ),
          fc.constantFrom(".json", ".xml", ".json", ".xml", ".JSON", ".html", "", ".json.xml"),
          queryOf({
            jurisdiction_id: fc.oneof(
              { weight: 5, arbitrary: fc.constantFrom("demo", "DEMO", "", " demo") },
              nastyString,
            ),
            service_code: fc.oneof(
              fc.constantFrom(...kinds, kinds.join(","), "reflection,", ""),
              nastyString,
            ),
            start_date: dateText,
            end_date: dateText,
            status: fc.constantFrom("open", "closed", "open,closed", "OPEN", "", "open,,closed", "x"),
            page: fc.constantFrom(
              "1",
              "2",
              "0",
              "-5",
              "1.5",
              "1e20",
              "1e308",
              "Infinity",
              "NaN",
              "99999999999",
              "0x10",
            ),
            page_size: fc.constantFrom(
              "1",
              "50",
              "200",
              "201",
              "0",
              "-1",
              "1.5",
              "0.5",
              "1e20",
              "Infinity",
              "abc",
            ),
            service_request_id: fc.oneof(
              fc.constantFrom(
                ids.join(","),
                `${ids[0]},${ids[0]}`,
                `${ids[0]},DEMO-2611-AAAAAA,${ids[1]!.toUpperCase()}`,
                ",,,",
                Array(101).fill("A").join(","),
              ),
              nastyString,
            ),
          }),
          acceptLanguage,
          async (method, resource, id, ext, query, lang) => {
            const before = await countRows(t);
            const path = `/open311/v2/${resource}${id === null ? "" : `/${id}`}${ext}${query}`;
            const init: RequestInit = { method, headers: headersOf({ ip: "10.0.0.1", lang }) };
            const answer = await send(t, path, init, "open311 GET");
            expectOpen311Answer(answer, formatOf(path), `${method} ${path}`);
            await expectRows(t, before, answer.status, NO_CHANGE, `${method} ${path}`);
          },
        ),
        { numRuns: RUNS.open311Gets },
      );
    },
    timeoutFor(RUNS.open311Gets),
  );

  it(
    "POST requests: form fields of every shape; refused whole or stored once",
    async () => {
      const kinds = fc.constantFrom("reflection", "question", "suggestion", "complaint", "denunciation");
      const half = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
      const fields = fc
        .record({
          jurisdiction_id: fc.constant("demo"),
          api_key: fc.constant(apiKey),
          service_code: kinds,
          description: validText(4000),
          email: half(fc.constantFrom(...EMAILS)),
          phone: half(fc.constantFrom(...PHONES)),
          first_name: half(vietnamese.map((s) => s.slice(0, 30))),
          last_name: half(vietnamese.map((s) => s.slice(0, 30))),
          "attribute[consent_contact]": fc.constantFrom("yes", "no", "no"),
          "attribute[consent_publish]": fc.constantFrom("yes", "no"),
          "attribute[subject]": half(validText(200)),
          lat: half(fc.constantFrom("21.03", "-90", "0")),
          long: half(fc.constantFrom("105.85", "180", "-0.5")),
          address_string: half(vietnamese),
        })
        .map((f) => stripUndefined(f) as Record<string, string>);
      const KEYS = [
        "jurisdiction_id",
        "api_key",
        "service_code",
        "description",
        "email",
        "phone",
        "first_name",
        "last_name",
        "attribute[consent_contact]",
        "attribute[consent_publish]",
        "attribute[subject]",
        "lat",
        "long",
        "address_string",
      ];
      type FormFault =
        | { kind: "none" }
        | { kind: "set"; key: string; value: string }
        | { kind: "delete"; key: string }
        | { kind: "extra"; pairs: [string, string][] };
      const formFault: fc.Arbitrary<FormFault> = fc.oneof(
        { weight: 3, arbitrary: fc.constant({ kind: "none" as const }) },
        {
          weight: 4,
          arbitrary: fc.record({
            kind: fc.constant("set" as const),
            key: fc.constantFrom(...KEYS),
            value: fc.oneof(
              nastyString,
              hugeString,
              textField(4000),
              fc.constantFrom("", " ", "yes", "DEMO", `${apiKey}x`, "1e400", "NaN", "Infinity", "x"),
            ),
          }),
        },
        {
          weight: 1,
          arbitrary: fc.record({ kind: fc.constant("delete" as const), key: fc.constantFrom(...KEYS) }),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant("extra" as const),
            pairs: fc.array(
              fc.tuple(
                fc.constantFrom("description", "api_key", "attribute[subject][]", "attribute[x]", "x", ""),
                nastyString,
              ),
              { minLength: 1, maxLength: 3 },
            ),
          }),
        },
      );
      await fc.assert(
        fc.asyncProperty(
          fields,
          formFault,
          fc.oneof(
            { weight: 10, arbitrary: fc.constant("urlencoded") },
            fc.constantFrom(
              "multipart",
              "json",
              "garbage-multipart",
              "no-boundary",
              "huge",
              "none",
              "charset",
            ),
          ),
          fc.constantFrom(".json", ".xml"),
          fc.nat(),
          async (base, fault, encoding, ext, seed) => {
            const form: Record<string, string> = { ...base };
            if (fault.kind === "set") form[fault.key] = fault.value;
            if (fault.kind === "delete") delete form[fault.key];
            const extra = fault.kind === "extra" ? fault.pairs : [];
            const all = [...Object.entries(form), ...extra].map(([k, v]) => [k, wellFormed(v)] as const);
            const encoded = new URLSearchParams(all as [string, string][]).toString();
            let body: BodyInit | undefined;
            let type: string | undefined = "application/x-www-form-urlencoded";
            if (encoding === "urlencoded") body = encoded;
            else if (encoding === "charset") {
              body = encoded;
              type = "application/x-www-form-urlencoded; charset=UTF-8";
            } else if (encoding === "multipart") {
              const data = new FormData();
              for (const [k, v] of all) data.append(k, v);
              body = data;
              type = undefined;
            } else if (encoding === "json") {
              body = JSON.stringify(Object.fromEntries(all));
              type = "application/json";
            } else if (encoding === "garbage-multipart") {
              body = `--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\n${encoded.slice(0, seed % 200)}`;
              type = "multipart/form-data; boundary=zz";
            } else if (encoding === "no-boundary") {
              body = encoded;
              type = "multipart/form-data";
            } else if (encoding === "huge") {
              body = `${encoded}&description=${"a".repeat(70_000)}`;
            } else {
              body = undefined;
              type = undefined;
            }
            const headers: Record<string, string> = type === undefined ? {} : { "Content-Type": type };
            const before = await countRows(t);
            const path = `/open311/v2/requests${ext}`;
            const answer = await send(t, path, { method: "POST", headers, body }, "open311 POST");
            const what = `POST ${path} (${encoding})`;
            expectOpen311Answer(answer, formatOf(path), what);
            if (answer.status === 200 && ext === ".json") {
              const [created] = answer.json as { service_request_id: string; service_notice: string }[];
              // The case's public id; its tracking code only in the notice, for the sender.
              expect(created!.service_request_id).toMatch(
                /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
              );
              expect(created!.service_notice).toMatch(/DEMO-2611-/);
            }
            const first = (name: string) => {
              const sent = all.find(([k]) => k === name)?.[1]?.trim();
              return sent ? sent : undefined;
            };
            const hasContact = !!(
              first("first_name") ||
              first("last_name") ||
              first("phone") ||
              first("email")
            );
            await expectRows(
              t,
              before,
              answer.status,
              {
                ...NO_CHANGE,
                petition: 1,
                petition_contact: hasContact ? 1 : 0,
                outbox: first("email") ? 1 : 0,
              },
              what,
            );
          },
        ),
        { numRuns: RUNS.open311Posts },
      );
    },
    timeoutFor(RUNS.open311Posts),
  );
});

// ---------------------------------------------------------------------------------------------

describe("anonymous auth endpoints", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: CONFIG });
  });
  afterAll(() => t.close());

  const emails = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        ADMIN_EMAIL,
        ADMIN_EMAIL.toUpperCase(),
        ` ${ADMIN_EMAIL} `,
        "khong-co@demo.edu.vn",
        "hiệutrưởng@demo.edu.vn",
        "hiệutrưởng@demo.edu.vn".normalize("NFD"),
        `${"a".repeat(250)}@x.vn`,
      ),
    },
    nastyString,
  );
  it(
    "POST login: hostile bodies are refused as problem JSON and sign no one in",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            email: emails,
            password: fc.oneof(
              fc.constantFrom(ADMIN_PASSWORD, ADMIN_PASSWORD.normalize("NFD"), "sai-mat-khau"),
              nastyString,
            ),
          }),
          faults(["email", "password"], { email: 254, password: 1024 }),
          fc.option(fc.constantFrom("http://evil.example", "http://gopy.test", "null"), { nil: undefined }),
          ipv4,
          async (base, fault, origin, ip) => {
            const { payload, type } = encodeRequest(base, fault);
            const before = await countRows(t);
            const extra: Record<string, string> = origin === undefined ? {} : { Origin: origin };
            const answer = await send(
              t,
              "/api/auth/login",
              { method: "POST", headers: headersOf({ ip, type, extra }), body: payload },
              "login POST",
            );
            expectApiAnswer(answer, "POST /api/auth/login");
            if (answer.status === 200) expect(answer.headers.get("set-cookie")).toMatch(/HttpOnly/i);
            else expect(answer.headers.get("set-cookie")).toBeNull();
            await expectRows(t, before, answer.status, NO_CHANGE, "POST /api/auth/login");
          },
        ),
        { numRuns: RUNS.login },
      );
    },
    timeoutFor(RUNS.login),
  );

  it(
    "POST password-reset/request: 202 or a refusal; at most one email, only for the real account",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({ email: emails }),
          faults(["email"], { email: 254 }),
          ipv4,
          async (base, fault, ip) => {
            const { sent: body, payload, type } = encodeRequest(base, fault);
            const before = await countRows(t);
            const answer = await send(
              t,
              "/api/auth/password-reset/request",
              { method: "POST", headers: headersOf({ ip, type }), body: payload },
              "reset POST",
            );
            expectApiAnswer(answer, "POST /api/auth/password-reset/request");
            const change: Counts = delta(before, await countRows(t));
            const email =
              typeof body.email === "string" ? body.email.trim().normalize("NFC").toLowerCase() : "";
            const mayMail = answer.status === 202 && email === ADMIN_EMAIL;
            expect({ ...change, outbox: 0 }).toEqual(NO_CHANGE);
            expect(change.outbox).toBeLessThanOrEqual(mayMail ? 1 : 0);
            expect(change.outbox).toBeGreaterThanOrEqual(0);
          },
        ),
        { numRuns: RUNS.passwordReset },
      );
    },
    timeoutFor(RUNS.passwordReset),
  );
});

function stripUndefined<T extends Record<string, unknown>>(value: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
