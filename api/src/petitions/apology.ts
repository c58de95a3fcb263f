import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import { VN_TIME_ZONE } from "../time.ts";

const require = createRequire(import.meta.url);
// Decree 30/2020 asks for a Vietnamese Unicode serif face (Times New Roman in practice); Noto Serif
// is an open serif with every Vietnamese diacritic.
const SERIF = require.resolve("@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf");
const SERIF_BOLD = require.resolve("@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf");
const SERIF_ITALIC = require.resolve(
  "@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf",
);

export interface ApologyInput {
  /** The body above the school (ward, department), printed above its name; may be absent. */
  parentUnitName: string | null;
  unitName: string;
  /** Place name for the date line, e.g. "Cự Khê". */
  place: string;
  number: string;
  issuedAt: Date;
  recipientName: string | null;
  trackingCode: string;
  kindLabel: string;
  receivedAt: Date;
  dueBy: Date;
  newDate: string;
  signerTitle: string;
  signerName: string;
}

const MM = 72 / 25.4;
const parts = (at: Date) => {
  const f = new Intl.DateTimeFormat("en-GB", {
    timeZone: VN_TIME_ZONE,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).formatToParts(at);
  const get = (type: string) => f.find((p) => p.type === type)!.value;
  return { day: get("day"), month: get("month"), year: get("year") };
};
const short = (at: Date) => {
  const p = parts(at);
  return `${p.day}/${p.month}/${p.year}`;
};
const dayShort = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/**
 * The apology letter for a case answered (or still open) after its deadline, laid out as an
 * administrative document under Decree 30/2020/NĐ-CP: issuing body and number top left, national
 * motto top right, place and date, title, addressee, body, signature block and distribution list.
 * A4, margins 20–25 mm top/bottom, 30 mm left, 15–20 mm right, 13–14 pt text.
 */
export function renderApology(input: ApologyInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 20 * MM },
    info: { Title: `Thư xin lỗi — ${input.trackingCode}`, Author: input.unitName },
    lang: "vi-VN",
  } as PDFKit.PDFDocumentOptions);
  doc.registerFont("serif", SERIF);
  doc.registerFont("bold", SERIF_BOLD);
  doc.registerFont("italic", SERIF_ITALIC);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const leftCol = width * 0.42;
  const rightCol = width - leftCol;
  const top = doc.page.margins.top;

  // Top left: supervising body, issuing unit (bold, underlined by a short rule), number.
  doc.fontSize(12.5).fillColor("#000000");
  if (input.parentUnitName) {
    doc
      .font("serif")
      .text(input.parentUnitName.toLocaleUpperCase("vi"), left, top, { width: leftCol, align: "center" });
  }
  doc.font("bold").text(input.unitName.toLocaleUpperCase("vi"), left, input.parentUnitName ? doc.y : top, {
    width: leftCol,
    align: "center",
  });
  const ruleY = doc.y + 2;
  doc
    .moveTo(left + leftCol * 0.3, ruleY)
    .lineTo(left + leftCol * 0.7, ruleY)
    .lineWidth(0.6)
    .stroke();
  doc
    .font("serif")
    .fontSize(13)
    .text(`Số: ${input.number}`, left, ruleY + 8, { width: leftCol, align: "center" });
  const leftBottom = doc.y;

  // Top right: national name and motto.
  doc
    .font("bold")
    .fontSize(12.5)
    .text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", left + leftCol, top, {
      width: rightCol,
      align: "center",
    });
  doc.font("bold").fontSize(13.5).text("Độc lập - Tự do - Hạnh phúc", { width: rightCol, align: "center" });
  const mottoY = doc.y + 2;
  const mottoWidth = doc.widthOfString("Độc lập - Tự do - Hạnh phúc");
  const mottoLeft = left + leftCol + (rightCol - mottoWidth) / 2;
  doc
    .moveTo(mottoLeft, mottoY)
    .lineTo(mottoLeft + mottoWidth, mottoY)
    .lineWidth(0.6)
    .stroke();
  const issued = parts(input.issuedAt);
  doc
    .font("italic")
    .fontSize(13.5)
    .text(
      `${input.place}, ngày ${issued.day} tháng ${issued.month} năm ${issued.year}`,
      left + leftCol,
      mottoY + 8,
      {
        width: rightCol,
        align: "center",
      },
    );

  doc.y = Math.max(leftBottom, doc.y) + 22;
  doc.font("bold").fontSize(14).text("THƯ XIN LỖI", left, doc.y, { width, align: "center" });
  doc.font("bold").fontSize(13.5).text(`Về việc chậm trả lời ${input.kindLabel}`, { width, align: "center" });
  doc.moveDown(1);

  const body = { width, align: "justify" as const, lineGap: 3, paragraphGap: 6, indent: 28 };
  doc.font("serif").fontSize(14);
  doc.text(
    `Kính gửi: ${input.recipientName ? `Ông/Bà ${input.recipientName}` : "Quý phụ huynh, người dân"}.`,
    {
      width,
      align: "center",
    },
  );
  doc.moveDown(0.6);
  doc.text(
    `Ngày ${short(input.receivedAt)}, ${input.unitName} nhận được ${input.kindLabel} của Ông/Bà (mã theo dõi ${input.trackingCode}). Theo quy định, nhà trường phải trả lời trước ngày ${short(input.dueBy)}, nhưng đến nay việc trả lời đã bị chậm so với thời hạn.`,
    body,
  );
  doc.text(
    `${input.unitName} thành thật xin lỗi Ông/Bà vì sự chậm trễ này và hẹn trả lời vào ngày ${dayShort(input.newDate)}. Ông/Bà có thể theo dõi tiến độ bằng mã ${input.trackingCode} trên trang Góp Ý của nhà trường.`,
    body,
  );
  doc.text("Rất mong Ông/Bà thông cảm và tiếp tục đồng hành cùng nhà trường.", body);
  doc.moveDown(1.2);

  // Signature block on the right, distribution list on the left at the same height.
  const blockY = doc.y;
  doc
    .font("bold")
    .fontSize(14)
    .text(input.signerTitle.toLocaleUpperCase("vi"), left + leftCol, blockY, {
      width: rightCol,
      align: "center",
    });
  doc
    .font("italic")
    .fontSize(13)
    .text("(Ký, ghi rõ họ tên và đóng dấu)", { width: rightCol, align: "center" });
  doc.moveDown(3.5);
  doc.font("bold").fontSize(14).text(input.signerName, { width: rightCol, align: "center" });

  doc.font("bold").fontSize(12).text("Nơi nhận:", left, blockY, { width: leftCol });
  doc.font("serif").fontSize(11).text("- Như trên;", { width: leftCol });
  doc.text("- Lưu: VT, hồ sơ giải quyết.", { width: leftCol });
  doc.end();
  return done;
}
