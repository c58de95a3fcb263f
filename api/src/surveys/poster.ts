import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { VN_TIME_ZONE } from "../time.ts";

const require = createRequire(import.meta.url);
// Be Vietnam Pro: an open font drawn for Vietnamese, so every diacritic renders (the PDF's standard
// fonts have none of them). Embedded and subset by pdfkit.
const FONT_REGULAR = require.resolve(
  "@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf",
);
const FONT_BOLD = require.resolve("@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf");

export interface PosterInput {
  unitName: string;
  surveyTitle: string;
  url: string;
  channel: string;
  closesAt: Date | null;
}

const MM = 72 / 25.4;
/** 14 cm across: a phone camera reads a code this size with few modules from well over 2 metres. */
const QR_SIZE = 140 * MM;

const dateFormat = new Intl.DateTimeFormat("vi-VN", {
  timeZone: VN_TIME_ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});

/** An A4 poster in Vietnamese: who asks, what, the QR code, how to answer and until when. */
export function renderPoster(input: PosterInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 20 * MM, bottom: 15 * MM, left: 18 * MM, right: 18 * MM },
    info: {
      Title: `${input.surveyTitle} — ${input.unitName}`,
      Author: input.unitName,
      Subject: "Khảo sát ý kiến",
    },
    lang: "vi-VN",
  } as PDFKit.PDFDocumentOptions);
  doc.registerFont("regular", FONT_REGULAR);
  doc.registerFont("bold", FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const left = doc.page.margins.left;
  doc.font("bold").fontSize(15).fillColor("#1a1a1a");
  doc.text(input.unitName.toLocaleUpperCase("vi"), left, doc.page.margins.top, { width, align: "center" });
  doc.moveDown(0.6);
  doc.font("regular").fontSize(13).fillColor("#333333");
  doc.text("MỜI QUÝ PHỤ HUYNH THAM GIA KHẢO SÁT", { width, align: "center", characterSpacing: 1 });
  doc.moveDown(0.4);
  doc.font("bold").fontSize(22).fillColor("#0b3d91");
  doc.text(input.surveyTitle, { width, align: "center" });
  doc.moveDown(0.8);

  // The QR code as vector squares: sharp at any print size.
  const qr = QRCode.create(input.url, { errorCorrectionLevel: "M" });
  const count = qr.modules.size;
  const quiet = 4;
  const cell = QR_SIZE / (count + 2 * quiet);
  const qrLeft = left + (width - QR_SIZE) / 2;
  const qrTop = doc.y;
  doc.rect(qrLeft, qrTop, QR_SIZE, QR_SIZE).fill("#ffffff");
  doc.fillColor("#000000");
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.modules.get(row, col)) {
        doc.rect(qrLeft + (col + quiet) * cell, qrTop + (row + quiet) * cell, cell, cell);
      }
    }
  }
  doc.fill("#000000");
  doc.y = qrTop + QR_SIZE + 6 * MM;

  doc.font("bold").fontSize(16).fillColor("#1a1a1a");
  doc.text("Quét mã QR bằng camera điện thoại hoặc Zalo để trả lời", left, doc.y, { width, align: "center" });
  doc.moveDown(0.4);
  doc.font("regular").fontSize(12.5).fillColor("#333333");
  doc.text("Khoảng 2–3 phút • Không cần đăng nhập • Không ghi tên", {
    width,
    align: "center",
  });
  doc.moveDown(0.3);
  doc.text("Câu trả lời được lưu ngay trên điện thoại và tự gửi khi có mạng.", { width, align: "center" });
  doc.moveDown(0.6);
  doc.font("regular").fontSize(11).fillColor("#555555");
  doc.text(`Hoặc mở: ${input.url}`, { width, align: "center" });
  if (input.closesAt) {
    doc.moveDown(0.6);
    doc.font("bold").fontSize(14).fillColor("#1a1a1a");
    doc.text(`Hạn trả lời: ${dateFormat.format(input.closesAt)}`, { width, align: "center" });
  }
  doc.font("regular").fontSize(9).fillColor("#777777");
  doc.text(`Kênh: ${input.channel}`, left, doc.page.height - doc.page.margins.bottom - 12, {
    width,
    align: "center",
    lineBreak: false,
  });
  doc.end();
  return done;
}
