import JSZip from "jszip";
import * as mupdf from "mupdf";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, fullSipasAnswers, jsonRequest, signIn, type TestApp } from "../support/app.ts";

const PDF = "application/pdf";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const WARD = "Ủy ban nhân dân phường Hòa Bình";
// What a parent wrote or gave: none of it may reach a printed document.
const CONTACT = { name: "Lê Văn Cường", phone: "0987654321" };
const COMMENT = "Cô Hạnh lớp 2B hay quát học sinh";

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
  // The school reports to its ward (the supervising body in the header) and has an address.
  const ward = await db
    .insertInto("unit")
    .values({
      slug: "hoa-binh",
      name: WARD,
      kind: "ward",
      parent_id: null,
      address: null,
      created_at: t.clock.now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .updateTable("unit")
    .set({ parent_id: ward.id, address: "Số 5 ngõ 12, phường Hòa Bình, TP. Hà Nội" })
    .where("id", "=", demoUnitId)
    .execute();
});
afterEach(() => t.close());

const send = async (method: string, path: string, body: unknown = {}) => {
  const res = await t.app.request(path, jsonRequest(method, body, { Cookie: admin }));
  return { status: res.status, body: (await res.json()) as any };
};
const download = async (path: string) => {
  const res = await t.app.request(path, { headers: { Cookie: admin } });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
};
const pdfText = (bytes: Uint8Array) => {
  const doc = mupdf.Document.openDocument(bytes, PDF);
  const pages = Array.from({ length: doc.countPages() }, (_, i) => doc.loadPage(i));
  return {
    text: pages
      .map((p) => p.toStructuredText("preserve-whitespace").asText())
      .join("\n")
      .replace(/\s+/g, " "),
    sizes: pages.map((p) => p.getBounds().map(Math.round)),
  };
};
const docxXml = async (bytes: Uint8Array) =>
  (await JSZip.loadAsync(bytes)).file("word/document.xml")!.async("string");
/** 0.58333 → "58,3%": the Vietnamese way, computed independently of the app's formatter. */
const vnPercent = (share: number) => `${(Math.round(share * 1000) / 10).toString().replace(".", ",")}%`;
const url = (path: string) => `/api/admin/units/${demoUnitId}/report-documents${path}`;

async function answer(level: number, code: string, extra: Record<string, unknown> = {}) {
  const res = await t.app.request(
    `/api/public/s/${code}/responses`,
    jsonRequest("POST", {
      submissionId: crypto.randomUUID(),
      answers: { ...fullSipasAnswers(level), ...extra },
    }),
  );
  expect(res.status).toBe(201);
}

/** November: 12 answers (3 through a small Zalo channel), two petitions, one answered; published. */
async function publishNovember() {
  const link = await send("POST", `/api/admin/surveys/${surveyId}/links`, { channel: "Nhóm Zalo lớp 3A" });
  expect(link.status).toBe(201);
  for (const level of [5, 4, 4, 5, 2, 3, 4, 1, 3]) await answer(level, t.demoCode, { comment: COMMENT });
  for (const level of [4, 5, 2]) await answer(level, link.body.code);
  const codes: string[] = [];
  for (const subject of ["Đèn cổng phụ hỏng", "Giờ đón trẻ buổi chiều"]) {
    const res = await t.app.request(
      "/api/public/units/demo/petitions",
      jsonRequest("POST", {
        submissionId: crypto.randomUUID(),
        kind: "reflection",
        subject,
        content: `${subject}: đề nghị nhà trường xem xét, liên hệ ${CONTACT.phone}.`,
        contact: CONTACT,
        consentToContact: true,
        consentToPublish: false,
      }),
    );
    expect(res.status).toBe(201);
    codes.push(((await res.json()) as any).trackingCode);
  }
  const first = await t.database.db
    .selectFrom("petition")
    .select("id")
    .where("tracking_code", "=", codes[0]!)
    .executeTakeFirstOrThrow();
  const answered = await send("POST", `/api/admin/petitions/${first.id}/transitions`, {
    event: "answer",
    answer: "Nhà trường đã thay bóng đèn cổng phụ.",
  });
  expect(answered.status).toBe(200);
  const draft = await send("POST", `/api/admin/units/${demoUnitId}/reports/2026-11/draft`, {
    commentary: "Nhà trường sẽ lắp thêm đèn chiếu sáng ở cổng phụ.",
  });
  expect(draft.status).toBe(200);
  return { draft: draft.body, codes };
}

describe("the monthly notice", () => {
  it("is 404 until the month is published, and its draft is printable for review", async () => {
    const none = await download(url("/2026-11/notice.pdf"));
    expect(none.res.status).toBe(404);
    expect(JSON.parse(new TextDecoder().decode(none.bytes)).code).toBe("report_not_found");
    expect((await download(url("/2026-11/notice.docx"))).res.status).toBe(404);
    expect((await download(url("/2026-11/notice.pdf?draft=1"))).res.status).toBe(404);

    await publishNovember();
    const draft = await download(url("/2026-11/notice.pdf?draft=1"));
    expect(draft.res.status).toBe(200);
    expect(draft.res.headers.get("content-disposition")).toContain("thong-bao-2026-11-du-thao.pdf");
    const text = pdfText(draft.bytes).text;
    expect(text).toContain("DỰ THẢO");
    expect(text).toContain("tháng 11/2026");
    // Still nothing published: the notice itself stays 404.
    expect((await download(url("/2026-11/notice.pdf"))).res.status).toBe(404);
    expect((await download(url("/2026-11/notice.pdf?draft=1&revision=1"))).res.status).toBe(422);
    expect((await download(url("/2026-13/notice.pdf"))).res.status).toBe(422);
  });

  it("prints the published figures in the Decree 30 layout on A4, with no personal data", async () => {
    const { codes } = await publishNovember();
    const published = await send("POST", `/api/admin/units/${demoUnitId}/reports/2026-11/publish`);
    expect(published.status).toBe(201);
    const f = published.body.figures;
    expect(f.satisfaction.responses).toBe(12);
    expect(f.petitions).toMatchObject({ received: 2, answered: 1 });
    const channels = f.surveys[0].channels;
    expect(channels.map((c: any) => c.suppressed)).toEqual([true, true]); // 9 and 3: both hidden

    const started = performance.now();
    const pdf = await download(
      url("/2026-11/notice.pdf?number=27&signer=Nguy%E1%BB%85n%20Th%E1%BB%8B%20Lan&date=2026-11-30"),
    );
    const elapsed = performance.now() - started;
    expect(pdf.res.status).toBe(200);
    expect(pdf.res.headers.get("content-type")).toBe(PDF);
    expect(pdf.res.headers.get("content-disposition")).toBe('attachment; filename="thong-bao-2026-11.pdf"');
    const { text, sizes } = pdfText(pdf.bytes);
    for (const size of sizes) expect(size).toEqual([0, 0, 595, 842]); // A4 in points
    for (const expected of [
      "ỦY BAN NHÂN DÂN PHƯỜNG HÒA BÌNH",
      "TRƯỜNG TIỂU HỌC DEMO",
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "Số: 27/TB-THD",
      "Hà Nội, ngày 30 tháng 11 năm 2026", // the city of the unit's address
      "THÔNG BÁO",
      "Kết quả tiếp nhận, xử lý phản ánh, kiến nghị và mức độ hài lòng tháng 11/2026",
      `Chỉ số hài lòng chung ${vnPercent(f.satisfaction.index)}`,
      "Mục tiêu 85%",
      "Tổng số phiếu trả lời 12",
      `Số phản ánh, kiến nghị tiếp nhận trong tháng ${f.petitions.received}`,
      `Số đã trả lời trong tháng ${f.petitions.answered}`,
      `- Trả lời trước hạn ${f.petitions.early}`,
      `- Trả lời đúng hạn ${f.petitions.onTime}`,
      `- Trả lời trễ hạn ${f.petitions.late}`,
      `Quá hạn, chưa trả lời (cuối tháng) ${f.petitions.openOverdue}`,
      `Tỷ lệ trả lời đúng hạn ${vnPercent(f.petitions.onTimeRate)}`,
      "Nhóm Zalo lớp 3A *", // a suppressed cell
      "Nhà trường sẽ lắp thêm đèn chiếu sáng ở cổng phụ.",
      "HIỆU TRƯỞNG",
      "(Ký, ghi rõ họ tên và đóng dấu)",
      "Nguyễn Thị Lan",
      "Nơi nhận: - Như trên; - Lưu: VT.",
    ]) {
      expect(text).toContain(expected);
    }
    expect(vnPercent(f.satisfaction.index)).toBe("58,3%"); // 7 of 12 answered 4 or 5
    expect(text).not.toContain("DỰ THẢO");
    for (const secret of [CONTACT.name, CONTACT.phone, COMMENT, "Đèn cổng phụ hỏng", ...codes])
      expect(text).not.toContain(secret);
    expect(pdf.bytes.byteLength).toBeLessThan(200_000); // fonts are embedded as subsets
    expect(elapsed).toBeLessThan(10_000);

    // Left blank to fill by hand when not given.
    const blank = pdfText((await download(url("/2026-11/notice.pdf"))).bytes).text;
    expect(blank).toContain("Số: ……/TB-THD");
    expect(blank).toContain("Hà Nội, ngày …… tháng …… năm ……");
    const elsewhere = pdfText((await download(url("/2026-11/notice.pdf?place=C%E1%BB%B1%20Kh%C3%AA"))).bytes);
    expect(elsewhere.text).toContain("Cự Khê, ngày");

    const docx = await download(url("/2026-11/notice.docx"));
    expect(docx.res.status).toBe(200);
    expect(docx.res.headers.get("content-type")).toBe(DOCX);
    expect([...docx.bytes.slice(0, 2)]).toEqual([0x50, 0x4b]); // a zip
    const xml = await docxXml(docx.bytes);
    for (const expected of [
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "THÔNG BÁO",
      "Kết quả tiếp nhận, xử lý phản ánh, kiến nghị và mức độ hài lòng tháng 11/2026",
      vnPercent(f.satisfaction.index),
      "Nơi nhận:",
    ]) {
      expect(xml).toContain(expected);
    }
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/); // A4
    for (const secret of [CONTACT.name, CONTACT.phone, COMMENT]) expect(xml).not.toContain(secret);

    // A correction: the latest revision by default, an earlier one on request.
    await send("POST", `/api/admin/units/${demoUnitId}/reports/2026-11/draft`);
    const second = await send("POST", `/api/admin/units/${demoUnitId}/reports/2026-11/publish`, {
      changes: "Bổ sung phiếu giấy.",
    });
    expect(second.status).toBe(201);
    const latest = pdfText((await download(url("/2026-11/notice.pdf"))).bytes).text;
    expect(latest).toContain("đính chính số liệu đã công bố (lần 2): Bổ sung phiếu giấy.");
    const first = pdfText((await download(url("/2026-11/notice.pdf?revision=1"))).bytes).text;
    expect(first).not.toContain("đính chính");
    expect((await download(url("/2026-11/notice.pdf?revision=3"))).res.status).toBe(404);
  });
});

describe("the quarterly and yearly report", () => {
  it("lists every month of the period, with the published one's figures and the others not published", async () => {
    const empty = await download(url("/2026-Q4/report.pdf"));
    expect(empty.res.status).toBe(200);
    expect(pdfText(empty.bytes).text).toContain(
      "10/2026 chưa công bố 11/2026 chưa công bố 12/2026 chưa công bố",
    );

    await publishNovember();
    const published = await send("POST", `/api/admin/units/${demoUnitId}/reports/2026-11/publish`);
    const f = published.body.figures;
    const p = f.petitions;
    const pdf = await download(url("/2026-Q4/report.pdf"));
    expect(pdf.res.status).toBe(200);
    expect(pdf.res.headers.get("content-disposition")).toContain("bao-cao-2026-Q4.pdf");
    const { text, sizes } = pdfText(pdf.bytes);
    expect(sizes[0]).toEqual([0, 0, 595, 842]);
    const november = [
      "11/2026",
      "12",
      vnPercent(f.satisfaction.index),
      p.received,
      p.answered,
      p.early,
      p.onTime,
      p.late,
      p.openOverdue,
      vnPercent(p.onTimeRate),
    ].join(" ");
    for (const expected of [
      "ỦY BAN NHÂN DÂN PHƯỜNG HÒA BÌNH",
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Số: ……/BC-THD",
      "BÁO CÁO",
      "Kết quả khảo sát sự hài lòng và tiếp nhận, xử lý phản ánh, kiến nghị quý IV năm 2026",
      `Kính gửi: ${WARD}.`,
      "10/2026 chưa công bố",
      november,
      "12/2026 chưa công bố",
      `Cộng ${november.slice("11/2026 ".length)}`, // one month published: its figures are the totals
      `Chỉ số hài lòng quý IV năm 2026: ${vnPercent(f.satisfaction.index)}`,
      "HIỆU TRƯỞNG",
      `Nơi nhận: - ${WARD}; - Lưu: VT.`,
    ]) {
      expect(text).toContain(expected);
    }
    for (const secret of [CONTACT.name, CONTACT.phone, COMMENT]) expect(text).not.toContain(secret);

    const year = await download(url("/2026/report.docx"));
    expect(year.res.status).toBe(200);
    expect(year.res.headers.get("content-type")).toBe(DOCX);
    const xml = await docxXml(year.bytes);
    expect(xml).toContain("BÁO CÁO");
    expect(xml).toContain("năm 2026");
    expect(xml).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(xml.match(/chưa công bố/g)).toHaveLength(11);
    expect((await download(url("/2026-Q5/report.pdf"))).res.status).toBe(422);
    expect((await download(url("/2026-11/report.pdf"))).res.status).toBe(422);
  });
});
