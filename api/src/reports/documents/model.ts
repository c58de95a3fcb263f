/**
 * An administrative document (Decree 30/2020/NĐ-CP) as content, apart from how it is drawn: the PDF
 * and the DOCX renderers take the same model, so both files always say the same thing.
 */

export type Align = "left" | "center" | "right";

export interface Cell {
  text: string;
  bold?: boolean;
  italic?: boolean;
  align?: Align;
  /** Columns the cell covers (default 1). */
  span?: number;
}

export interface Column {
  label: string;
  /** Share of the table's width; the shares of a table add up to 1. */
  width: number;
  align?: Align;
}

export type Block =
  /** A numbered section heading, e.g. "1. Mức độ hài lòng". */
  | { kind: "heading"; text: string }
  | { kind: "paragraph"; text: string; italic?: boolean }
  /** A table under its lead-in line (kept on the same page); the columns' labels make its header row. */
  | { kind: "table"; caption?: string; columns: Column[]; rows: Cell[][] }
  /** A footnote under a table (what "< 5" means). */
  | { kind: "note"; text: string };

export interface OfficialDocument {
  /** The PDF's title metadata and the DOCX's title property. */
  fileTitle: string;
  /** Supervising body, printed upper case above the unit; absent for a top-level unit. */
  parentUnitName: string | null;
  unitName: string;
  /** "Số: …" without the "Số: " prefix, e.g. "……/TB-THCK". */
  number: string;
  /** "Cự Khê, ngày 30 tháng 11 năm 2026" or with blanks to fill by hand. */
  placeDate: string;
  /** A draft for review: marked "DỰ THẢO" above the title. */
  draft: boolean;
  /** The document kind, upper case: "THÔNG BÁO", "BÁO CÁO". */
  title: string;
  /** The excerpt under the title (one or more lines). */
  subtitle: string[];
  /** "Kính gửi: …" line, when addressed. */
  recipient: string | null;
  blocks: Block[];
  signer: { position: string; name: string | null };
  /** The "Nơi nhận:" list, each entry with its leading dash and final punctuation. */
  distribution: string[];
}
