import { createHash, randomBytes } from "node:crypto";
import type { Petition } from "@gopy/db";
import { XMLBuilder } from "fast-xml-parser";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AppError } from "../errors.ts";
import type { AppEnv } from "../http/types.ts";
import { PETITION_KINDS, type PetitionKind } from "../petitions/deadlines.ts";
import { checkPetitionRules, citizenLink, submitPetition, vnIso } from "../petitions/service.ts";
import { vnDateText, vnDay, vnDayStart } from "../time.ts";

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the petition register: one
 * jurisdiction per unit (`jurisdiction_id` = the unit's slug), one service per kind of message,
 * JSON or XML chosen by the `.json` / `.xml` suffix. Nothing personal is ever returned.
 *
 * `service_request_id` is the case's id (a UUID), never its tracking code: the request list needs
 * no key, and the tracking code with the sender's key lets its holder follow, rate, reopen or withdraw
 * the case. Both are given only to the client that filed the case, in the `service_notice` of the
 * POST answer.
 */

type Format = "json" | "xml";

export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly description: string,
  ) {
    super(description);
  }
}

const SERVICES: Record<PetitionKind, { name: string; description: string; keywords: string; group: string }> =
  {
    reflection: {
      name: "Phản ánh",
      description:
        "Báo cho nhà trường một việc chưa đúng hoặc chưa tốt (cơ sở vật chất, an toàn, thái độ phục vụ…).",
      keywords: "phản ánh, reflection, report",
      group: "Phản ánh, kiến nghị",
    },
    recommendation: {
      name: "Kiến nghị",
      description: "Đề nghị nhà trường xem xét, thay đổi một quy định hoặc cách làm.",
      keywords: "kiến nghị, recommendation",
      group: "Phản ánh, kiến nghị",
    },
    suggestion: {
      name: "Góp ý",
      description: "Ý kiến đóng góp để nhà trường làm tốt hơn.",
      keywords: "góp ý, suggestion",
      group: "Phản ánh, kiến nghị",
    },
    question: {
      name: "Hỏi đáp",
      description: "Câu hỏi về quy định, thủ tục, hoạt động của nhà trường.",
      keywords: "hỏi đáp, question",
      group: "Hỏi đáp",
    },
    complaint: {
      name: "Khiếu nại",
      description: "Khiếu nại một quyết định hoặc hành vi của nhà trường theo Luật Khiếu nại.",
      keywords: "khiếu nại, complaint",
      group: "Khiếu nại, tố cáo",
    },
    denunciation: {
      name: "Tố cáo",
      description:
        "Tố cáo hành vi vi phạm theo Luật Tố cáo. Phải ghi rõ họ tên và cách liên lạc; danh tính người tố cáo được giữ bí mật. Không nhận tố cáo nặc danh.",
      keywords: "tố cáo, denunciation",
      group: "Khiếu nại, tố cáo",
    },
  };

const YES_NO = [
  { key: "yes", name: "Có / Yes" },
  { key: "no", name: "Không / No" },
];

/** The extra fields (attributes) every service asks for, in the standard's shape. */
const ATTRIBUTES = [
  {
    variable: true,
    code: "subject",
    datatype: "string",
    required: false,
    datatype_description: "Tối đa 200 ký tự; mặc định là phần đầu của description.",
    order: 1,
    description: "Tiêu đề / Subject",
  },
  {
    variable: true,
    code: "consent_contact",
    datatype: "singlevaluelist",
    required: true,
    datatype_description: "yes: người gửi đồng ý để nhà trường liên hệ lại (cần email hoặc phone).",
    order: 2,
    description: "Đồng ý được liên hệ lại / Consent to be contacted",
    values: YES_NO,
  },
  {
    variable: true,
    code: "consent_publish",
    datatype: "singlevaluelist",
    required: true,
    datatype_description: "yes: đồng ý công khai câu hỏi và câu trả lời, không kèm thông tin cá nhân.",
    order: 3,
    description: "Đồng ý công khai / Consent to publish",
    values: YES_NO,
  },
];

const STATE_NOTES: Record<string, string> = {
  received: "Đã tiếp nhận",
  acknowledged: "Đã xác nhận, đang xem xét",
  assigned: "Đã giao cán bộ xử lý",
  in_progress: "Đang xử lý",
  awaiting_info: "Chờ người gửi bổ sung thông tin",
  answered: "Đã trả lời",
  closed: "Đã trả lời và đóng hồ sơ",
  forwarded: "Đã chuyển cơ quan có thẩm quyền",
  rejected: "Không thụ lý",
  withdrawn: "Người gửi đã rút",
  reopened: "Người gửi đề nghị xem xét lại",
};
const CLOSED_STATES = new Set(["answered", "closed", "forwarded", "rejected", "withdrawn"]);

/** A case's public id; anything else is no id anyone was given (and never reaches a uuid cast). */
const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
const xml = new XMLBuilder({ format: true, suppressEmptyNode: false, processEntities: true });

/** The standard's XML: a root element holding one element per item (`services` → `service`). */
function render(
  c: Context<AppEnv>,
  format: Format,
  root: string,
  item: string,
  items: unknown[],
  status = 200,
) {
  if (format === "json") return c.json(items, status as 200);
  const body = `<?xml version="1.0" encoding="utf-8"?>\n${xml.build({ [root]: { [item]: items.map(forXml) } })}`;
  return c.body(body, status as 200, { "Content-Type": "text/xml; charset=utf-8" });
}

/** XML has no null and no arrays of scalars: absent fields become empty elements, lists get item elements. */
function forXml(value: unknown): unknown {
  if (value === null || value === undefined) return "";
  // XML 1.0 cannot carry most control characters, even escaped: they become U+FFFD.
  if (typeof value === "string") return value.replace(NOT_XML, "\ufffd");
  if (Array.isArray(value)) return value.map(forXml);
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "attributes" && Array.isArray(v)) out[k] = { attribute: v.map(forXml) };
      else if (k === "values" && Array.isArray(v)) out[k] = { value: v.map(forXml) };
      else if (k === "endpoints" && Array.isArray(v)) out[k] = { endpoint: v.map(forXml) };
      else if (k === "formats" && Array.isArray(v)) out[k] = { format: v };
      else out[k] = forXml(v);
    }
    return out;
  }
  return value;
}

function renderError(c: Context<AppEnv>, format: Format, status: number, description: string) {
  return render(c, format, "errors", "error", [{ code: status, description }], status);
}

const keyHash = (key: string) => createHash("sha256").update(`open311:${key}`).digest("hex");

/** A new key for a unit's Open311 client: shown once, stored hashed. */
export function newOpen311Key(): { key: string; hash: string } {
  const key = `o311_${randomBytes(24).toString("base64url")}`;
  return { key, hash: keyHash(key) };
}

async function unitOf(c: Context<AppEnv>, jurisdiction: string | undefined) {
  if (!jurisdiction) throw new Open311Error(400, "jurisdiction_id is required (the unit's code, e.g. demo)");
  const unit = await c.var.deps.database.db
    .selectFrom("unit")
    .select(["id", "slug", "name", "address"])
    .where("slug", "=", jurisdiction)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  if (!unit) throw new Open311Error(404, `jurisdiction_id not found: ${jurisdiction}`);
  return unit;
}

/**
 * How precisely a list shows when things happened. A client with the unit's key sees the instants;
 * a keyless one sees days, or only the month when the unit received fewer than
 * `FEW_CASES_IN_MONTH` cases that month (at a small school the day of a case can point at a person).
 */
type Precision = "instant" | "day" | "month";
const FEW_CASES_IN_MONTH = 5;

function when(at: Date, precision: Precision): string {
  if (precision === "instant") return vnIso(at);
  return precision === "day" ? vnDay(at) : vnDay(at).slice(0, 7);
}

function deadlineNotice(answerBy: Date, precision: Precision): string {
  if (precision !== "month") return `Hạn trả lời: ${vnDateText(answerBy)}`;
  const [y, m] = vnDay(answerBy).split("-");
  return `Hạn trả lời: tháng ${m}/${y}`;
}

function requestView(p: Petition, unit: { name: string; address: string | null }, precision: Precision) {
  const service = SERVICES[p.kind as PetitionKind];
  // A denunciation (shown to key holders only) keeps nothing written about it: the denouncer's
  // identity is protected by law, and its text, answer and place may point at them.
  const denunciation = p.kind === "denunciation";
  let notes = STATE_NOTES[p.state] ?? p.state;
  if (!denunciation) {
    if ((p.state === "answered" || p.state === "closed") && p.answer) notes = `${notes}: ${p.answer}`;
    if (p.state === "forwarded" && p.forwarded_to) notes = `${notes}: ${p.forwarded_to}`;
    if (p.state === "rejected" && p.reject_reason) notes = `${notes}: ${p.reject_reason}`;
  }
  const published = p.consent_publish && p.anonymized_at === null && !denunciation;
  return {
    service_request_id: p.id,
    status: CLOSED_STATES.has(p.state) ? "closed" : "open",
    status_notes: notes,
    service_name: service.name,
    service_code: p.kind,
    // The text itself only when the sender agreed to publish it.
    ...(published ? { description: p.content } : {}),
    agency_responsible: unit.name,
    service_notice: deadlineNotice(p.answer_by, precision),
    requested_datetime: when(p.received_at, precision),
    updated_datetime: when(p.updated_at, precision),
    expected_datetime: when(p.answer_by, precision),
    // Where the sender said the problem is, also only with their consent (a sender may type a home
    // address); otherwise the unit that handles it.
    ...(published
      ? { address: p.address ?? unit.address ?? unit.name, lat: p.lat, long: p.long }
      : { address: unit.address ?? unit.name, lat: null, long: null }),
  };
}

/** Form fields, including `attribute[code]` and `attribute[code][]`. */
function attributesOf(form: Record<string, string | File | (string | File)[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(form)) {
    const m = /^attribute\[([a-z_]+)\](\[\])?$/.exec(name);
    if (!m) continue;
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
    out[m[1]!] = [...(out[m[1]!] ?? []), ...values];
  }
  return out;
}

const field = (form: Record<string, unknown>, name: string): string | undefined => {
  const v = form[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === "string" && s.trim() !== "" ? s.trim() : undefined;
};

const W3C = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const DAY_MS = 24 * 3600_000;

function parsePath(path: string): { resource: string; id?: string; format: Format } | null {
  const m = /^\/open311\/v2\/(discovery|services|requests)(?:\/([^/]+?))?\.(json|xml)$/.exec(path);
  if (!m) return null;
  return { resource: m[1]!, id: m[2] ? decodeId(m[2]) : undefined, format: m[3] as Format };
}

/** `%E0%A4%A` is no id anyone was given: kept as sent (and not found) rather than failing. */
function decodeId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** PostgreSQL text cannot hold a NUL character: refuse it before it reaches a query. */
function refuseNul(values: unknown[]): void {
  if (values.flat().some((v) => typeof v === "string" && v.includes("\u0000")))
    throw new Open311Error(400, "Text must not contain NUL characters");
}

export const open311Routes = new Hono<AppEnv>().all(
  "/*",
  bodyLimit({
    maxSize: 64 * 1024,
    // Answered in the standard's error format, like every other Open311 refusal.
    onError: (c) =>
      renderError(c, c.req.path.endsWith(".xml") ? "xml" : "json", 413, "The request is larger than 64 KB"),
  }),
  async (c) => {
    const route = parsePath(c.req.path);
    const format: Format = route?.format ?? (c.req.path.endsWith(".xml") ? "xml" : "json");
    try {
      if (!route) throw new Open311Error(404, "Unknown endpoint. See discovery.json");
      refuseNul([route.id, ...Object.values(c.req.queries())]);
      const method = c.req.method;
      // `return await`: a rejection must land in this try to become the standard's error list.
      if (route.resource === "discovery" && method === "GET" && !route.id) return discovery(c, format);
      if (route.resource === "services" && method === "GET") {
        return await (route.id ? serviceDefinition(c, format, route.id) : services(c, format));
      }
      if (route.resource === "requests" && method === "POST" && !route.id)
        return await createRequest(c, format);
      if (route.resource === "requests" && method === "GET") {
        return await (route.id ? requests(c, format, [route.id]) : requests(c, format));
      }
      throw new Open311Error(404, "Unknown endpoint. See discovery.json");
    } catch (error) {
      if (error instanceof Open311Error) return renderError(c, format, error.status, error.description);
      if (error instanceof AppError && error.status < 500) {
        const detail = [error.code, ...error.fields.map((f) => `${f.field}: ${f.message}`)].join("; ");
        return renderError(c, format, error.status === 404 ? 404 : error.status === 403 ? 403 : 400, detail);
      }
      throw error;
    }
  },
);

function discovery(c: Context<AppEnv>, format: Format) {
  const base = c.var.deps.config.publicBaseUrl;
  const body = {
    changeset: "2026-11-24T00:00:00+07:00",
    contact: `Góp Ý — ${base}`,
    key_service: `${base}/admin/ (Khoá Open311 do quản trị đơn vị cấp)`,
    endpoints: [
      {
        specification: "http://wiki.open311.org/GeoReport_v2",
        url: `${base}/open311/v2`,
        changeset: "2026-11-24T00:00:00+07:00",
        type: "production",
        formats: ["text/xml", "application/json"],
      },
    ],
  };
  if (format === "json") return c.json(body);
  const doc = `<?xml version="1.0" encoding="utf-8"?>\n${xml.build({ discovery: forXml(body) })}`;
  return c.body(doc, 200, { "Content-Type": "text/xml; charset=utf-8" });
}

async function services(c: Context<AppEnv>, format: Format) {
  await unitOf(c, c.req.query("jurisdiction_id"));
  const list = PETITION_KINDS.map((kind) => ({
    service_code: kind,
    service_name: SERVICES[kind].name,
    description: SERVICES[kind].description,
    metadata: true,
    type: "batch",
    keywords: SERVICES[kind].keywords,
    group: SERVICES[kind].group,
  }));
  return render(c, format, "services", "service", list);
}

async function serviceDefinition(c: Context<AppEnv>, format: Format, code: string) {
  await unitOf(c, c.req.query("jurisdiction_id"));
  if (!(PETITION_KINDS as readonly string[]).includes(code))
    throw new Open311Error(404, `service_code not found: ${code}`);
  const body = { service_code: code, attributes: ATTRIBUTES };
  if (format === "json") return c.json(body);
  const doc = `<?xml version="1.0" encoding="utf-8"?>\n${xml.build({ service_definition: forXml(body) })}`;
  return c.body(doc, 200, { "Content-Type": "text/xml; charset=utf-8" });
}

async function createRequest(c: Context<AppEnv>, format: Format) {
  const type = c.req.header("content-type") ?? "";
  if (!/application\/x-www-form-urlencoded|multipart\/form-data/.test(type)) {
    throw new Open311Error(400, "Send the request form-encoded (application/x-www-form-urlencoded)");
  }
  let form: Record<string, string | File | (string | File)[]>;
  try {
    form = await c.req.parseBody({ all: true });
  } catch {
    throw new Open311Error(400, "The form could not be read");
  }
  refuseNul(Object.values(form));
  const db = c.var.deps.database.db;
  const unit = await unitOf(c, field(form, "jurisdiction_id"));
  const apiKey = field(form, "api_key");
  if (!apiKey) throw new Open311Error(403, "api_key is required");
  const key = await db
    .selectFrom("open311_key")
    .select(["id"])
    .where("key_hash", "=", keyHash(apiKey))
    .where("unit_id", "=", unit.id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!key) throw new Open311Error(403, "api_key is not valid for this jurisdiction");

  const code = field(form, "service_code");
  if (!code) throw new Open311Error(400, "service_code is required");
  if (!(PETITION_KINDS as readonly string[]).includes(code))
    throw new Open311Error(404, `service_code not found: ${code}`);
  const description = field(form, "description");
  if (!description) throw new Open311Error(400, "description is required");
  if (description.length > 4000) throw new Open311Error(400, "description: at most 4000 characters");
  const attributes = attributesOf(form);
  const yesNo = (name: string) => {
    const value = attributes[name]?.[0];
    if (value !== "yes" && value !== "no")
      throw new Open311Error(400, `attribute[${name}] is required: yes or no`);
    return value === "yes";
  };
  const consentToContact = yesNo("consent_contact");
  const consentToPublish = yesNo("consent_publish");
  const lat = field(form, "lat");
  const long = field(form, "long");
  const latN = lat === undefined ? undefined : Number(lat);
  const longN = long === undefined ? undefined : Number(long);
  if ((latN !== undefined && !(Math.abs(latN) <= 90)) || (longN !== undefined && !(Math.abs(longN) <= 180))) {
    throw new Open311Error(400, "lat/long are not valid coordinates");
  }
  const email = field(form, "email");
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Open311Error(400, "email is not valid");
  const phone = field(form, "phone");
  // At least 8 digits, as on the web form: separators alone are no way to reach anyone.
  if (phone && !/^(?=(?:\D*\d){8})\+?[0-9 .-]{8,20}$/.test(phone))
    throw new Open311Error(400, "phone is not valid");
  const name = [field(form, "first_name"), field(form, "last_name")].filter(Boolean).join(" ") || undefined;
  const subjectText = attributes.subject?.[0]?.trim() || description.slice(0, 80);
  const input = {
    submissionId: crypto.randomUUID(),
    kind: code as PetitionKind,
    subject: subjectText.normalize("NFC").slice(0, 200),
    content: description.normalize("NFC"),
    contact: name || phone || email ? { name, phone, email } : undefined,
    consentToContact,
    consentToPublish,
    channel: "open311" as const,
    location: { lat: latN, long: longN, address: field(form, "address_string")?.slice(0, 300) },
  };
  try {
    checkPetitionRules(input);
  } catch (error) {
    if (error instanceof AppError) {
      throw new Open311Error(
        400,
        input.kind === "denunciation"
          ? "A denunciation must give first_name/last_name and an email or phone (anonymous denunciations are not handled)"
          : "consent_contact=yes needs an email or phone",
      );
    }
    throw error;
  }
  const result = await submitPetition(c.var.deps, unit.slug, input);
  const created = await db
    .selectFrom("petition")
    .select("id")
    .where("tracking_code", "=", result.body.trackingCode)
    .executeTakeFirstOrThrow();
  await db
    .updateTable("open311_key")
    .set({ last_used_at: c.var.deps.clock.now() })
    .where("id", "=", key.id)
    .execute();
  // The tracking code and the sender's key are in this answer only, never in a listing: the client
  // hands both to the sender, who follows the case with them on the tracking page.
  const { trackingCode, citizenKey } = result.body;
  const notice =
    `Mã theo dõi ${trackingCode}; mã bí mật ${citizenKey} (chỉ người gửi giữ); ` +
    `hạn trả lời ${vnDateText(result.body.dueBy.slice(0, 10))}. ` +
    `Theo dõi: ${citizenLink(c.var.deps.config.publicBaseUrl, trackingCode, citizenKey)}`;
  return render(c, format, "service_requests", "request", [
    { service_request_id: created.id, service_notice: notice, account_id: null },
  ]);
}

/**
 * Whether the GET comes from a client holding the unit's key (`api_key`): it sees instants and
 * denunciations (without anything written about them). A wrong key is refused, as on POST.
 */
async function keyHolder(c: Context<AppEnv>, unitId: string): Promise<boolean> {
  const apiKey = c.req.query("api_key");
  if (apiKey === undefined || apiKey === "") return false;
  const db = c.var.deps.database.db;
  const key = await db
    .selectFrom("open311_key")
    .select(["id"])
    .where("key_hash", "=", keyHash(apiKey))
    .where("unit_id", "=", unitId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!key) throw new Open311Error(403, "api_key is not valid for this jurisdiction");
  await db
    .updateTable("open311_key")
    .set({ last_used_at: c.var.deps.clock.now() })
    .where("id", "=", key.id)
    .execute();
  return true;
}

/** The first instant of the month (Vietnam time) holding `at`, and of the month after `at`'s. */
function monthStart(at: Date): Date {
  return vnDayStart(`${vnDay(at).slice(0, 7)}-01`);
}
function nextMonthStart(at: Date): Date {
  const [y, m] = vnDay(at).split("-").map(Number) as [number, number];
  return vnDayStart(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`);
}

/** For each month (`YYYY-MM`, Vietnam time) of the given cases, how many publicly listed cases the unit received. */
async function casesPerMonth(c: Context<AppEnv>, unitId: string, rows: readonly Petition[]) {
  const counts = new Map<string, number>();
  if (rows.length === 0) return counts;
  const times = rows.map((r) => r.received_at.getTime());
  const received = await c.var.deps.database.db
    .selectFrom("petition")
    .select("received_at")
    .where("unit_id", "=", unitId)
    .where("kind", "!=", "denunciation")
    .where("received_at", ">=", monthStart(new Date(Math.min(...times))))
    .where("received_at", "<", nextMonthStart(new Date(Math.max(...times))))
    .execute();
  for (const r of received) {
    const month = vnDay(r.received_at).slice(0, 7);
    counts.set(month, (counts.get(month) ?? 0) + 1);
  }
  return counts;
}

async function requests(c: Context<AppEnv>, format: Format, ids?: string[]) {
  const db = c.var.deps.database.db;
  const unit = await unitOf(c, c.req.query("jurisdiction_id"));
  const keyed = await keyHolder(c, unit.id);
  const now = c.var.deps.clock.now();
  let query = db.selectFrom("petition").selectAll().where("unit_id", "=", unit.id);
  // Denunciations are never listed to a keyless client, nor found by id (as if they did not exist).
  if (!keyed) query = query.where("kind", "!=", "denunciation");
  const requested =
    ids ??
    c.req
      .query("service_request_id")
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (requested && requested.length > 0) {
    // A list of ids overrides every other filter.
    if (requested.length > 100) throw new Open311Error(400, "at most 100 service_request_id values");
    // Ids that are not UUIDs match no case: they are dropped here rather than failing the uuid cast.
    const wanted = requested.filter((s) => CASE_ID.test(s)).map((s) => s.toLowerCase());
    if (wanted.length === 0) {
      if (ids) throw new Open311Error(404, `service_request_id not found: ${ids[0]}`);
      return render(c, format, "service_requests", "request", []);
    }
    query = query.where("id", "in", wanted);
  } else {
    const code = c.req.query("service_code");
    if (code) {
      const codes = code.split(",");
      if (codes.some((s) => !(PETITION_KINDS as readonly string[]).includes(s)))
        throw new Open311Error(400, `unknown service_code: ${code}`);
      query = query.where("kind", "in", codes as PetitionKind[]);
    }
    const startRaw = c.req.query("start_date");
    const endRaw = c.req.query("end_date");
    for (const [name, value] of [
      ["start_date", startRaw],
      ["end_date", endRaw],
    ] as const) {
      if (value && (!W3C.test(value) || Number.isNaN(Date.parse(value))))
        throw new Open311Error(400, `${name} must be a W3C datetime`);
    }
    const end = endRaw ? new Date(endRaw) : now;
    const start = startRaw ? new Date(startRaw) : new Date(end.getTime() - 90 * DAY_MS);
    if (start > end) throw new Open311Error(400, "start_date must be before end_date");
    if (end.getTime() - start.getTime() > 90 * DAY_MS)
      throw new Open311Error(400, "the date range is at most 90 days");
    // A keyless client cannot narrow the range below whole months: narrowing it day by day would
    // find the day a case was received even where the list shows only its month.
    if (keyed) query = query.where("received_at", ">=", start).where("received_at", "<=", end);
    else
      query = query
        .where("received_at", ">=", monthStart(start))
        .where("received_at", "<", nextMonthStart(end));
    const status = c.req.query("status");
    if (status) {
      const wanted = new Set(status.split(",").map((s) => s.trim()));
      if ([...wanted].some((s) => s !== "open" && s !== "closed"))
        throw new Open311Error(400, "status is open or closed");
      const closed = [...CLOSED_STATES];
      if (wanted.has("open") && !wanted.has("closed")) query = query.where("state", "not in", closed);
      if (wanted.has("closed") && !wanted.has("open")) query = query.where("state", "in", closed);
    }
    // Whole numbers only, and a page within reach: 1.5 or 1e20 must not reach LIMIT/OFFSET.
    const pageSize = Math.min(Math.max(Math.trunc(Number(c.req.query("page_size") ?? 50)) || 50, 1), 200);
    const page = Math.min(Math.max(Math.trunc(Number(c.req.query("page") ?? 1)) || 1, 1), 1_000_000);
    query = query
      .orderBy("received_at", "desc")
      .orderBy("id")
      .limit(pageSize)
      .offset((page - 1) * pageSize);
  }
  const rows = await query.execute();
  if (ids && rows.length === 0) throw new Open311Error(404, `service_request_id not found: ${ids[0]}`);
  const counts = keyed ? new Map<string, number>() : await casesPerMonth(c, unit.id, rows);
  const precisionOf = (p: Petition): Precision => {
    if (keyed) return "instant";
    return (counts.get(vnDay(p.received_at).slice(0, 7)) ?? 0) < FEW_CASES_IN_MONTH ? "month" : "day";
  };
  return render(
    c,
    format,
    "service_requests",
    "request",
    rows.map((p) => requestView(p, unit, precisionOf(p))),
  );
}
