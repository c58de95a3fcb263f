import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from "docx";
import type { Align, Block, Cell, OfficialDocument } from "./model.ts";

// A4 in twentieths of a point, margins as Decree 30 asks: 20 mm top and bottom, 30 mm left, 20 mm right.
const MM = 1440 / 25.4;
const PAGE = { width: 11906, height: 16838 };
const MARGIN = {
  top: Math.round(20 * MM),
  bottom: Math.round(20 * MM),
  left: Math.round(30 * MM),
  right: Math.round(20 * MM),
};
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const LEFT_COL = Math.round(TEXT_WIDTH * 0.42);
const RIGHT_COL = TEXT_WIDTH - LEFT_COL;
// Font sizes in half-points.
const SIZE = { header: 26, body: 28, table: 23, wideTable: 20, note: 21, small: 24, list: 22 };
// Times New Roman is what Decree 30 documents use in Word; it carries every Vietnamese diacritic.
const FONT = "Times New Roman";

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;
const RULE = { style: BorderStyle.SINGLE, size: 6, color: "000000", space: 1 } as const;

interface Text {
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  size?: number;
}
const run = (t: Text) =>
  new TextRun({
    text: t.text,
    bold: t.bold ?? false,
    italics: t.italic ?? false,
    size: t.size ?? SIZE.body,
    ...(t.underline && { underline: {} }),
  });
const centered = (t: Text, spacing: { before?: number; after?: number } = {}) =>
  new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 0, ...spacing }, children: [run(t)] });
/** A short horizontal rule: an empty paragraph's bottom border, narrowed by its indents. */
const rule = (width: number, share: number) => {
  const side = Math.round((width * (1 - share)) / 2);
  return new Paragraph({
    spacing: { after: 60 },
    indent: { left: side, right: side },
    border: { bottom: RULE },
    children: [],
  });
};
const blankCell = (width: number, children: Paragraph[]) =>
  new TableCell({ width: { size: width, type: WidthType.DXA }, children });
const twoColumns = (leftChildren: Paragraph[], rightChildren: Paragraph[]) =>
  new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [LEFT_COL, RIGHT_COL],
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [
      new TableRow({ children: [blankCell(LEFT_COL, leftChildren), blankCell(RIGHT_COL, rightChildren)] }),
    ],
  });

function header(d: OfficialDocument): Table {
  const left: Paragraph[] = [];
  if (d.parentUnitName)
    left.push(centered({ text: d.parentUnitName.toLocaleUpperCase("vi"), size: SIZE.header }));
  left.push(centered({ text: d.unitName.toLocaleUpperCase("vi"), bold: true, size: SIZE.header }));
  left.push(rule(LEFT_COL, 0.4));
  left.push(centered({ text: `Số: ${d.number}`, size: SIZE.header }));
  const right = [
    centered({ text: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: SIZE.header }),
    centered({ text: "Độc lập - Tự do - Hạnh phúc", bold: true, underline: true, size: SIZE.body }),
    centered({ text: d.placeDate, italic: true, size: SIZE.header }, { before: 160 }),
  ];
  return twoColumns(left, right);
}

function tableBlock(block: Extract<Block, { kind: "table" }>): Table {
  const widths = block.columns.map((c) => Math.round(c.width * TEXT_WIDTH));
  const size = block.columns.length > 5 ? SIZE.wideTable : SIZE.table;
  const cellOf = (cell: Cell, column: number) => {
    const span = cell.span ?? 1;
    const align: Align = cell.align ?? block.columns[column]?.align ?? "left";
    return new TableCell({
      width: { size: widths.slice(column, column + span).reduce((a, b) => a + b, 0), type: WidthType.DXA },
      ...(span > 1 && { columnSpan: span }),
      verticalAlign: VerticalAlignTable.CENTER,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      children: [
        new Paragraph({
          alignment: ALIGN[align],
          spacing: { after: 0 },
          children: [run({ text: cell.text, bold: cell.bold, italic: cell.italic, size })],
        }),
      ],
    });
  };
  const rowOf = (cells: Cell[], tableHeader = false) => {
    let column = 0;
    return new TableRow({
      tableHeader,
      cantSplit: true,
      children: cells.map((cell) => {
        const made = cellOf(cell, column);
        column += cell.span ?? 1;
        return made;
      }),
    });
  };
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      rowOf(
        block.columns.map((c) => ({ text: c.label, bold: true, align: "center" })),
        true,
      ),
      ...block.rows.map((r) => rowOf(r)),
    ],
  });
}

/** A body paragraph: justified, first line indented 1 cm; a table's lead-in stays with the table. */
const paragraph = (text: string, italic: boolean, keepNext = false) =>
  new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: 567 },
    spacing: { after: 80 },
    keepNext,
    children: [run({ text, italic })],
  });

function blockOf(block: Block): (Paragraph | Table)[] {
  switch (block.kind) {
    case "heading":
      return [
        new Paragraph({
          keepNext: true,
          spacing: { before: 160, after: 60 },
          children: [run({ text: block.text, bold: true })],
        }),
      ];
    case "paragraph":
      return [paragraph(block.text, block.italic ?? false)];
    case "note":
      return [
        new Paragraph({
          spacing: { before: 40, after: 40 },
          children: [run({ text: block.text, italic: true, size: SIZE.note })],
        }),
      ];
    case "table":
      return [
        ...(block.caption ? [paragraph(block.caption, false, true)] : []),
        tableBlock(block),
        new Paragraph({ spacing: { after: 60 }, children: [] }),
      ];
  }
}

function signature(d: OfficialDocument): Table {
  const left = [
    new Paragraph({
      spacing: { after: 0 },
      children: [run({ text: "Nơi nhận:", bold: true, italic: true, size: SIZE.small })],
    }),
    ...d.distribution.map(
      (line) => new Paragraph({ spacing: { after: 0 }, children: [run({ text: line, size: SIZE.list })] }),
    ),
  ];
  const right = [
    centered({ text: d.signer.position.toLocaleUpperCase("vi"), bold: true }),
    centered({ text: "(Ký, ghi rõ họ tên và đóng dấu)", italic: true, size: SIZE.small }),
    ...Array.from({ length: 4 }, () => centered({ text: "" })),
    centered({ text: d.signer.name ?? "", bold: true }),
  ];
  return twoColumns(left, right);
}

/** The same document as the PDF, as an editable Word file (A4, Decree 30 layout, Times New Roman). */
export function renderDocumentDocx(d: OfficialDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [header(d)];
  if (d.draft) {
    const side = Math.round((TEXT_WIDTH - 1800) / 2);
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        indent: { left: side, right: side },
        spacing: { before: 240 },
        border: { top: RULE, bottom: RULE, left: RULE, right: RULE },
        children: [run({ text: "DỰ THẢO", bold: true, size: SIZE.header })],
      }),
    );
  }
  children.push(centered({ text: d.title, bold: true }, { before: 240 }));
  for (const line of d.subtitle) children.push(centered({ text: line, bold: true }));
  children.push(rule(TEXT_WIDTH, 0.2));
  if (d.recipient) children.push(centered({ text: d.recipient }, { before: 60, after: 120 }));
  for (const block of d.blocks) children.push(...blockOf(block));
  children.push(new Paragraph({ spacing: { after: 120 }, children: [] }), signature(d));

  const document = new Document({
    title: d.fileTitle,
    creator: d.unitName,
    styles: {
      default: {
        document: { run: { font: FONT, size: SIZE.body }, paragraph: { spacing: { after: 60 } } },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { ...MARGIN, header: Math.round(10 * MM), footer: Math.round(10 * MM) },
          },
        },
        // Pages from the second are numbered at the top, in the middle.
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], size: SIZE.small })],
              }),
            ],
          }),
          first: new Header({ children: [] }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
