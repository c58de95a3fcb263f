import ExcelJS from "exceljs";
import jsQR from "jsqr";
import * as mupdf from "mupdf";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, fullSipasAnswers, jsonRequest, signIn, type TestApp } from "../support/app.ts";

let t: TestApp;
let cookie: string;
let demoUnitId: string;
beforeEach(async () => {
  t = await createTestApp();
  cookie = await signIn(t.app);
  demoUnitId = (
    await t.database.db.selectFrom("unit").select("id").where("slug", "=", "demo").executeTakeFirstOrThrow()
  ).id;
});
afterEach(async () => {
  await t.close();
});

const uuid = () => crypto.randomUUID();
const staff = {
  get: (path: string) => t.app.request(path, { headers: { Cookie: cookie } }),
  send: (method: string, path: string, body: unknown = {}) =>
    t.app.request(path, jsonRequest(method, body, { Cookie: cookie })),
};
const json = async (res: Response) => (await res.json()) as any;

async function newSurvey(templateId = "sipas") {
  const res = await staff.send("POST", `/api/admin/units/${demoUnitId}/surveys`, { templateId });
  expect(res.status).toBe(201);
  const { id } = await json(res);
  return id as string;
}
const detail = async (id: string) => json(await staff.get(`/api/admin/surveys/${id}`));
const answer = (code: string, answers: Record<string, unknown>) =>
  t.app.request(`/api/public/s/${code}/responses`, jsonRequest("POST", { submissionId: uuid(), answers }));

describe("making a survey from a template", () => {
  it("offers the SIPAS and the Ministry of Education templates, citing their sources", async () => {
    const { items } = await json(await staff.get("/api/admin/survey-templates"));
    expect(items.map((i: { id: string }) => i.id)).toEqual(["sipas", "moet-parents"]);
    expect(items[0].description.vi).toContain("2640/QĐ-BNV");
    expect(items[1].description.vi).toContain("2329/QĐ-BGDĐT");
    expect(items[1].questions).toBeGreaterThan(15);
  });

  it("starts as a draft with a gate link that answers nothing until published", async () => {
    const id = await newSurvey("moet-parents");
    const survey = await detail(id);
    expect(survey).toMatchObject({ status: "draft", published: null, template: "moet-parents" });
    expect(survey.draft.version).toBe(1);
    expect(survey.draft.definition.sections.map((s: { element?: string }) => s.element)).toEqual([
      "facilities",
      "environment",
      "access",
      "activities",
      "outcomes",
      "overall",
      undefined,
    ]);
    expect(survey.links.map((l: { channel: string }) => l.channel)).toEqual(["Cổng trường"]);
    const code = survey.links[0].code;
    expect((await t.app.request(`/api/public/s/${code}`)).status).toBe(404);

    const published = await staff.send("POST", `/api/admin/surveys/${id}/publish`);
    expect(published.status).toBe(200);
    expect((await detail(id)).status).toBe("open");
    const page = await json(await t.app.request(`/api/public/s/${code}`));
    expect(page.survey.title.vi).toBe("Khảo sát sự hài lòng của cha mẹ học sinh về giáo dục của nhà trường");
    expect((await staff.send("POST", `/api/admin/surveys/${id}/publish`)).status).toBe(409);
  });

  it("keeps the draft of a never-published survey: discarding it would leave nothing", async () => {
    const id = await newSurvey();
    const discard = await staff.send("DELETE", `/api/admin/surveys/${id}/draft`);
    expect(discard.status).toBe(409);
    expect((await json(discard)).code).toBe("draft_only_version");
    expect((await detail(id)).draft.version).toBe(1);
    expect((await staff.get(`/api/admin/surveys/${id}/results`)).status).toBe(200);
    expect((await staff.get(`/api/admin/surveys/${id}/comments`)).status).toBe(200);
  });

  it("rejects an invalid draft naming the field, and keeps the saved one", async () => {
    const id = await newSurvey();
    const { draft } = await detail(id);
    const broken = structuredClone(draft.definition);
    broken.sections[0].questions[1].id = broken.sections[0].questions[0].id;
    broken.sections[1].questions[0].text.vi = "";
    const res = await staff.send("PUT", `/api/admin/surveys/${id}/draft`, { definition: broken });
    expect(res.status).toBe(422);
    const fields = (await json(res)).errors.map((e: { field: string }) => e.field);
    expect(fields).toContain("definition.sections.1.questions.0.text.vi");
    const again = await staff.send("PUT", `/api/admin/surveys/${id}/draft`, {
      definition: {
        ...draft.definition,
        sections: [
          {
            ...draft.definition.sections[0],
            questions: [
              draft.definition.sections[0].questions[0],
              {
                ...draft.definition.sections[0].questions[1],
                id: draft.definition.sections[0].questions[0].id,
              },
            ],
          },
        ],
      },
    });
    const duplicate = (await json(again)).errors;
    expect(duplicate.map((e: { field: string }) => e.field)).toEqual([
      "definition.sections.0.questions.1.id",
    ]);
    expect(duplicate[0].message).toBe("Mã câu hỏi này trùng với một câu hỏi khác.");
    expect((await detail(id)).draft.definition).toEqual(draft.definition);
  });

  it("keeps each response on the version it answered when a new version is published", async () => {
    const id = await newSurvey();
    await staff.send("POST", `/api/admin/surveys/${id}/publish`);
    const survey = await detail(id);
    const code = survey.links[0].code;
    expect((await answer(code, fullSipasAnswers(5))).status).toBe(201);

    const edited = structuredClone(survey.published.definition);
    edited.sections[0].questions[0].text.vi = "Nơi tiếp đón phụ huynh dễ tìm";
    expect((await staff.send("PUT", `/api/admin/surveys/${id}/draft`, { definition: edited })).status).toBe(
      200,
    );
    const second = await json(await staff.send("POST", `/api/admin/surveys/${id}/publish`));
    expect(second.version).toBe(2);
    expect((await answer(code, fullSipasAnswers(4))).status).toBe(201);

    const versions = await t.database.db
      .selectFrom("survey_response as r")
      .innerJoin("survey_version as v", "v.id", "r.version_id")
      .select("v.version")
      .where("r.survey_id", "=", id)
      .orderBy("r.id")
      .execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const page = await json(await t.app.request(`/api/public/s/${code}`));
    expect(page.sections[0].questions[0].text.vi).toBe("Nơi tiếp đón phụ huynh dễ tìm");
  });
});

describe("the campaign", () => {
  it("refuses a closing time before the opening time, and closes the link when it passes", async () => {
    const id = await newSurvey();
    await staff.send("POST", `/api/admin/surveys/${id}/publish`);
    const bad = await staff.send("PATCH", `/api/admin/surveys/${id}`, {
      opensAt: "2026-12-01T08:00:00+07:00",
      closesAt: "2026-11-30T17:00:00+07:00",
    });
    expect(bad.status).toBe(422);
    expect((await json(bad)).errors[0].field).toBe("closesAt");

    const ok = await staff.send("PATCH", `/api/admin/surveys/${id}`, {
      opensAt: "2026-11-20T07:00:00+07:00",
      closesAt: "2026-11-30T17:00:00+07:00",
      responseCap: 500,
    });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({
      status: "open",
      responseCap: 500,
      closesAt: "2026-11-30T10:00:00.000Z",
    });

    const code = (await detail(id)).links[0].code;
    t.clock.set("2026-11-30T10:00:00.000Z");
    cookie = await signIn(t.app); // a week later: a new working session
    const closed = await t.app.request(`/api/public/s/${code}`);
    expect(closed.status).toBe(410);
    expect((await json(closed)).code).toBe("survey_closed");
    expect((await answer(code, fullSipasAnswers())).status).toBe(410);
    expect((await detail(id)).status).toBe("closed");
    const results = await json(await staff.get(`/api/admin/surveys/${id}/results`));
    expect(results.rejected).toEqual([{ reason: "closed", count: 1 }]);
  });
});

describe("links for each channel", () => {
  it("are added, renamed and archived; an archived link stops answering", async () => {
    const id = await newSurvey();
    await staff.send("POST", `/api/admin/surveys/${id}/publish`);
    const created = await staff.send("POST", `/api/admin/surveys/${id}/links`, {
      channel: "Nhóm Zalo lớp 3A",
    });
    expect(created.status).toBe(201);
    const link = await json(created);
    expect(link).toMatchObject({ channel: "Nhóm Zalo lớp 3A", url: `http://gopy.test/s/${link.code}` });
    const renamed = await staff.send("PATCH", `/api/admin/surveys/${id}/links/${link.id}`, {
      channel: "Họp phụ huynh lớp 3A",
    });
    expect((await json(renamed)).channel).toBe("Họp phụ huynh lớp 3A");
    expect((await answer(link.code, fullSipasAnswers())).status).toBe(201);

    expect((await staff.send("POST", `/api/admin/surveys/${id}/links/${link.id}/archive`)).status).toBe(204);
    expect((await t.app.request(`/api/public/s/${link.code}`)).status).toBe(404);
    const listed = await json(await staff.get(`/api/admin/surveys?unitId=${demoUnitId}`));
    const mine = listed.items.find((s: { id: string }) => s.id === id);
    expect(mine.links.map((l: { channel: string }) => l.channel)).toEqual(["Cổng trường"]);
    expect(mine.responseCount).toBe(1);
  });

  it("print on an A4 poster whose QR code scans back to the link, with Vietnamese text intact", async () => {
    const id = await newSurvey();
    await staff.send("PATCH", `/api/admin/surveys/${id}`, { closesAt: "2026-12-31T17:00:00+07:00" });
    const link = (await detail(id)).links[0];
    const res = await staff.get(link.posterUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const pdf = new Uint8Array(await res.arrayBuffer());

    const doc = mupdf.Document.openDocument(pdf, "application/pdf");
    expect(doc.countPages()).toBe(1);
    const page = doc.loadPage(0);
    const [, , width, height] = page.getBounds();
    expect(Math.round(width)).toBe(595); // A4 in points
    expect(Math.round(height)).toBe(842);
    const text = page.toStructuredText("preserve-whitespace").asText();
    expect(text).toContain("TRƯỜNG TIỂU HỌC DEMO");
    expect(text).toContain("Quét mã QR bằng camera điện thoại");
    expect(text).toContain("Hạn trả lời: 31/12/2026");

    // Rendered at 100 dpi, as a phone camera would see a print, then read by an independent decoder.
    const pixmap = page.toPixmap(
      mupdf.Matrix.scale(100 / 72, 100 / 72),
      mupdf.ColorSpace.DeviceRGB,
      true,
      true,
    );
    const rgba = new Uint8ClampedArray(pixmap.getPixels());
    const decoded = jsQR(rgba, pixmap.getWidth(), pixmap.getHeight());
    expect(decoded?.data).toBe(`http://gopy.test/s/${link.code}`);
  });
});

describe("results and exports", () => {
  it("refuse impossible dates with 422 naming the field, never a 500", async () => {
    const survey = await t.database.db.selectFrom("survey").select("id").executeTakeFirstOrThrow();
    for (const path of ["results", "responses.csv", "responses.xlsx"]) {
      for (const [field, value] of [
        ["from", "2026-02-30"],
        ["to", "2026-13-01"],
      ]) {
        const res = await staff.get(`/api/admin/surveys/${survey.id}/${path}?${field}=${value}`);
        expect(res.status, `${path} ${field}=${value}`).toBe(422);
        expect((await json(res)).errors).toEqual([expect.objectContaining({ field })]);
      }
    }
  });

  async function surveyWithAnswers() {
    const id = await newSurvey();
    await staff.send("POST", `/api/admin/surveys/${id}/publish`);
    const gate = (await detail(id)).links[0];
    const zalo = await json(
      await staff.send("POST", `/api/admin/surveys/${id}/links`, { channel: "Nhóm Zalo lớp 3A" }),
    );
    await answer(gate.code, {
      ...fullSipasAnswers(4),
      overall_satisfaction: 5,
      comment: '=HYPERLINK("http://x")',
    });
    await answer(gate.code, {
      ...fullSipasAnswers(4),
      overall_satisfaction: 4,
      expectations: ["online", "time"],
    });
    t.clock.advance(24 * 3600_000);
    cookie = await signIn(t.app); // the next day: a new working session
    await answer(zalo.code, { ...fullSipasAnswers(3), overall_satisfaction: 2, expectations: ["online"] });
    return { id, gate, zalo };
  }

  it("give per question the distribution, the top-two-box share and the mean, by link and day", async () => {
    const { id, gate, zalo } = await surveyWithAnswers();
    const all = await json(await staff.get(`/api/admin/surveys/${id}/results`));
    expect(all.responseCount).toBe(3);
    // Both links were made at the same (fixed) instant: compare in channel order.
    const byChannel = [...all.byLink].sort((a: any, b: any) => a.channel.localeCompare(b.channel, "vi"));
    expect(byChannel).toEqual([
      { linkId: gate.id, channel: "Cổng trường", count: 2 },
      { linkId: zalo.id, channel: "Nhóm Zalo lớp 3A", count: 1 },
    ]);
    expect(all.byDay).toEqual([
      { date: "2026-11-23", count: 2 },
      { date: "2026-11-24", count: 1 },
    ]);
    const overall = all.questions.find((q: { id: string }) => q.id === "overall_satisfaction");
    expect(overall.answered).toBe(3);
    expect(overall.distribution.map((d: { count: number }) => d.count)).toEqual([0, 1, 0, 1, 1]);
    expect(overall.distribution[4].label.vi).toBe("Rất hài lòng");
    expect(overall.topTwoBox).toBeCloseTo(2 / 3);
    expect(overall.mean).toBeCloseTo(11 / 3);
    const expectations = all.questions.find((q: { id: string }) => q.id === "expectations");
    expect(expectations.answered).toBe(2);
    expect(expectations.distribution.find((d: { value: string }) => d.value === "online").count).toBe(2);
    expect(expectations.topTwoBox).toBeNull();
    expect(all.questions.find((q: { id: string }) => q.id === "comment").textCount).toBe(1);

    const byZalo = await json(await staff.get(`/api/admin/surveys/${id}/results?linkId=${zalo.id}`));
    expect(byZalo.responseCount).toBe(1);
    const firstDay = await json(
      await staff.get(`/api/admin/surveys/${id}/results?from=2026-11-23&to=2026-11-23`),
    );
    expect(firstDay.responseCount).toBe(2);
    expect((await staff.get(`/api/admin/surveys/${id}/results?from=2026-11-24&to=2026-11-23`)).status).toBe(
      422,
    );
    expect((await staff.get(`/api/admin/surveys/${id}/results?from=yesterday`)).status).toBe(422);
  });

  it("export CSV for Excel (BOM, Vietnamese, no formulas) and XLSX with the same rows", async () => {
    const { id } = await surveyWithAnswers();
    const receipts = (
      await t.database.db
        .selectFrom("survey_response")
        .select("receipt")
        .where("survey_id", "=", id)
        .orderBy("id")
        .execute()
    ).map((r) => r.receipt);

    const csvRes = await staff.get(`/api/admin/surveys/${id}/responses.csv`);
    expect(csvRes.headers.get("content-type")).toContain("text/csv");
    expect(csvRes.headers.get("content-disposition")).toMatch(/attachment; filename="khao-sat-.*\.csv"/);
    const bytes = new Uint8Array(await csvRes.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    const lines = csv.trim().split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain("Mã phiếu");
    expect(lines[0]).toContain("overall_satisfaction: Nhìn chung");
    for (const receipt of receipts) expect(csv).toContain(receipt);
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).toContain("Làm thủ tục trực tuyến nhiều hơn; Rút ngắn thời gian giải quyết");
    expect(csv).toContain("Nhóm Zalo lớp 3A");

    const xlsxRes = await staff.get(`/api/admin/surveys/${id}/responses.xlsx?linkId=`);
    expect(xlsxRes.status).toBe(422);
    const full = await staff.get(`/api/admin/surveys/${id}/responses.xlsx`);
    expect(full.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await full.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(2).getCell(1).value).toBe(receipts[0]);
    const values = sheet.getRow(2).values as unknown[];
    expect(values).toContain(5);
    expect(values).toContain(`'=HYPERLINK("http://x")`);
  });
});
