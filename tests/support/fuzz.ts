import { DOMParser } from "@xmldom/xmldom";
import fc from "fast-check";
import { sql } from "kysely";
import { expect } from "vitest";
import type { TestApp } from "./app.ts";

/**
 * Building blocks for the property-based fuzz suite (`tests/api/fuzz.test.ts`): hostile inputs,
 * request encodings, row counts and the checks every answer must pass.
 */

// ---------- budget ----------

/**
 * `FUZZ_RUNS` is the budget of generated cases for the whole file, shared by the properties in
 * proportion to their weights (which add up to at least 1, so the total is never below it).
 */
export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS) || 2000);

export const budget = { planned: 0, executed: 0 };

export function runsFor(weight: number): number {
  const n = Math.max(5, Math.ceil(FUZZ_RUNS * weight));
  budget.planned += n;
  return n;
}

/** Generous per-test time limit: fast-check may also shrink a failure. */
export const timeoutFor = (runs: number) => 60_000 + runs * 150;

// ---------- hostile strings ----------

const VIETNAMESE = [
  "Trường",
  "học",
  "phụ huynh",
  "cổng trường",
  "xe máy",
  "giờ tan học",
  "Nguyễn Thị Lan",
  "ưu tiên",
  "đề nghị",
  "khiếu nại",
  "Hỏi đáp",
  "giáo viên chủ nhiệm",
  "bảo vệ",
  "ngã tư",
];

/** Real Vietnamese text, composed (NFC), decomposed (NFD) or mixed word by word. */
export const vietnamese = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom(...VIETNAMESE), fc.boolean()), { minLength: 1, maxLength: 25 }),
    fc.constantFrom("NFC", "NFD", "mixed"),
  )
  .map(([words, form]) =>
    words
      .map(([w, flip]) =>
        form === "NFD" || (form === "mixed" && flip) ? w.normalize("NFD") : w.normalize("NFC"),
      )
      .join(" "),
  );

/** Fragments that have broken parsers, databases and renderers before. */
export const FRAGMENTS = [
  "\u0000",
  "\u0001",
  "\u0008",
  "\u001b[31m",
  "\u001f",
  "\u007f",
  "\u0085",
  "\u00a0",
  "\u200b",
  "\u200d",
  "\u202e",
  "\u2028",
  "\ufeff",
  "\ufffe",
  "\uffff",
  "\ud800",
  "\udfff",
  "\ud83d",
  "\ude00",
  "😀",
  "👨‍👩‍👧‍👦",
  "🇻🇳",
  "Trường",
  "Trường".normalize("NFD"),
  "Ư\u0303\u0301",
  "\r\n",
  "\t",
  " ",
  "\\",
  '"',
  "'",
  "`",
  "<script>alert(1)</script>",
  "<![CDATA[x]]>",
  "&amp;",
  "]]>",
  "'; drop table petition; --",
  "\u0024{7*7}", // a template placeholder
  "{{7*7}}",
  "%00",
  "%2e%2e%2f",
  "%E0%A4%A",
  "../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "/dev/null",
  "__proto__",
  "constructor",
  "null",
  "undefined",
  "NaN",
  "-1",
  "1e308",
  "0x10",
];

const fragment = fc.constantFrom(...FRAGMENTS);
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const control = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));

/** Strings at and beyond the limits: 100/200/1000/2000/4000 characters, and up to past 64 KB. */
export const hugeString = fc
  .tuple(
    fc.constantFrom("a", "ư", "ư".normalize("NFD"), "😀", "\u0000", " ", "Trường "),
    fc.constantFrom(99, 100, 101, 199, 200, 201, 999, 1000, 1001, 2000, 2001, 4000, 4001, 9000, 17_000),
  )
  .map(([s, n]) => s.repeat(n));

/** Any kind of hostile or odd text. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: "binary" }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme" }) },
  { weight: 3, arbitrary: fragment },
  {
    weight: 4,
    arbitrary: fc
      .array(fc.oneof(fragment, vietnamese, loneSurrogate, control, fc.string()), {
        minLength: 1,
        maxLength: 6,
      })
      .map((parts) => parts.join("")),
  },
  { weight: 1, arbitrary: hugeString },
);

/** Text for a field limited to `max` characters: usually fine, often just past the limit or hostile. */
export function textField(max: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: vietnamese.map((s) => s.slice(0, max)) },
    { weight: 2, arbitrary: nastyString },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(max - 1, max, max + 1)
        .chain((n) => fc.constantFrom("a".repeat(n), "ư".repeat(n), "ư".normalize("NFD").repeat(n))),
    },
    { weight: 1, arbitrary: fc.constantFrom("", " ", "\t\n", "\u3000") },
  );
}

/** Text a person could type within `max`: Vietnamese in any normal form, emoji, padding, the limit itself. */
export function validText(max: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: vietnamese.map((s) => s.slice(0, max).trim() || "Trường") },
    { weight: 1, arbitrary: vietnamese.map((s) => `  ${s.slice(0, max - 4)}\n `) },
    { weight: 1, arbitrary: vietnamese.map((s) => `${s.slice(0, max - 8)} 😀🇻🇳`) },
    // At the limit once composed (NFC) and trimmed: the decomposed form is twice as long.
    {
      weight: 1,
      arbitrary: fc.constantFrom("a".repeat(max), "ư".normalize("NFD").repeat(max), ` ${"ư".repeat(max)} `),
    },
  );
}

/** A value of the wrong type (or the right type with a hostile content). */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, "", [], {}, [null], { $ne: 1 }),
  nastyString,
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  hugeString,
);

/** Usually absent (undefined); present about one time in `outOf`. */
export function sometimes<T>(arb: fc.Arbitrary<T>, outOf = 6): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: outOf - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

/** Printable ASCII only: what a header value or a URL made by hand can carry. */
export const asciiText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 80,
});

// ---------- JSON bodies ----------

export type Mutation =
  | { op: "delete"; path: string }
  | { op: "set"; path: string; value: unknown }
  | { op: "extra"; key: string; value: unknown };

/** Random damage to a body: drop fields, give them wrong values, add unknown ones (1 to 3 changes). */
export function mutations(paths: readonly string[]): fc.Arbitrary<Mutation[]> {
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ op: fc.constant("delete" as const), path: fc.constantFrom(...paths) }),
    fc.record({ op: fc.constant("set" as const), path: fc.constantFrom(...paths), value: wrongValue }),
    fc.record({
      op: fc.constant("extra" as const),
      key: fc.oneof(fc.constantFrom("__proto__", "constructor", "id", "state", "admin", ""), nastyString),
      value: wrongValue,
    }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 });
}

export function applyMutations(body: Record<string, unknown>, list: Mutation[]): Record<string, unknown> {
  const out = structuredClone(body);
  for (const m of list) {
    if (m.op === "extra") {
      Object.defineProperty(out, m.key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      continue;
    }
    const keys = m.path.split(".");
    let target: Record<string, unknown> = out;
    for (const key of keys.slice(0, -1)) {
      const next = target[key];
      if (!next || typeof next !== "object" || Array.isArray(next)) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    const last = keys.at(-1)!;
    if (m.op === "delete") delete target[last];
    else target[last] = m.value;
  }
  return out;
}

export const SERIALISATIONS = [
  "json",
  "truncated",
  "garbage",
  "bom",
  "array",
  "scalar",
  "nested",
  "nestedObject",
  "empty",
  "single-quotes",
  "comment",
  "nan",
  "invalid-utf8",
  "duplicate-keys",
] as const;
export type Serialisation = (typeof SERIALISATIONS)[number];

/** Turns a body into the bytes sent: valid JSON, or JSON broken in one of many ways. */
export function encodeBody(
  value: unknown,
  how: Serialisation,
  seed: number,
): string | Uint8Array<ArrayBuffer> {
  const json = JSON.stringify(value) ?? "null";
  switch (how) {
    case "json":
      return json;
    case "truncated":
      return json.slice(0, seed % Math.max(json.length, 1));
    case "garbage":
      return `${json}${["}", "]", ",", "x", " {}", "\u0000", "🙂"][seed % 7]}`;
    case "bom":
      return `\ufeff${json}`;
    case "array":
      return `[${json}]`;
    case "scalar":
      return ['"text"', "42", "true", "null", "-0", "1e999", '"\\ud800"'][seed % 7]!;
    case "nested": {
      const depth = [10, 1000, 20_000, 40_000][seed % 4]!;
      return `${"[".repeat(depth)}${json}${"]".repeat(depth)}`;
    }
    case "nestedObject": {
      const depth = [10, 1000, 9000][seed % 3]!;
      return `${'{"a":'.repeat(depth)}${json}${"}".repeat(depth)}`;
    }
    case "empty":
      return ["", " ", "\n", "\ufeff"][seed % 4]!;
    case "single-quotes":
      return json.replaceAll('"', "'");
    case "comment":
      return `/* x */${json}`;
    case "nan":
      return json.replace(/:(\d+|true|false|null)/, ":NaN");
    case "invalid-utf8": {
      const bytes = Buffer.from(json, "utf8");
      const at = bytes.indexOf(0x22, bytes.length >> 1); // inside or next to a string
      const bad = Buffer.from([0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80]);
      const parts = at < 0 ? [bytes, bad] : [bytes.subarray(0, at + 1), bad, bytes.subarray(at + 1)];
      return new Uint8Array(Buffer.concat(parts));
    }
    case "duplicate-keys":
      return json.replace(/^\{/, '{"submissionId":1,"kind":[],');
  }
}

export const JSON_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/problem+json",
  "application/vnd.api+json",
  "APPLICATION/JSON",
  "application/json-seq",
  "application/json; charset=latin1",
];
export const OTHER_TYPES = [
  "text/plain",
  "text/html",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "multipart/form-data; boundary=zz",
  "application/octet-stream",
  "application/xml",
  "",
];
export const acceptLanguage = fc.constantFrom(undefined, "vi", "en", "en-US,en;q=0.8", "fr", "*", "vi;q=0");

/** Headers for one request: a fresh client address each time keeps per-address limits out of the way. */
export function headersOf(options: {
  ip: string;
  type?: string | undefined;
  lang?: string | undefined;
  extra?: Record<string, string>;
}): Record<string, string> {
  const headers: Record<string, string> = { "X-Forwarded-For": options.ip, ...options.extra };
  if (options.type !== undefined) headers["Content-Type"] = options.type;
  if (options.lang !== undefined) headers["Accept-Language"] = options.lang;
  return headers;
}

/** What is wrong with one request: nothing, some fields, the JSON itself, or its Content-Type. */
export type Fault =
  | { kind: "none" }
  | { kind: "fields"; mutations: Mutation[] }
  | { kind: "encoding"; how: Serialisation; seed: number }
  | { kind: "type"; type: string | undefined };

/**
 * One kind of fault per request, so each reaches the code behind the others: `paths` may be
 * dropped or mistyped, `texts` (path → limit) get hostile text (NUL, lone surrogates, control
 * characters, NFD, emoji, sizes at and past the limit).
 */
export function faults(paths: readonly string[], texts: Record<string, number> = {}): fc.Arbitrary<Fault> {
  const hostile = Object.entries(texts);
  const options: fc.WeightedArbitrary<Fault>[] = [
    { weight: 4, arbitrary: fc.constant({ kind: "none" as const }) },
    {
      weight: 3,
      arbitrary: mutations(paths).map((m) => ({ kind: "fields" as const, mutations: m })),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("encoding" as const),
        how: fc.constantFrom(...SERIALISATIONS.filter((s) => s !== "json")),
        seed: fc.nat(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .option(fc.constantFrom(...JSON_TYPES.slice(1), ...OTHER_TYPES), { nil: undefined, freq: 8 })
        .map((type) => ({ kind: "type" as const, type })),
    },
  ];
  if (hostile.length > 0) {
    options.push({
      weight: 3,
      arbitrary: fc
        .constantFrom(...hostile)
        .chain(([path, max]) => fc.oneof(nastyString, textField(max)).map((value) => ({ path, value })))
        .map(({ path, value }) => ({
          kind: "fields" as const,
          mutations: [{ op: "set" as const, path, value }],
        })),
    });
  }
  return fc.oneof(...options);
}

/** The body as damaged by the fault, its bytes and its Content-Type. */
export function encodeRequest(
  body: Record<string, unknown>,
  fault: Fault,
): { sent: Record<string, unknown>; payload: string | Uint8Array<ArrayBuffer>; type: string | undefined } {
  const sent = fault.kind === "fields" ? applyMutations(body, fault.mutations) : body;
  const payload = fault.kind === "encoding" ? encodeBody(sent, fault.how, fault.seed) : JSON.stringify(sent);
  const type = fault.kind === "type" ? fault.type : "application/json";
  return { sent, payload, type };
}

// ---------- paths and queries ----------

/** Lone surrogates become U+FFFD, as any URL or form encoder does. */
export const wellFormed = (s: string) => s.replace(/\p{Cs}/gu, "\ufffd");

/** A path segment: mostly one of `good`, else sane, encoded hostile text, or raw oddities (traversal, bad escapes). */
export function segment(...good: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: good.length > 0 ? 12 : 1,
      arbitrary: good.length > 0 ? fc.constantFrom(...good) : fc.constant("x"),
    },
    { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9-]{0,40}$/) },
    { weight: 2, arbitrary: nastyString.map((s) => encodeURIComponent(wellFormed(s.slice(0, 300)))) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "..",
        ".",
        "%2e%2e",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "..%2f..%2f",
        "%00",
        "%E0%A4%A",
        "%ff%fe",
        "%25",
        "%",
        "%u0041",
        "a%2Fb",
        "%F0%9F%98%80",
        "Tr%C6%B0%E1%BB%9Dng",
        "Tru%CC%9Bo%CC%80ng",
        "DEMO",
        "demo.json",
        "a".repeat(2000),
        "-1",
        "0",
        "9".repeat(40),
        "null",
        "%0d%0aSet-Cookie:x=1",
      ),
    },
  );
}

/** A query string from named parameters that may be missing, repeated, empty or hostile. */
export function queryOf(params: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const entries = Object.entries(params).map(([name, value]) =>
    fc.option(
      fc.array(value, { minLength: 1, maxLength: 2 }).map((values) => values.map((v) => [name, v] as const)),
      { nil: [] as (readonly [string, string])[], freq: 2 },
    ),
  );
  return fc
    .tuple(
      fc.tuple(...entries),
      fc.array(fc.tuple(nastyString, nastyString), { maxLength: 2 }),
      fc.constantFrom("", "&", "&&=&", "&%zz=%", "&a[b]=1&a[]=2"),
    )
    .map(([known, extra, tail]) => {
      const search = new URLSearchParams();
      for (const [name, value] of [...known.flat(), ...extra]) search.append(name, value);
      const text = search.toString() + tail;
      return text ? `?${text}` : "";
    });
}

/** Dates as Open311 clients (and broken ones) send them. */
export const dateText = fc.oneof(
  fc
    .date({ min: new Date("1900-01-01"), max: new Date("2200-01-01"), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    "2026-11-01",
    "2026-11-23T09:00:00+07:00",
    "2026-11-23T09:00+0700",
    "2026-13-45",
    "2026-02-30",
    "2026-00-00",
    "0000-01-01",
    "9999-12-31T23:59:59Z",
    "2026-11-23T25:61:61Z",
    "2026-11-23T09:00:00+99:99",
    "+275760-09-13",
    "yesterday",
    "1700000000",
    "",
    "2026-11-23 09:00",
  ),
  asciiText,
);

// ---------- row counts ----------

export interface Counts {
  survey_response: number;
  petition: number;
  petition_contact: number;
  petition_attachment: number;
  outbox: number;
}
export const NO_CHANGE: Counts = {
  survey_response: 0,
  petition: 0,
  petition_contact: 0,
  petition_attachment: 0,
  outbox: 0,
};

export async function countRows(t: TestApp): Promise<Counts> {
  const { rows } = await sql<Counts>`select
      (select count(*)::int from survey_response) as survey_response,
      (select count(*)::int from petition) as petition,
      (select count(*)::int from petition_contact) as petition_contact,
      (select count(*)::int from petition_attachment) as petition_attachment,
      (select count(*)::int from outbox) as outbox`.execute(t.database.db);
  return rows[0]!;
}

export function delta(before: Counts, after: Counts): Counts {
  return Object.fromEntries(
    Object.entries(after).map(([k, v]) => [k, v - before[k as keyof Counts]]),
  ) as unknown as Counts;
}

// ---------- checks on answers ----------

export interface Answer {
  status: number;
  type: string;
  text: string;
  json: unknown;
  headers: Headers;
}

export async function readAnswer(res: Response): Promise<Answer> {
  const type = res.headers.get("content-type") ?? "";
  const text = /^image\//.test(type) ? "" : await res.text();
  let json: unknown;
  if (/json/.test(type) && text !== "") json = JSON.parse(text);
  return { status: res.status, type, text, json, headers: res.headers };
}

/** The shape every refusal of the JSON API has: problem JSON with a code, naming fields on 422. */
export function expectApiAnswer(answer: Answer, what: string): void {
  expect(answer.status, `${what}: never a server error`).toBeLessThan(500);
  if (answer.status < 400) return;
  expect(answer.type, `${what}: refusal is problem JSON`).toMatch(/^application\/problem\+json/);
  const problem = answer.json as Record<string, unknown>;
  expect(problem.status, what).toBe(answer.status);
  expect(typeof problem.code === "string" && problem.code.length > 0, `${what}: has a code`).toBe(true);
  expect(typeof problem.detail, what).toBe("string");
  if (answer.status === 422) {
    const errors = problem.errors as { field: unknown; message: unknown }[] | undefined;
    expect(Array.isArray(errors) && errors.length > 0, `${what}: 422 lists its errors`).toBe(true);
    for (const e of errors!) {
      expect(
        typeof e.field === "string" && e.field.length > 0,
        `${what}: error names its field: ${JSON.stringify(e)}`,
      ).toBe(true);
      expect(typeof e.message === "string" && e.message.length > 0, what).toBe(true);
    }
  }
  if (answer.status === 429) expect(answer.headers.get("retry-after"), `${what}: 429 says when`).toBeTruthy();
}

/** Characters XML 1.0 cannot carry, even escaped. */
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

/** Parses an XML answer, failing on anything not well-formed. */
export function parseXml(text: string, what: string) {
  expect(NOT_XML.test(text), `${what}: only characters XML allows`).toBe(false);
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") errors.push(`${level}: ${message}`);
    },
  }).parseFromString(text, "text/xml");
  expect(errors, `${what}: well-formed XML`).toEqual([]);
  return doc;
}

/** Open311 answers: never 5xx; errors as the standard's list, in the format asked for. */
export function expectOpen311Answer(answer: Answer, format: "json" | "xml", what: string): void {
  expect(answer.status, `${what}: never a server error`).toBeLessThan(500);
  if (format === "xml") {
    expect(answer.type, `${what}: XML`).toMatch(/^text\/xml/);
    const doc = parseXml(answer.text, what);
    if (answer.status >= 400) {
      expect(doc.documentElement?.tagName, `${what}: <errors>`).toBe("errors");
      const errors = [...doc.getElementsByTagName("error")];
      expect(errors.length, `${what}: at least one <error>`).toBeGreaterThan(0);
      for (const e of errors) {
        expect(e.getElementsByTagName("code")[0]?.textContent, what).toBe(String(answer.status));
        expect(e.getElementsByTagName("description").length, what).toBe(1);
      }
    }
    return;
  }
  expect(answer.type, `${what}: JSON`).toMatch(/^application\/json/);
  if (answer.status >= 400) {
    const errors = answer.json as { code: unknown; description: unknown }[];
    expect(Array.isArray(errors) && errors.length > 0, `${what}: a list of errors`).toBe(true);
    for (const e of errors) {
      expect(Object.keys(e).sort(), what).toEqual(["code", "description"]);
      expect(e.code, what).toBe(answer.status);
      expect(typeof e.description, what).toBe("string");
    }
  }
}

/** Rows changed by one request, checked against what the request may change. */
export async function expectRows(
  t: TestApp,
  before: Counts,
  status: number,
  allowed: Counts,
  what: string,
): Promise<void> {
  const change = delta(before, await countRows(t));
  if (status >= 300) expect(change, `${what}: a refused request writes nothing`).toEqual(NO_CHANGE);
  else expect(change, `${what}: a ${status} writes exactly what it should`).toEqual(allowed);
}
