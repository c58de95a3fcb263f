import { apiFetch } from "../../api/client";

export const CALENDAR_KINDS = ["holiday", "day_off", "working_day"] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];

/** Where a day comes from: the national calendar, a unit above, or the unit itself. */
export type CalendarSource = "national" | "inherited" | "own";

export interface CalendarDay {
  id: string;
  /** YYYY-MM-DD */
  day: string;
  kind: CalendarKind;
  name: string;
  source: CalendarSource;
  unitName: string | null;
}

export interface NewCalendarDay {
  day: string;
  kind: CalendarKind;
  name: string;
}

const calendarPath = (unitId: string) => `/api/admin/units/${encodeURIComponent(unitId)}/calendar`;

export function fetchCalendar(unitId: string, year: number): Promise<{ year: number; items: CalendarDay[] }> {
  return apiFetch(`${calendarPath(unitId)}?year=${year}`);
}

export function addCalendarDay(unitId: string, input: NewCalendarDay): Promise<{ id: string }> {
  return apiFetch(calendarPath(unitId), { method: "POST", body: input });
}

export function removeCalendarDay(unitId: string, id: string): Promise<void> {
  return apiFetch(`${calendarPath(unitId)}/${encodeURIComponent(id)}`, { method: "DELETE" });
}
