import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import type { Align, Block, Cell, OfficialDocument } from "./model.ts";

const require = createRequire(import.meta.url);
// Decree 30/2020 asks for a Vietnamese Unicode serif face (Times New Roman in practice); Noto Serif
// is an open serif with every Vietnamese diacritic, embedded (subset) in the file as the apology does.
const FONT_FILES = {
  serif: "@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf",
  bold: "@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf",
  italic: "@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf",
  boldItalic: "@expo-google-fonts/noto-serif/700Bold_Italic/NotoSerif_700Bold_Italic.ttf",
} as const;
type FontName = keyof typeof FONT_FILES;

interface ParsedFont {
  layout: unknown;
  _glyphs?: Record<number, unknown>;
}
let parsed: Record<FontName, ParsedFont | string> | undefined;
/**
 * The fonts, parsed once and shared by every document: pdfkit accepts a parsed (fontkit) font, and
 * parsing the four files costs ~300 ms of blocked event loop a document otherwise. pdfkit parses a
 * font when a document first selects it, so a probe document that is never written does it; each
 * document still embeds its own subset. Falls back to the file if pdfkit stops exposing the font.
 */
function fonts(): Record<FontName, ParsedFont | string> {
  if (!parsed) {
    const probe = new PDFDocument({ autoFirstPage: false });
    const entries = Object.entries(FONT_FILES).map(([name, file]) => {
      const path = require.resolve(file);
      probe.registerFont(name, path).font(name);
      const font = (probe as unknown as { _font?: { font?: ParsedFont } })._font?.font;
      return [name, typeof font?.layout === "function" ? font : path];
    });
    parsed = Object.fromEntries(entries) as Record<FontName, ParsedFont | string>;
  }
  // fontkit keeps each glyph with the characters it was first made for; writing a subset makes the
  // parts of composite glyphs (the "e" of "ệ") with none, which would leave those letters without
  // text in the next document. Each document starts with an empty glyph cache (tables stay parsed).
  for (const font of Object.values(parsed)) if (typeof font !== "string" && font._glyphs) font._glyphs = {};
  return parsed;
}

const MM = 72 / 25.4;
const SIZE = { header: 12.5, motto: 13.5, title: 14, body: 13.5, table: 11.5, note: 10.5 };
const fontOf = (cell: { bold?: boolean; italic?: boolean }): FontName =>
  cell.bold ? (cell.italic ? "boldItalic" : "bold") : cell.italic ? "italic" : "serif";

/**
 * Draws an administrative document under Decree 30/2020/NĐ-CP on A4: issuing bodies and number top
 * left, national name and motto top right, place and date, title, body with tables, signature block
 * on the right and the distribution list on the left. Margins 20 mm top and bottom, 30 mm left,
 * 20 mm right; pages from the second are numbered at the top.
 */
export function renderDocumentPdf(d: OfficialDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 20 * MM },
    info: { Title: d.fileTitle, Author: d.unitName },
    lang: "vi-VN",
    bufferPages: true,
  } as PDFKit.PDFDocumentOptions);
  for (const [name, font] of Object.entries(fonts()))
    doc.registerFont(name, font as PDFKit.Mixins.PDFFontSource);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const leftCol = width * 0.42;
  const rightCol = width - leftCol;
  const top = doc.page.margins.top;
  doc.fillColor("#000000").strokeColor("#000000");

  // Top left: supervising body, issuing unit (bold, a short rule under it), number and symbol.
  doc.fontSize(SIZE.header);
  if (d.parentUnitName) {
    doc
      .font("serif")
      .text(d.parentUnitName.toLocaleUpperCase("vi"), left, top, { width: leftCol - 4, align: "center" });
  }
  doc.font("bold").text(d.unitName.toLocaleUpperCase("vi"), left, d.parentUnitName ? doc.y : top, {
    width: leftCol - 4,
    align: "center",
  });
  const ruleY = doc.y + 2;
  doc
    .moveTo(left + (leftCol - 4) * 0.3, ruleY)
    .lineTo(left + (leftCol - 4) * 0.7, ruleY)
    .lineWidth(0.6)
    .stroke();
  doc
    .font("serif")
    .fontSize(13)
    .text(`Số: ${d.number}`, left, ruleY + 8, { width: leftCol - 4, align: "center" });
  const leftBottom = doc.y;

  // Top right: national name and motto, underlined as long as the motto, then place and date.
  // The national name stays on one line: a long face at 12.5 pt may need a touch smaller.
  const nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
  const nationWidth = doc.font("bold").fontSize(SIZE.header).widthOfString(nation);
  doc
    .fontSize(Math.min(SIZE.header, (SIZE.header * (rightCol - 4)) / nationWidth))
    .text(nation, left + leftCol, top, { width: rightCol, align: "center" });
  doc
    .font("bold")
    .fontSize(SIZE.motto)
    .text("Độc lập - Tự do - Hạnh phúc", { width: rightCol, align: "center" });
  const mottoY = doc.y + 2;
  const mottoWidth = doc.widthOfString("Độc lập - Tự do - Hạnh phúc");
  const mottoLeft = left + leftCol + (rightCol - mottoWidth) / 2;
  doc
    .moveTo(mottoLeft, mottoY)
    .lineTo(mottoLeft + mottoWidth, mottoY)
    .lineWidth(0.6)
    .stroke();
  doc
    .font("italic")
    .fontSize(13)
    .text(d.placeDate, left + leftCol, mottoY + 8, { width: rightCol, align: "center" });

  doc.y = Math.max(leftBottom, doc.y) + 18;
  if (d.draft) {
    const label = "DỰ THẢO";
    doc.font("bold").fontSize(13);
    const w = doc.widthOfString(label) + 16;
    const x = left + (width - w) / 2;
    doc.rect(x, doc.y, w, 22).lineWidth(1).stroke();
    doc.text(label, x, doc.y + 3, { width: w, align: "center" });
    doc.y += 10;
  }
  doc.font("bold").fontSize(SIZE.title).text(d.title, left, doc.y, { width, align: "center" });
  for (const line of d.subtitle) doc.font("bold").fontSize(SIZE.motto).text(line, { width, align: "center" });
  const titleRuleY = doc.y + 3;
  doc
    .moveTo(left + width * 0.4, titleRuleY)
    .lineTo(left + width * 0.6, titleRuleY)
    .lineWidth(0.6)
    .stroke();
  doc.y = titleRuleY + 10;
  if (d.recipient) {
    doc.font("serif").fontSize(SIZE.body).text(d.recipient, left, doc.y, { width, align: "center" });
    doc.moveDown(0.5);
  }

  for (const block of d.blocks) drawBlock(doc, block, left, width, bottom);

  // Signature block on the right, distribution list on the left at the same height; kept together.
  doc.moveDown(0.8);
  if (doc.y + 150 > bottom()) doc.addPage();
  const blockY = doc.y;
  doc
    .font("bold")
    .fontSize(SIZE.title)
    .text(d.signer.position.toLocaleUpperCase("vi"), left + leftCol, blockY, {
      width: rightCol,
      align: "center",
    });
  doc
    .font("italic")
    .fontSize(12)
    .text("(Ký, ghi rõ họ tên và đóng dấu)", { width: rightCol, align: "center" });
  doc.moveDown(4);
  if (d.signer.name)
    doc.font("bold").fontSize(SIZE.title).text(d.signer.name, { width: rightCol, align: "center" });
  doc.font("boldItalic").fontSize(12).text("Nơi nhận:", left, blockY, { width: leftCol });
  doc.font("serif").fontSize(11);
  for (const line of d.distribution) doc.text(line, { width: leftCol });

  const pages = doc.bufferedPageRange();
  for (let i = pages.start + 1; i < pages.start + pages.count; i++) {
    doc.switchToPage(i);
    doc
      .font("serif")
      .fontSize(12)
      .text(String(i + 1), left, 10 * MM, { width, align: "center", lineBreak: false });
  }
  doc.end();
  return done;
}

function drawBlock(doc: PDFKit.PDFDocument, block: Block, left: number, width: number, bottom: () => number) {
  switch (block.kind) {
    case "heading":
      // A heading is never left alone at the foot of a page: room for a few lines or a table's top.
      if (doc.y + 110 > bottom()) doc.addPage();
      doc.moveDown(0.3);
      doc.font("bold").fontSize(SIZE.body).text(block.text, left, doc.y, { width, align: "left" });
      doc.moveDown(0.2);
      return;
    case "paragraph":
      doc.font(block.italic ? "italic" : "serif").fontSize(SIZE.body);
      justified(doc, block.text, left, width, bottom);
      return;
    case "note":
      doc
        .font("italic")
        .fontSize(SIZE.note)
        .text(block.text, left, doc.y, { width, align: "left", paragraphGap: 2 });
      return;
    case "table":
      drawTable(doc, block, left, width, bottom);
      return;
  }
}

const INDENT = 28;
const LINE_GAP = 2;
const PARAGRAPH_GAP = 4;

/**
 * A body paragraph, justified as Decree 30 asks, first line indented. Drawn word by word, each with
 * its space: pdfkit's own justification leaves the spaces out and readers then lose the space after
 * a letter with a diacritic ("quảkhảo") when the text is searched or copied.
 */
function justified(doc: PDFKit.PDFDocument, text: string, left: number, width: number, bottom: () => number) {
  const words = text.split(/\s+/).filter(Boolean);
  const space = doc.widthOfString(" ");
  const lineHeight = doc.currentLineHeight(true) + LINE_GAP;
  let y = doc.y;
  let first = true;
  while (words.length > 0) {
    const x = left + (first ? INDENT : 0);
    const room = width - (first ? INDENT : 0);
    const line: { word: string; width: number }[] = [];
    let used = 0;
    while (words.length > 0) {
      const w = doc.widthOfString(words[0]!);
      if (line.length > 0 && used + space + w > room) break;
      used += (line.length > 0 ? space : 0) + w;
      line.push({ word: words.shift()!, width: w });
    }
    if (y + lineHeight > bottom()) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    const last = words.length === 0;
    if (last || line.length === 1) {
      doc.text(line.map((l) => l.word).join(" "), x, y, { lineBreak: false });
    } else {
      const gap = (room - line.reduce((sum, l) => sum + l.width, 0)) / (line.length - 1);
      let at = x;
      for (const [i, l] of line.entries()) {
        doc.text(i < line.length - 1 ? `${l.word} ` : l.word, at, y, { lineBreak: false });
        at += l.width + gap;
      }
    }
    y += lineHeight;
    first = false;
  }
  doc.x = left;
  doc.y = y + PARAGRAPH_GAP;
}

// Wide tables (the period's months) take a smaller size so that their headers break between words.
const tableSize = (columns: number) => (columns > 5 ? { size: 10, pad: 3 } : { size: SIZE.table, pad: 4 });

function drawTable(
  doc: PDFKit.PDFDocument,
  block: Extract<Block, { kind: "table" }>,
  left: number,
  width: number,
  bottom: () => number,
) {
  const widths = block.columns.map((c) => c.width * width);
  const { size, pad: PAD } = tableSize(block.columns.length);
  // Cells of a row with their x and width (a cell may span several columns).
  const layout = (row: Cell[]) => {
    let column = 0;
    return row.map((cell) => {
      const span = cell.span ?? 1;
      const x = left + widths.slice(0, column).reduce((a, b) => a + b, 0);
      const w = widths.slice(column, column + span).reduce((a, b) => a + b, 0);
      const align: Align = cell.align ?? block.columns[column]?.align ?? "left";
      column += span;
      return { cell, x, w, align };
    });
  };
  const measure = (row: Cell[]) => {
    const cells = layout(row).map((c) => {
      doc.font(fontOf(c.cell)).fontSize(size);
      return { ...c, h: doc.heightOfString(c.cell.text || " ", { width: c.w - 2 * PAD }) };
    });
    return { cells, height: Math.max(...cells.map((c) => c.h)) + 2 * PAD };
  };
  const draw = (row: Cell[], y: number) => {
    const { cells, height } = measure(row);
    for (const c of cells) {
      doc.rect(c.x, y, c.w, height).lineWidth(0.5).stroke();
      doc
        .font(fontOf(c.cell))
        .fontSize(size)
        .text(c.cell.text, c.x + PAD, y + (height - c.h) / 2, { width: c.w - 2 * PAD, align: c.align });
    }
    return y + height;
  };
  const header: Cell[] = block.columns.map((c) => ({ text: c.label, bold: true, align: "center" }));
  const rows = block.rows;
  // The lead-in line and the header row are never alone at the foot of a page.
  doc.font("serif").fontSize(SIZE.body);
  const caption = block.caption ? doc.heightOfString(block.caption, { width, indent: INDENT }) + 4 : 0;
  if (doc.y + caption + 4 + measure(header).height + (rows[0] ? measure(rows[0]).height : 0) > bottom())
    doc.addPage();
  if (block.caption) drawBlock(doc, { kind: "paragraph", text: block.caption }, left, width, bottom);
  let y = doc.y + 4;
  y = draw(header, y);
  for (const row of rows) {
    if (y + measure(row).height > bottom()) {
      doc.addPage();
      y = doc.page.margins.top;
      y = draw(header, y); // repeated on the new page
    }
    y = draw(row, y);
  }
  doc.x = left;
  doc.y = y + 6;
}
