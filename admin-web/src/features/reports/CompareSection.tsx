import { useState } from "react";
import { ScrollRegion } from "../../components/ScrollRegion";
import { formatPercent, type MessageKey, t } from "../../i18n";
import type { Comparison } from "./api";
import { belowTarget, comparisonCsv, downloadText, type Sort, type SortKey, sortItems } from "./compare";
import { monthText, pct, ResponsesValue } from "./parts";

const COLUMNS: { key: SortKey; label: MessageKey; numeric: boolean }[] = [
  { key: "name", label: "repColSchool", numeric: false },
  { key: "index", label: "repIndex", numeric: true },
  { key: "responses", label: "repResponses", numeric: true },
  { key: "onTime", label: "repOnTimeRate", numeric: true },
  { key: "satisfied", label: "repSatisfiedRate", numeric: true },
  { key: "published", label: "repColPublished", numeric: false },
];

interface Props {
  unit: { slug: string; name: string };
  comparison: Comparison;
  onStatus: (message: string) => void;
}

/** A figure that missed its target says so in words next to it (not by colour only). */
function Below({ missed }: { missed: boolean }) {
  if (!missed) return null;
  return (
    <span className="below-mark">
      <span aria-hidden="true">✗ </span>
      {t("repBelowTarget")}
    </span>
  );
}

/** The supervising level's view: the units directly below side by side, sortable, exportable. */
export function CompareSection({ unit, comparison, onStatus }: Props) {
  const [sort, setSort] = useState<Sort>({ key: "name", direction: "ascending" });
  const items = sortItems(comparison.items, sort);
  const monthName = monthText(comparison.month);

  const onSort = (key: SortKey) => {
    const direction: Sort["direction"] =
      sort.key === key
        ? sort.direction === "ascending"
          ? "descending"
          : "ascending"
        : key === "name"
          ? "ascending"
          : "descending";
    setSort({ key, direction });
    const column = COLUMNS.find((c) => c.key === key)!;
    onStatus(
      t(direction === "ascending" ? "repSortedAscending" : "repSortedDescending", {
        column: t(column.label),
      }),
    );
  };

  const onExport = () => {
    downloadText(
      comparisonCsv(comparison.month, items),
      `so-sanh-${unit.slug}-${comparison.month}.csv`,
      "text/csv;charset=utf-8",
    );
    onStatus(t("repCsvReady"));
  };

  return (
    <section className="panel" aria-labelledby="compare-title">
      <h2 id="compare-title">{t("repCompareTitle")}</h2>
      <p className="muted">{t("repCompareIntro", { unit: unit.name, month: monthName })}</p>
      {items.length === 0 ? (
        <p>{t("repCompareNone")}</p>
      ) : (
        <>
          <p className="hint">{t("repCompareHint")}</p>
          <ScrollRegion labelledBy="compare-caption">
            <table className="data-table report-compare">
              <caption id="compare-caption">{t("repCompareCaption", { month: monthName })}</caption>
              <thead>
                <tr>
                  {COLUMNS.map((column) => (
                    <th
                      key={column.key}
                      scope="col"
                      className={column.numeric ? "num" : undefined}
                      aria-sort={sort.key === column.key ? sort.direction : undefined}
                    >
                      <button type="button" className="sort-button" onClick={() => onSort(column.key)}>
                        {t(column.label)}
                        <span aria-hidden="true" className="sort-mark">
                          {sort.key === column.key ? (sort.direction === "ascending" ? " ▲" : " ▼") : " ↕"}
                        </span>
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {items.map((item) => {
                  const f = item.figures;
                  const below = belowTarget(item);
                  return (
                    <tr key={item.unit.id} className={below ? "below-target" : undefined}>
                      <th scope="row">
                        {item.unit.name}
                        {below && <span className="block small">{t("repRowBelow")}</span>}
                      </th>
                      <td className="num">
                        {pct(f.satisfaction.index, t("repNotEnough"))}
                        <span className="block small muted">
                          {t("repTargetShort", { target: formatPercent(f.satisfaction.target) })}
                        </span>
                        <Below missed={f.satisfaction.met === false} />
                      </td>
                      <td className="num">
                        <ResponsesValue value={f.satisfaction.responses} />
                      </td>
                      <td className="num">
                        {pct(f.petitions.onTimeRate)}
                        <Below missed={f.petitions.targets.onTime === false} />
                      </td>
                      <td className="num">
                        {pct(f.petitions.satisfiedRate)}
                        <Below missed={f.petitions.targets.satisfied === false} />
                      </td>
                      <td>
                        {item.published
                          ? t("repComparePublished", { revision: item.revision ?? 1 })
                          : t("repCompareNotPublished")}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
          <div className="form-actions report-compare-actions">
            <button type="button" className="button" onClick={onExport}>
              {t("repExportCsv")}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
