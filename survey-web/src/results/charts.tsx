import { type ReactNode, useId, useState } from "react";
import { rt } from "./messages";

export interface Bar {
  label: string;
  /** Length as a share of the full width (0-1); null draws no bar (no data or hidden). */
  value: number | null;
  /** The figure written next to the bar. */
  text: ReactNode;
}

/**
 * A horizontal bar chart made of plain boxes: each row has its label and figure written out, the
 * bar below them, so that it reads at 320 px and at 200% zoom. Hidden from assistive technology:
 * the table next to it says the same.
 */
function Bars({ bars, marker }: { bars: Bar[]; marker?: number | undefined }) {
  return (
    <div className="bars" aria-hidden="true">
      {bars.map((bar) => (
        <div className="bar-row" key={bar.label}>
          <div className="bar-head">
            <span>{bar.label}</span>
            <span className="bar-text">{bar.text}</span>
          </div>
          <div className="bar-track">
            {bar.value !== null && (
              <div className="bar-fill" style={{ width: `${Math.max(0, Math.min(1, bar.value)) * 100}%` }} />
            )}
            {marker !== undefined && <div className="bar-marker" style={{ left: `${marker * 100}%` }} />}
          </div>
        </div>
      ))}
    </div>
  );
}

export interface TableData {
  head: string[];
  /** First cell of each row is its header. */
  rows: ReactNode[][];
}

export function DataTable({ caption, data }: { caption: string; data: TableData }) {
  return (
    <table className="data">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {data.head.map((h) => (
            <th scope="col" key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {data.rows.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are fixed for a page
          <tr key={i}>
            <th scope="row">{row[0]}</th>
            {row.slice(1).map((cell, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed
              <td key={j}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A chart with its caption and its data table, hidden on screen until asked for, always printed. */
export function Chart({
  caption,
  bars,
  marker,
  table,
  captionHidden,
}: {
  caption: string;
  bars: Bar[];
  marker?: number | undefined;
  table: TableData;
  /** When a heading right above already names the chart on screen. */
  captionHidden?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <figure className="chart">
      <figcaption className={captionHidden ? "visually-hidden" : undefined}>{caption}</figcaption>
      <Bars bars={bars} marker={marker} />
      <button
        type="button"
        className="link-button table-toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        {rt(open ? "hideTable" : "showTable")}
      </button>
      <div id={id} className={open ? "table-box" : "table-box visually-hidden"}>
        <DataTable caption={caption} data={table} />
      </div>
    </figure>
  );
}
