import { type MessageKey, t } from "../../i18n";
import type { CalendarKind, DayOrigin } from "./api";

const KIND_KEYS: Record<CalendarKind, MessageKey> = {
  holiday: "calKindHoliday",
  day_off: "calKindDayOff",
  working_day: "calKindWorkingDay",
};

export const kindLabel = (kind: string) => t(KIND_KEYS[kind as CalendarKind] ?? "calKindHoliday");

const ORIGIN_KEYS: Record<DayOrigin, MessageKey> = {
  statutory: "calOriginStatutory",
  announced: "calOriginAnnounced",
  national: "calOriginNational",
};

/** "Theo luật", "Theo thông báo", "Quản trị nền tảng điều chỉnh"; null for a unit's own days. */
export const originLabel = (origin: string | null | undefined): string | null =>
  origin && origin in ORIGIN_KEYS ? t(ORIGIN_KEYS[origin as DayOrigin]) : null;

/** The "Căn cứ" cell: where the day comes from and the text it rests on. */
export function Basis({ origin, reference }: { origin?: string | null; reference?: string | null }) {
  const label = originLabel(origin);
  if (!label && !reference) return <span className="muted">—</span>;
  return (
    <>
      {label && <strong className="basis-origin">{label}</strong>}{" "}
      {reference && <span className="basis-reference">{reference}</span>}
    </>
  );
}
