import { DOMParser } from "@xmldom/xmldom";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, jsonRequest, signIn, type TestApp } from "../support/app.ts";

/**
 * Contract tests written from the GeoReport v2 text (http://wiki.open311.org/GeoReport_v2): the
 * endpoints, both formats, the standard's element names, errors as a list of {code, description},
 * api_key checks, date ranges and the status filter.
 */
let t: TestApp;
let apiKey: string;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  cookie = await signIn(t.app);
  const unit = await t.database.db
    .selectFrom("unit")
    .select("id")
    .where("slug", "=", "demo")
    .executeTakeFirstOrThrow();
  const res = await t.app.request(
    `/api/admin/units/${unit.id}/open311-keys`,
    jsonRequest("POST", { name: "Cổng dịch vụ công tỉnh" }, { Cookie: cookie }),
  );
  apiKey = ((await res.json()) as { key: string }).key;
});
afterEach(async () => {
  await t.close();
});

const get = (path: string) => t.app.request(`/open311/v2/${path}`);
const xmlOf = async (res: Response) => {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => errors.push(`${level}: ${message}`),
  }).parseFromString(await res.text(), "text/xml");
  expect(errors, "well-formed XML").toEqual([]);
  return doc;
};
type Node = { getElementsByTagName(name: string): ArrayLike<{ textContent: string | null }> };
const text = (el: Node, name: string) => el.getElementsByTagName(name)[0]?.textContent ?? null;
const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});
const validRequest = (over: Record<string, string> = {}) => ({
  jurisdiction_id: "demo",
  api_key: apiKey,
  service_code: "reflection",
  description: "Đèn chiếu sáng cổng phụ bị hỏng, buổi tối phụ huynh đón con rất tối.",
  email: "phuhuynh@example.vn",
  first_name: "Lan",
  last_name: "Phạm",
  "attribute[consent_contact]": "yes",
  "attribute[consent_publish]": "no",
  ...over,
});
const post = (fields: Record<string, string>, format = "json") =>
  t.app.request(`/open311/v2/requests.${format}`, form(fields));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TRACKING_CODE = /DEMO-2611-[2-9A-HJ-NP-Z]{6}/;

describe("discovery and services", () => {
  it("discovery lists the endpoint with the specification and formats, in JSON and XML", async () => {
    const json = (await (await get("discovery.json")).json()) as any;
    expect(json.endpoints[0]).toMatchObject({
      specification: "http://wiki.open311.org/GeoReport_v2",
      url: "http://gopy.test/open311/v2",
      formats: ["text/xml", "application/json"],
    });
    const res = await get("discovery.xml");
    expect(res.headers.get("content-type")).toContain("text/xml");
    const doc = await xmlOf(res);
    expect(doc.documentElement?.tagName).toBe("discovery");
    expect(text(doc, "specification")).toBe("http://wiki.open311.org/GeoReport_v2");
    expect([...doc.getElementsByTagName("format")].map((f) => f.textContent)).toEqual([
      "text/xml",
      "application/json",
    ]);
  });

  it("services: one per kind of message, with the standard's fields", async () => {
    const json = (await (await get("services.json?jurisdiction_id=demo")).json()) as any[];
    expect(json.map((s) => s.service_code)).toEqual([
      "reflection",
      "recommendation",
      "suggestion",
      "question",
      "complaint",
      "denunciation",
    ]);
    for (const s of json) {
      expect(Object.keys(s).sort()).toEqual(
        ["description", "group", "keywords", "metadata", "service_code", "service_name", "type"].sort(),
      );
      expect(["realtime", "batch", "blackbox"]).toContain(s.type);
    }
    const doc = await xmlOf(await get("services.xml?jurisdiction_id=demo"));
    expect(doc.documentElement?.tagName).toBe("services");
    const first = doc.getElementsByTagName("service")[0]!;
    expect(text(first, "service_code")).toBe("reflection");
    expect(text(first, "service_name")).toBe("Phản ánh");
    expect(text(first, "metadata")).toBe("true");
  });

  it("a service definition lists its attributes in both formats", async () => {
    const json = (await (await get("services/complaint.json?jurisdiction_id=demo")).json()) as any;
    expect(json.service_code).toBe("complaint");
    const consent = json.attributes.find((a: { code: string }) => a.code === "consent_contact");
    expect(consent).toMatchObject({ variable: true, datatype: "singlevaluelist", required: true });
    expect(consent.values.map((v: { key: string }) => v.key)).toEqual(["yes", "no"]);
    const doc = await xmlOf(await get("services/complaint.xml?jurisdiction_id=demo"));
    expect(doc.documentElement?.tagName).toBe("service_definition");
    const attribute = doc.getElementsByTagName("attributes")[0]!.getElementsByTagName("attribute");
    expect(attribute.length).toBe(3);
    const values = attribute[1]!.getElementsByTagName("values")[0]!.getElementsByTagName("value");
    expect([...values].map((v) => text(v, "key"))).toEqual(["yes", "no"]);
  });

  it("errors are a list of code and description: missing or unknown jurisdiction, unknown service", async () => {
    const missing = await get("services.json");
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual([
      { code: 400, description: expect.stringContaining("jurisdiction_id") },
    ]);
    expect((await get("services.json?jurisdiction_id=khong-co")).status).toBe(404);
    const unknown = await get("services/praise.xml?jurisdiction_id=demo");
    expect(unknown.status).toBe(404);
    const doc = await xmlOf(unknown);
    expect(doc.documentElement?.tagName).toBe("errors");
    expect(text(doc.getElementsByTagName("error")[0]!, "code")).toBe("404");
    expect(text(doc.getElementsByTagName("error")[0]!, "description")).toContain("praise");
  });
});

describe("POST requests", () => {
  it("needs a valid api_key for the jurisdiction", async () => {
    const { api_key: _, ...noKey } = validRequest();
    expect((await post(noKey)).status).toBe(403);
    expect((await post(validRequest({ api_key: "o311_wrong" }))).status).toBe(403);
    const keys = await t.database.db.selectFrom("open311_key").select(["id", "unit_id"]).execute();
    await t.app.request(
      `/api/admin/units/${keys[0]!.unit_id}/open311-keys/${keys[0]!.id}`,
      jsonRequest("DELETE", {}, { Cookie: cookie }),
    );
    expect((await post(validRequest())).status).toBe(403);
    expect(await t.database.db.selectFrom("petition").selectAll().execute()).toHaveLength(0);
  });

  it.each([
    ["no service_code", { service_code: "" }, 400],
    ["an unknown service_code", { service_code: "praise" }, 404],
    ["no description", { description: "" }, 400],
    ["a description over 4,000 characters", { description: "x".repeat(4001) }, 400],
    ["no attribute[consent_contact]", { "attribute[consent_contact]": "" }, 400],
    ["an anonymous denunciation", { service_code: "denunciation", first_name: "", last_name: "" }, 400],
    ["lat out of range", { lat: "123", long: "105.8" }, 400],
  ])("refuses a request with %s, storing nothing", async (_, over, status) => {
    const res = await post(validRequest(over));
    expect(res.status).toBe(status);
    const body = (await res.json()) as any[];
    expect(body[0]).toMatchObject({ code: status, description: expect.any(String) });
    expect(await t.database.db.selectFrom("petition").selectAll().execute()).toHaveLength(0);
  });

  it("creates a case in the staff inbox; its answer reads closed in status_notes through requests/{id}.xml", async () => {
    const created = await post(
      validRequest({ lat: "21.0278", long: "105.8342", address_string: "Cổng phụ, ngõ 12" }),
      "xml",
    );
    expect(created.status).toBe(200);
    const doc = await xmlOf(created);
    expect(doc.documentElement?.tagName).toBe("service_requests");
    // The public id of the case, not its tracking code; the code is for the filing client only.
    const id = text(doc.getElementsByTagName("request")[0]!, "service_request_id")!;
    expect(id).toMatch(UUID);
    const notice = text(doc, "service_notice")!;
    const code = TRACKING_CODE.exec(notice)?.[0];
    expect(code, "the tracking code is in service_notice").toBeDefined();
    // With the sender's key, handed over in the same notice and its link: the code alone opens nothing.
    const key = /mã bí mật ([2-9A-HJ-NP-Z]{10})/.exec(notice)?.[1];
    expect(key, "the sender's key is in service_notice").toBeDefined();
    expect(notice).toContain(`http://gopy.test/t/${code}#k=${key}`);
    expect((await t.app.request(`/api/public/petitions/${code}`)).status).toBe(404);
    const followed = await t.app.request(`/api/public/petitions/${code}`, {
      headers: { "X-Citizen-Key": key! },
    });
    expect(followed.status).toBe(200);

    const inbox = (await (
      await t.app.request("/api/admin/petitions", { headers: { Cookie: cookie } })
    ).json()) as any;
    const item = inbox.items.find((i: { id: string }) => i.id === id);
    expect(item).toMatchObject({
      trackingCode: code,
      channel: "open311",
      kind: "reflection",
      state: "received",
    });

    const open = (await (await get(`requests/${id}.json?jurisdiction_id=demo`)).json()) as any[];
    expect(open[0]).toMatchObject({
      service_request_id: id,
      status: "open",
      service_code: "reflection",
      agency_responsible: "Trường Tiểu học Demo",
      // Keyless, and the school's only case this month: the month alone (see "what a keyless list shows").
      requested_datetime: "2026-11",
      expected_datetime: "2026-12",
      service_notice: "Hạn trả lời: tháng 12/2026",
      // No consent to publish: neither the text nor where the sender placed it (it may be a home).
      address: "Trường Tiểu học Demo",
      lat: null,
      long: null,
    });
    expect(open[0].description).toBeUndefined();
    for (const secret of ["phuhuynh@example.vn", "Phạm", "Lan", code!, "Cổng phụ, ngõ 12", "105.83"])
      expect(JSON.stringify(open)).not.toContain(secret);

    await t.app.request(
      `/api/admin/petitions/${item.id}/transitions`,
      jsonRequest(
        "POST",
        { event: "answer", answer: "Nhà trường đã thay bóng đèn cổng phụ ngày 24/11." },
        { Cookie: cookie },
      ),
    );
    const answered = await xmlOf(await get(`requests/${id}.xml?jurisdiction_id=demo`));
    const request = answered.getElementsByTagName("request")[0]!;
    expect(text(request, "status")).toBe("closed");
    expect(text(request, "status_notes")).toContain("Nhà trường đã thay bóng đèn cổng phụ");
    expect(text(request, "updated_datetime")).toBe("2026-11");
    const keyed = await xmlOf(await get(`requests/${id}.xml?jurisdiction_id=demo&api_key=${apiKey}`));
    expect(text(keyed, "requested_datetime")).toBe("2026-11-23T09:00:00+07:00");
    expect(text(keyed, "expected_datetime")).toBe("2026-12-07T23:59:59+07:00");
    expect(text(keyed, "updated_datetime")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
  });

  it("gives the description and the place only when the sender agreed to publish them", async () => {
    const res = await post(validRequest({ "attribute[consent_publish]": "yes" }));
    const [{ service_request_id: id }] = (await res.json()) as any[];
    const [request] = (await (await get(`requests/${id}.json?jurisdiction_id=demo`)).json()) as any[];
    expect(request.description).toContain("Đèn chiếu sáng cổng phụ");
    expect(request.address).toBe("Trường Tiểu học Demo"); // no address given: the unit's own

    const placed = await post(
      validRequest({
        "attribute[consent_publish]": "yes",
        lat: "21.0278",
        long: "105.8342",
        address_string: "Cổng phụ, ngõ 12",
      }),
    );
    const [{ service_request_id: placedId }] = (await placed.json()) as any[];
    const [shown] = (await (await get(`requests/${placedId}.json?jurisdiction_id=demo`)).json()) as any[];
    expect(shown).toMatchObject({ address: "Cổng phụ, ngõ 12", lat: 21.0278, long: 105.8342 });
  });
});

describe("GET requests", () => {
  async function seed() {
    const ids: string[] = [];
    for (const code of ["reflection", "question", "complaint"]) {
      const res = await post(validRequest({ service_code: code }));
      ids.push(((await res.json()) as any[])[0].service_request_id);
    }
    await t.app.request(
      `/api/admin/petitions/${ids[1]}/transitions`,
      jsonRequest("POST", { event: "answer", answer: "Giờ đón trẻ là 16 giờ 30." }, { Cookie: cookie }),
    );
    return ids;
  }

  it("filters by status, service and ids; ids override the rest", async () => {
    const ids = await seed();
    const all = (await (await get("requests.json?jurisdiction_id=demo")).json()) as any[];
    expect(all.map((r) => r.service_request_id).sort()).toEqual([...ids].sort());
    const closed = (await (await get("requests.json?jurisdiction_id=demo&status=closed")).json()) as any[];
    expect(closed.map((r) => r.service_request_id)).toEqual([ids[1]]);
    const open = (await (await get("requests.json?jurisdiction_id=demo&status=open")).json()) as any[];
    expect(open).toHaveLength(2);
    const both = (await (await get("requests.json?jurisdiction_id=demo&status=open,closed")).json()) as any[];
    expect(both).toHaveLength(3);
    const complaints = (await (
      await get("requests.json?jurisdiction_id=demo&service_code=complaint")
    ).json()) as any[];
    expect(complaints.map((r) => r.service_code)).toEqual(["complaint"]);
    const byIds = (await (
      await get(`requests.json?jurisdiction_id=demo&service_request_id=${ids[0]},${ids[2]}&status=closed`)
    ).json()) as any[];
    expect(byIds.map((r) => r.service_request_id).sort()).toEqual([ids[0], ids[2]].sort());
    const upper = (await (
      await get(`requests.json?jurisdiction_id=demo&service_request_id=${ids[0]!.toUpperCase()}`)
    ).json()) as any[];
    expect(upper.map((r) => r.service_request_id)).toEqual([ids[0]]);
    // Ids that are no case's id (a tracking code, a malformed UUID) match nothing; the rest still do.
    const { tracking_code: code } = await t.database.db
      .selectFrom("petition")
      .select("tracking_code")
      .where("id", "=", ids[0]!)
      .executeTakeFirstOrThrow();
    for (const other of [code, "not-a-uuid", "00000000-0000-0000-0000-00000000000g", "'; select 1 --"]) {
      const none = await get(
        `requests.json?jurisdiction_id=demo&service_request_id=${encodeURIComponent(other)}`,
      );
      expect(none.status, other).toBe(200);
      expect(await none.json(), other).toEqual([]);
    }
    const mixed = (await (
      await get(`requests.json?jurisdiction_id=demo&service_request_id=${code},${ids[2]},x`)
    ).json()) as any[];
    expect(mixed.map((r) => r.service_request_id)).toEqual([ids[2]]);
    const xml = await xmlOf(await get("requests.xml?jurisdiction_id=demo&page_size=2&page=2"));
    expect(xml.getElementsByTagName("request").length).toBe(1);
  });

  it("takes W3C dates, at most 90 days apart, defaulting to the last 90", async () => {
    await seed();
    const inRange = (await (
      await get(
        "requests.json?jurisdiction_id=demo&start_date=2026-11-01T00:00:00%2B07:00&end_date=2026-11-30T00:00:00%2B07:00",
      )
    ).json()) as any[];
    expect(inRange).toHaveLength(3);
    const before = (await (
      await get(`requests.json?jurisdiction_id=demo&end_date=2026-11-01T00:00:00Z&api_key=${apiKey}`)
    ).json()) as any[];
    expect(before).toEqual([]);
    // A keyless client's range covers whole months: the same query reaches November's cases.
    const keyless = (await (
      await get("requests.json?jurisdiction_id=demo&end_date=2026-11-01T00:00:00Z")
    ).json()) as any[];
    expect(keyless).toHaveLength(3);
    const october = (await (
      await get("requests.json?jurisdiction_id=demo&end_date=2026-10-31T00:00:00Z")
    ).json()) as any[];
    expect(october).toEqual([]);
    expect(
      (
        await get(
          "requests.json?jurisdiction_id=demo&start_date=2026-01-01T00:00:00Z&end_date=2026-11-30T00:00:00Z",
        )
      ).status,
    ).toBe(400);
    expect((await get("requests.json?jurisdiction_id=demo&start_date=yesterday")).status).toBe(400);
    expect((await get("requests.json?jurisdiction_id=demo&status=pending")).status).toBe(400);
    expect((await get("requests/DEMO-2611-ZZZZZZ.json?jurisdiction_id=demo")).status).toBe(404);
    expect((await get("requests.csv?jurisdiction_id=demo")).status).toBe(404);
  });
});

describe("tracking codes stay with the sender", () => {
  it("requests/{id}: an unknown or malformed id is the standard's 404, in either format", async () => {
    await post(validRequest());
    const { tracking_code: code } = await t.database.db
      .selectFrom("petition")
      .select("tracking_code")
      .executeTakeFirstOrThrow();
    for (const id of [
      code, // a tracking code is no service_request_id
      code.toLowerCase(),
      "00000000-0000-4000-8000-000000000000",
      "not-a-uuid",
      "00000000-0000-0000-0000-00000000000g",
      "%E0%A4%A",
      "1",
    ]) {
      for (const format of ["json", "xml"] as const) {
        const res = await get(`requests/${id}.${format}?jurisdiction_id=demo`);
        expect(res.status, `${id}.${format}`).toBe(404);
        if (format === "json") {
          expect(await res.json()).toEqual([{ code: 404, description: expect.any(String) }]);
        } else {
          const doc = await xmlOf(res);
          expect(doc.documentElement?.tagName).toBe("errors");
          expect(text(doc.getElementsByTagName("error")[0]!, "code")).toBe("404");
        }
      }
    }
  });

  it("no list or request view contains any case's tracking code, and a listed id withdraws nothing", async () => {
    const ids: string[] = [];
    for (const [code, publish] of [
      ["reflection", "no"],
      ["question", "yes"],
      ["complaint", "no"],
    ] as const) {
      const res = await post(validRequest({ service_code: code, "attribute[consent_publish]": publish }));
      ids.push(((await res.json()) as any[])[0].service_request_id);
    }
    // A case filed on the web form is listed too.
    const web = await t.app.request(
      "/api/public/units/demo/petitions",
      jsonRequest("POST", {
        submissionId: crypto.randomUUID(),
        kind: "suggestion",
        subject: "Thêm ghế chờ ở cổng trường",
        content: "Phụ huynh chờ đón con buổi chiều không có chỗ ngồi, đề nghị nhà trường đặt thêm ghế.",
        consentToContact: false,
        consentToPublish: true,
      }),
    );
    expect(web.status).toBe(201);
    const petitions = await t.database.db
      .selectFrom("petition")
      .select(["id", "tracking_code", "state", "updated_at"])
      .execute();
    expect(petitions).toHaveLength(4);
    const codes = petitions.map((p) => p.tracking_code);

    const listed = (await (await get("requests.json?jurisdiction_id=demo")).json()) as any[];
    expect(listed.map((r) => r.service_request_id).sort()).toEqual(petitions.map((p) => p.id).sort());
    const paths = [
      "requests.json?jurisdiction_id=demo",
      "requests.xml?jurisdiction_id=demo",
      "requests.json?jurisdiction_id=demo&status=open&service_code=reflection,question,complaint,suggestion",
      `requests.xml?jurisdiction_id=demo&service_request_id=${petitions.map((p) => p.id).join(",")}`,
      `requests.json?jurisdiction_id=demo&service_request_id=${codes.join(",")}`,
      ...petitions.flatMap((p) => [
        `requests/${p.id}.json?jurisdiction_id=demo`,
        `requests/${p.id}.xml?jurisdiction_id=demo`,
      ]),
    ];
    for (const path of paths) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      const body = (await res.text()).toUpperCase();
      for (const code of codes) expect(body, `${path} shows ${code}`).not.toContain(code.toUpperCase());
    }

    // A listed id is not a tracking code: following, rating, reopening or withdrawing with it fails.
    for (const r of listed) {
      const id = r.service_request_id as string;
      const withdraw = await t.app.request(
        `/api/public/petitions/${id}/withdraw`,
        jsonRequest("POST", { reason: "Tôi xin rút." }),
      );
      expect([404, 422], `withdraw ${id}`).toContain(withdraw.status);
      const reopen = await t.app.request(
        `/api/public/petitions/${id}/reopen`,
        jsonRequest("POST", { reason: "Chưa được giải quyết." }),
      );
      expect([404, 422], `reopen ${id}`).toContain(reopen.status);
      const rating = await t.app.request(
        `/api/public/petitions/${id}/rating`,
        jsonRequest("POST", { rating: "satisfied" }),
      );
      expect([404, 422], `rating ${id}`).toContain(rating.status);
      expect((await t.app.request(`/api/public/petitions/${id}`)).status, `track ${id}`).toBe(404);
    }
    const after = await t.database.db
      .selectFrom("petition")
      .select(["id", "tracking_code", "state", "updated_at"])
      .execute();
    expect(after.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      petitions.sort((a, b) => a.id.localeCompare(b.id)),
    );
    const citizenEvents = await t.database.db
      .selectFrom("petition_event")
      .select("event")
      .where("actor", "=", "citizen")
      .where("event", "in", ["withdraw", "reopen", "rate", "note"])
      .execute();
    expect(citizenEvents).toEqual([]);
    // Still open, as the listing says.
    const open = (await (await get("requests.json?jurisdiction_id=demo&status=open")).json()) as any[];
    expect(open).toHaveLength(4);
  });
});

describe("what a keyless list shows", () => {
  const list = async (query = "") =>
    (await (await get(`requests.json?jurisdiction_id=demo${query}`)).json()) as any[];
  const idOf = async (res: Response) => ((await res.json()) as any[])[0].service_request_id as string;
  const denounce = () =>
    post(
      validRequest({
        service_code: "denunciation",
        description: "Tố cáo giáo viên thu tiền học thêm trái quy định tại nhà riêng.",
        address_string: "Số 5 ngõ 7 phố Cự Khê",
        lat: "21.0278",
        long: "105.8342",
      }),
    );

  it("never a denunciation: not in the list, not by id, not by its service code", async () => {
    await post(validRequest());
    const id = await idOf(await denounce());
    const all = await list();
    expect(all.map((r) => r.service_code)).toEqual(["reflection"]);
    expect(await list("&service_code=denunciation")).toEqual([]);
    expect(await list(`&service_request_id=${id}`)).toEqual([]);
    const single = await get(`requests/${id}.json?jurisdiction_id=demo`);
    expect(single.status).toBe(404);
    expect(JSON.stringify(all)).not.toContain("Tố cáo giáo viên");
  });

  it("a key holder sees the denunciation's state and dates, never its text, place or answer", async () => {
    const id = await idOf(await denounce());
    // Even with a consent to publish on record (the forms refuse it for a denunciation), and answered.
    await t.database.db.updateTable("petition").set({ consent_publish: true }).where("id", "=", id).execute();
    await t.app.request(
      `/api/admin/petitions/${id}/transitions`,
      jsonRequest("POST", { event: "acknowledge" }, { Cookie: cookie }),
    );
    await t.app.request(
      `/api/admin/petitions/${id}/transitions`,
      jsonRequest(
        "POST",
        { event: "answer", answer: "Đã xác minh tại nhà riêng của giáo viên." },
        { Cookie: cookie },
      ),
    );
    const [shown] = (await (
      await get(`requests/${id}.json?jurisdiction_id=demo&api_key=${apiKey}`)
    ).json()) as any[];
    expect(shown).toMatchObject({
      service_request_id: id,
      service_code: "denunciation",
      status: "closed",
      status_notes: "Đã trả lời",
      requested_datetime: "2026-11-23T09:00:00+07:00",
      address: "Trường Tiểu học Demo",
      lat: null,
      long: null,
    });
    expect(shown.description).toBeUndefined();
    const keyedList = (await (
      await get(`requests.json?jurisdiction_id=demo&api_key=${apiKey}`)
    ).json()) as any[];
    expect(keyedList.map((r) => r.service_code)).toEqual(["denunciation"]);
    const raw = JSON.stringify(keyedList);
    for (const secret of ["Tố cáo giáo viên", "ngõ 7", "105.83", "Phạm", "phuhuynh@example.vn", "nhà riêng"])
      expect(raw).not.toContain(secret);
  });

  it("refuses a wrong key rather than answering as to a keyless client", async () => {
    const res = await get("requests.json?jurisdiction_id=demo&api_key=o311_wrong");
    expect(res.status).toBe(403);
  });

  it("the month alone while the school received fewer than 5 cases that month, then the day, never the hour", async () => {
    for (let i = 0; i < 4; i++) await post(validRequest());
    const few = await list();
    expect(few).toHaveLength(4);
    for (const r of few) {
      expect(r).toMatchObject({ requested_datetime: "2026-11", updated_datetime: "2026-11" });
      expect(r.service_notice).toBe("Hạn trả lời: tháng 12/2026");
    }
    // A denunciation does not count towards the five: it is not listed.
    await denounce();
    expect((await list())[0].requested_datetime).toBe("2026-11");

    await post(validRequest());
    const many = await list();
    expect(many).toHaveLength(5);
    for (const r of many) {
      expect(r).toMatchObject({
        requested_datetime: "2026-11-23",
        updated_datetime: "2026-11-23",
        expected_datetime: "2026-12-07",
        service_notice: "Hạn trả lời: 07/12/2026",
      });
    }
    const xml = await xmlOf(await get("requests.xml?jurisdiction_id=demo"));
    expect(text(xml, "requested_datetime")).toBe("2026-11-23");
  });

  it("the published questions and answers show days, never a denunciation", async () => {
    const res = await post(validRequest({ service_code: "question", "attribute[consent_publish]": "yes" }));
    const id = await idOf(res);
    await t.app.request(
      `/api/admin/petitions/${id}/transitions`,
      jsonRequest("POST", { event: "answer", answer: "Từ 16 giờ 15 hằng ngày." }, { Cookie: cookie }),
    );
    await t.app.request(
      `/api/admin/petitions/${id}/publication`,
      jsonRequest("PUT", { question: "Giờ đón trẻ?", answer: "Từ 16 giờ 15 hằng ngày." }, { Cookie: cookie }),
    );
    // A denunciation that somehow carries a publication (written before the rule) stays out.
    const denunciation = await idOf(await denounce());
    await t.database.db
      .updateTable("petition")
      .set({ published_question: "Tố cáo?", published_answer: "Đã xử lý.", published_at: t.clock.now() })
      .where("id", "=", denunciation)
      .execute();
    const answers = (await (await t.app.request("/api/public/units/demo/answers")).json()) as any;
    expect(answers.items).toEqual([
      {
        kind: "question",
        question: "Giờ đón trẻ?",
        answer: "Từ 16 giờ 15 hằng ngày.",
        answeredAt: "2026-11-23",
        publishedAt: "2026-11-23",
      },
    ]);
  });
});
