import { monthBounds } from "../../petitions/figures.ts";
import type { PublicMonthFigures } from "../disclosure.ts";
import { SMALL_CELL_LABEL } from "../satisfaction-index.ts";
import type { PublicCell, SummaryFigures } from "../summary.ts";
import { count, dayLabel, monthLabel, percent } from "./format.ts";
import type { Block, Cell, OfficialDocument } from "./model.ts";

/** Who issues the document and how its header and signature read. */
export interface DocumentHeading {
  parentUnitName: string | null;
  unitName: string;
  /** The number and symbol, e.g. "……/TB-THCK". */
  number: string;
  placeDate: string;
  signer: { position: string; name: string | null };
}

/** One published (or draft) monthly summary as the documents read it. */
export interface MonthSummary {
  month: string;
  figures: SummaryFigures;
  commentary: string;
  /** Null for a draft. */
  revision: number | null;
  changes: string | null;
}

const ELEMENTS: Record<string, string> = {
  access: "Tiếp cận dịch vụ",
  procedure: "Thủ tục hành chính",
  staff: "Công chức giải quyết công việc",
  result: "Kết quả cung ứng dịch vụ",
  feedback: "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
  facilities: "Cơ sở vật chất",
  environment: "Môi trường giáo dục",
  activities: "Hoạt động giáo dục",
  outcomes: "Kết quả giáo dục",
  overall: "Đánh giá chung",
};
const NOTE_SMALL = `${SMALL_CELL_LABEL}: không công bố vì có nhóm dưới 5 người; số này cũng không suy ra được từ các số đã công bố.`;
const NOTE_ON_TIME =
  "Tỷ lệ trả lời đúng hạn = số trả lời trước hạn và đúng hạn / (số đã trả lời + số quá hạn chưa trả lời).";

const pct = (share: number | null, none = "—") => (share === null ? none : percent(share));
const cellCount = (cell: PublicCell) => (cell.count !== null ? count(cell.count) : SMALL_CELL_LABEL);
const responses = (n: number | null) => (n === null ? SMALL_CELL_LABEL : count(n));
const verdict = (met: boolean | null) =>
  met === null ? "Chưa có số liệu" : met ? "Đạt mục tiêu" : "Chưa đạt mục tiêu";
const row = (label: string, value: string, bold = false): Cell[] => [
  { text: label, bold },
  { text: value, bold, align: "center" },
];
const paragraphs = (text: string): Block[] =>
  text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({ kind: "paragraph", text: p }));

/** "đến hết tháng 11/2026" for a finished month, else "đến ngày 23/11/2026". */
function asOfText(f: SummaryFigures): string {
  const { end } = monthBounds(f.month);
  return new Date(f.asOf) >= end ? `đến hết tháng ${monthLabel(f.month)}` : `đến ngày ${dayLabel(f.asOf)}`;
}

function satisfactionBlocks(f: SummaryFigures): Block[] {
  const blocks: Block[] = [];
  if (f.surveys.length === 0) {
    blocks.push({ kind: "paragraph", text: "Trong tháng không có phiếu khảo sát nào." });
    return blocks;
  }
  blocks.push({
    kind: "table",
    columns: [
      { label: "Nội dung", width: 0.62 },
      { label: "Kết quả", width: 0.38, align: "center" },
    ],
    rows: [
      row("Chỉ số hài lòng chung", pct(f.satisfaction.index, "chưa đủ phiếu để tính"), true),
      row("Mục tiêu", percent(f.satisfaction.target)),
      row("Đánh giá", verdict(f.satisfaction.met)),
      row("Tổng số phiếu trả lời", responses(f.satisfaction.responses)),
    ],
  });
  const rows: Cell[][] = [];
  for (const s of f.surveys) {
    rows.push([
      { text: s.title.vi, bold: true },
      { text: responses(s.responses), bold: true, align: "center" },
      { text: pct(s.index), bold: true, align: "center" },
    ]);
    for (const e of s.elements) {
      rows.push([
        { text: `- ${ELEMENTS[e.element] ?? e.element}${e.smallSample ? " (mẫu nhỏ)" : ""}` },
        { text: "", align: "center" },
        { text: pct(e.index), align: "center" },
      ]);
    }
  }
  blocks.push({
    kind: "table",
    caption: "Kết quả theo từng khảo sát và từng yếu tố:",
    columns: [
      { label: "Khảo sát, yếu tố", width: 0.6 },
      { label: "Số phiếu", width: 0.16, align: "center" },
      { label: "Chỉ số hài lòng", width: 0.24, align: "center" },
    ],
    rows,
  });
  const channels = f.surveys.flatMap((s) =>
    s.channels.map((c) => ({ survey: s.title.vi, channel: c.channel, cell: c })),
  );
  if (channels.length > 0) {
    const many = f.surveys.filter((s) => s.channels.length > 0).length > 1;
    blocks.push({
      kind: "table",
      caption: "Số phiếu theo kênh thu thập:",
      columns: [
        { label: "Kênh", width: 0.7 },
        { label: "Số phiếu", width: 0.3, align: "center" },
      ],
      rows: channels.map((c) => row(many ? `${c.survey}: ${c.channel}` : c.channel, cellCount(c.cell))),
    });
  }
  const cells = channels.map((c) => c.cell);
  const anySmall =
    f.satisfaction.responses === null ||
    f.surveys.some((s) => s.responses === null) ||
    cells.some((c) => c.suppressed);
  if (anySmall) blocks.push({ kind: "note", text: NOTE_SMALL });
  const excluded = f.surveys.reduce((sum, s) => sum + (s.review?.excluded ?? 0), 0);
  if (excluded > 0)
    blocks.push({
      kind: "note",
      text: `Không tính ${count(excluded)} phiếu đã bị loại sau khi nhà trường xem xét (gửi hàng loạt bất thường từ cùng một nơi).`,
    });
  return blocks;
}

function satisfiedText(p: { rated: number; satisfied: number | null }): string {
  if (p.rated === 0) return "chưa có lượt đánh giá";
  if (p.satisfied === null)
    return `${count(p.rated)} lượt đánh giá (dưới 5 lượt: không công bố tỷ lệ để không ai bị nhận ra)`;
  return `${count(p.satisfied)}/${count(p.rated)} lượt đánh giá (${percent(p.satisfied / p.rated)})`;
}

function petitionBlocks(p: PublicMonthFigures): Block[] {
  return [
    {
      kind: "table",
      columns: [
        { label: "Nội dung", width: 0.62 },
        { label: "Kết quả", width: 0.38, align: "center" },
      ],
      rows: [
        row("Số phản ánh, kiến nghị tiếp nhận trong tháng", count(p.received)),
        row("Số đã trả lời trong tháng", count(p.answered)),
        row("- Trả lời trước hạn", count(p.early)),
        row("- Trả lời đúng hạn", count(p.onTime)),
        row("- Trả lời trễ hạn", count(p.late)),
        row("Quá hạn, chưa trả lời (cuối tháng)", count(p.openOverdue)),
        row("Tỷ lệ trả lời đúng hạn", pct(p.onTimeRate), true),
        row("Tỷ lệ trả lời trước hạn", pct(p.earlyRate)),
        row("Hài lòng với câu trả lời", satisfiedText(p)),
      ],
    },
    { kind: "note", text: NOTE_ON_TIME },
  ];
}

function procedureBlocks(p: NonNullable<SummaryFigures["procedures"]>): Block[] {
  const resolved = p.resolvedEarly + p.resolvedOnTime + p.resolvedLate;
  return [
    {
      kind: "table",
      columns: [
        { label: "Nội dung", width: 0.62 },
        { label: "Kết quả", width: 0.38, align: "center" },
      ],
      rows: [
        row("Hồ sơ tiếp nhận", count(p.received)),
        row("Giải quyết trước hạn", count(p.resolvedEarly)),
        row("Giải quyết đúng hạn", count(p.resolvedOnTime)),
        row("Giải quyết trễ hạn", count(p.resolvedLate)),
        row(
          "Tỷ lệ giải quyết đúng hạn",
          pct(resolved === 0 ? null : (p.resolvedEarly + p.resolvedOnTime) / resolved),
          true,
        ),
      ],
    },
  ];
}

/** Numbers the section headings in order: "1. …", "2. …". */
function numbered(sections: [string, Block[]][]): Block[] {
  return sections.flatMap(([title, blocks], i) => [
    { kind: "heading", text: `${i + 1}. ${title}` } as Block,
    ...blocks,
  ]);
}

/**
 * The monthly public notice: satisfaction (overall, per survey and element, per channel), petitions
 * (received, answered early / on time / late, open overdue, rates, satisfaction with answers),
 * administrative procedures when typed in, the reviewer's commentary and excerpts. Figures only
 * from the summary, which holds no personal data and has its small cells suppressed already.
 */
export function noticeDocument(heading: DocumentHeading, summary: MonthSummary): OfficialDocument {
  const f = summary.figures;
  const month = monthLabel(summary.month);
  const sections: [string, Block[]][] = [
    ["Mức độ hài lòng của cha mẹ học sinh, người dân", satisfactionBlocks(f)],
    ["Tiếp nhận, xử lý phản ánh, kiến nghị", petitionBlocks(f.petitions)],
  ];
  if (f.procedures) sections.push(["Giải quyết thủ tục hành chính", procedureBlocks(f.procedures)]);
  const remarks = paragraphs(summary.commentary);
  if (f.excerpts.length > 0) {
    remarks.push({
      kind: "paragraph",
      text: "Một số ý kiến của cha mẹ học sinh, người dân (đã lược bỏ thông tin cá nhân):",
    });
    for (const e of f.excerpts) remarks.push({ kind: "paragraph", text: `- “${e}”` });
  }
  if (remarks.length > 0) sections.push(["Nhận xét, đánh giá", remarks]);

  const blocks: Block[] = [];
  if (summary.revision !== null && summary.revision > 1) {
    blocks.push({
      kind: "paragraph",
      italic: true,
      text: `Thông báo này đính chính số liệu đã công bố (lần ${summary.revision})${summary.changes ? `: ${summary.changes}` : "."}`,
    });
  }
  blocks.push({
    kind: "paragraph",
    text: `${heading.unitName} thông báo kết quả tiếp nhận, xử lý phản ánh, kiến nghị và kết quả khảo sát mức độ hài lòng của cha mẹ học sinh, người dân tháng ${month} (số liệu tính ${asOfText(f)}) như sau:`,
  });
  blocks.push(...numbered(sections));
  blocks.push({
    kind: "paragraph",
    text: `Trên đây là thông báo kết quả tháng ${month} của ${heading.unitName}./.`,
  });

  return {
    fileTitle: `Thông báo kết quả tháng ${month} — ${heading.unitName}`,
    parentUnitName: heading.parentUnitName,
    unitName: heading.unitName,
    number: heading.number,
    placeDate: heading.placeDate,
    draft: summary.revision === null,
    title: "THÔNG BÁO",
    subtitle: [`Kết quả tiếp nhận, xử lý phản ánh, kiến nghị và mức độ hài lòng tháng ${month}`],
    recipient: null,
    blocks,
    signer: heading.signer,
    distribution: ["- Như trên;", "- Lưu: VT."],
  };
}

/** A month of a period: its latest published summary, or none yet. */
export interface PeriodMonth {
  month: string;
  summary: MonthSummary | null;
}

export interface PeriodTotals {
  /** Responses of the published months; `more` when some month's count was suppressed. */
  responses: { known: number; more: boolean };
  /** Responses-weighted mean of the months' indices; null when no month has one. */
  index: number | null;
  received: number;
  answered: number;
  early: number;
  onTime: number;
  late: number;
  /** Open and overdue at the end of the last published month (a state, not a sum). */
  openOverdue: number;
  onTimeRate: number | null;
  rated: number;
  satisfied: number;
  /** The target of the last published month. */
  target: number | null;
}

/** The period's totals from its published months: counts summed, the index weighted by responses. */
export function periodTotals(months: PeriodMonth[]): PeriodTotals {
  const published = months.flatMap((m) => (m.summary ? [m.summary.figures] : []));
  const sum = (pick: (f: SummaryFigures) => number) => published.reduce((s, f) => s + pick(f), 0);
  const scored = published.filter((f) => f.satisfaction.index !== null && f.satisfaction.responses !== null);
  const weight = scored.reduce((s, f) => s + f.satisfaction.responses!, 0);
  const last = published.at(-1);
  const answered = sum((f) => f.petitions.answered);
  const early = sum((f) => f.petitions.early);
  const onTime = sum((f) => f.petitions.onTime);
  const openOverdue = last?.petitions.openOverdue ?? 0;
  // A case withdrawn when already overdue counts late (see monthFigures); older revisions lack the count.
  const denominator = answered + sum((f) => f.petitions.withdrawnLate ?? 0) + openOverdue;
  return {
    responses: {
      known: sum((f) => f.satisfaction.responses ?? 0),
      more: published.some((f) => f.satisfaction.responses === null),
    },
    index:
      weight === 0
        ? null
        : scored.reduce((s, f) => s + f.satisfaction.index! * f.satisfaction.responses!, 0) / weight,
    received: sum((f) => f.petitions.received),
    answered,
    early,
    onTime,
    late: sum((f) => f.petitions.late),
    openOverdue,
    onTimeRate: denominator === 0 ? null : (early + onTime) / denominator,
    // Only the months whose split was published: adding a withheld month's ratings would publish it.
    rated: sum((f) => (f.petitions.satisfied === null ? 0 : f.petitions.rated)),
    satisfied: sum((f) => f.petitions.satisfied ?? 0),
    target: last?.satisfaction.target ?? null,
  };
}

const NOT_PUBLISHED = "chưa công bố";

/**
 * The quarterly or yearly report to the supervising level: one row per month from the latest
 * published summaries (months not published say so), the period's totals, satisfaction with the
 * answers, procedures when any month has them, and each month's commentary.
 */
export function periodReportDocument(
  heading: DocumentHeading,
  label: string,
  months: PeriodMonth[],
): OfficialDocument {
  const totals = periodTotals(months);
  const cols = [
    { label: "Tháng", width: 0.11 },
    { label: "Số phiếu", width: 0.1 },
    { label: "Chỉ số hài lòng", width: 0.1 },
    { label: "PAKN tiếp nhận", width: 0.1 },
    { label: "Đã trả lời", width: 0.09 },
    { label: "Trước hạn", width: 0.1 },
    { label: "Đúng hạn", width: 0.09 },
    { label: "Trễ hạn", width: 0.09 },
    { label: "Quá hạn chưa trả lời", width: 0.1 },
    { label: "Tỷ lệ đúng hạn", width: 0.12 },
  ].map((c) => ({ ...c, align: "center" as const }));
  const rows: Cell[][] = [];
  const center = (text: string, bold = false): Cell => ({ text, align: "center", bold });
  for (const m of months) {
    if (!m.summary) {
      rows.push([
        center(monthLabel(m.month)),
        { text: NOT_PUBLISHED, italic: true, align: "center", span: cols.length - 1 },
      ]);
      continue;
    }
    const f = m.summary.figures;
    const p = f.petitions;
    rows.push([
      center(monthLabel(m.month)),
      center(responses(f.satisfaction.responses)),
      center(pct(f.satisfaction.index)),
      center(count(p.received)),
      center(count(p.answered)),
      center(count(p.early)),
      center(count(p.onTime)),
      center(count(p.late)),
      center(count(p.openOverdue)),
      center(pct(p.onTimeRate)),
    ]);
  }
  const anyPublished = months.some((m) => m.summary);
  const totalResponses = totals.responses.more
    ? `> ${count(totals.responses.known)}`
    : count(totals.responses.known);
  rows.push(
    anyPublished
      ? [
          center("Cộng", true),
          center(totalResponses, true),
          center(pct(totals.index), true),
          center(count(totals.received), true),
          center(count(totals.answered), true),
          center(count(totals.early), true),
          center(count(totals.onTime), true),
          center(count(totals.late), true),
          center(count(totals.openOverdue), true),
          center(pct(totals.onTimeRate), true),
        ]
      : [center("Cộng", true), { text: NOT_PUBLISHED, italic: true, align: "center", span: cols.length - 1 }],
  );

  const monthly: Block[] = [
    { kind: "table", columns: cols, rows },
    {
      kind: "note",
      text: "Chỉ số hài lòng của kỳ: trung bình chỉ số các tháng, theo trọng số số phiếu. Quá hạn chưa trả lời: tại cuối tháng; dòng Cộng lấy số của tháng cuối cùng đã công bố.",
    },
    { kind: "note", text: NOTE_ON_TIME },
  ];
  const published = months.flatMap((m) => (m.summary ? [m.summary] : []));
  if (published.some((s) => s.figures.satisfaction.responses === null))
    monthly.push({ kind: "note", text: NOTE_SMALL });

  const sections: [string, Block[]][] = [["Kết quả theo tháng", monthly]];
  sections.push([
    "Mức độ hài lòng",
    [
      {
        kind: "paragraph",
        text:
          totals.index === null
            ? `Chỉ số hài lòng ${label}: chưa đủ phiếu để tính.`
            : `Chỉ số hài lòng ${label}: ${percent(totals.index)}${
                totals.target === null
                  ? "."
                  : ` (mục tiêu ${percent(totals.target)}: ${totals.index >= totals.target ? "đạt" : "chưa đạt"}).`
              }`,
      },
      {
        kind: "paragraph",
        text: `Hài lòng với câu trả lời phản ánh, kiến nghị: ${satisfiedText(totals)}.`,
      },
    ],
  ]);
  const procedures = published.filter((s) => s.figures.procedures);
  if (procedures.length > 0) {
    const sum = { received: 0, resolvedEarly: 0, resolvedOnTime: 0, resolvedLate: 0 };
    const procRows: Cell[][] = [];
    for (const s of procedures) {
      const p = s.figures.procedures!;
      for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += p[k];
      procRows.push(
        [monthLabel(s.month), p.received, p.resolvedEarly, p.resolvedOnTime, p.resolvedLate].map((v) =>
          center(typeof v === "number" ? count(v) : v),
        ),
      );
    }
    procRows.push(
      ["Cộng", sum.received, sum.resolvedEarly, sum.resolvedOnTime, sum.resolvedLate].map((v) =>
        center(typeof v === "number" ? count(v) : v, true),
      ),
    );
    sections.push([
      "Giải quyết thủ tục hành chính",
      [
        {
          kind: "table",
          columns: [0.2, 0.2, 0.2, 0.2, 0.2].map((width, i) => ({
            label: ["Tháng", "Hồ sơ tiếp nhận", "Trước hạn", "Đúng hạn", "Trễ hạn"][i]!,
            width,
            align: "center" as const,
          })),
          rows: procRows,
        },
      ],
    ]);
  }
  const remarks = published
    .filter((s) => s.commentary.trim())
    .map(
      (s): Block => ({
        kind: "paragraph",
        text: `- Tháng ${monthLabel(s.month)}: ${s.commentary.trim().replace(/\s*\n+\s*/g, " ")}`,
      }),
    );
  if (remarks.length > 0) sections.push(["Nhận xét, đánh giá", remarks]);

  return {
    fileTitle: `Báo cáo ${label} — ${heading.unitName}`,
    parentUnitName: heading.parentUnitName,
    unitName: heading.unitName,
    number: heading.number,
    placeDate: heading.placeDate,
    draft: false,
    title: "BÁO CÁO",
    subtitle: ["Kết quả khảo sát sự hài lòng và tiếp nhận,", `xử lý phản ánh, kiến nghị ${label}`],
    recipient: heading.parentUnitName ? `Kính gửi: ${heading.parentUnitName}.` : null,
    blocks: [
      {
        kind: "paragraph",
        text: `${heading.unitName} báo cáo kết quả khảo sát sự hài lòng của cha mẹ học sinh, người dân và kết quả tiếp nhận, xử lý phản ánh, kiến nghị ${label}, tổng hợp từ các thông báo hằng tháng đã công bố, như sau:`,
      },
      ...numbered(sections),
      { kind: "paragraph", text: `Trên đây là báo cáo ${label} của ${heading.unitName}./.` },
    ],
    signer: heading.signer,
    distribution: [heading.parentUnitName ? `- ${heading.parentUnitName};` : "- Như trên;", "- Lưu: VT."],
  };
}
