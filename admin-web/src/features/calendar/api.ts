import { apiFetch } from "../../api/client";
import type { PetitionKind } from "../petitions/api";

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

/** How a time limit is counted: working days (the calendar above) or plain days. */
export type LimitUnit = "working" | "calendar";
export interface Limit {
  days: number;
  unit: LimitUnit;
}
export const STEPS = ["acknowledge", "answer"] as const;
export type Step = (typeof STEPS)[number];
export const TARGET_NAMES = ["answered", "onTime", "early", "satisfied"] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** The settings that apply to a unit: its own, else those of the nearest unit above that has some. */
export interface PetitionSettings {
  rules: Partial<Record<PetitionKind, Partial<Record<Step, Limit>>>>;
  /** Shares between 0 and 1; a target not listed is the default. */
  targets: Partial<Record<TargetName, number>>;
}

export interface PetitionSettingsView extends PetitionSettings {
  /** The time limits set by law: the longest a unit may keep. */
  legal: Record<PetitionKind, Record<Step, Limit>>;
  defaultTargets: Record<TargetName, number>;
}

/** A unit's own settings; `null` drops them so the unit inherits again. */
export interface PetitionSettingsInput {
  rules: PetitionSettings["rules"] | null;
  targets: PetitionSettings["targets"] | null;
}

const settingsPath = (unitId: string) => `/api/admin/units/${encodeURIComponent(unitId)}/petition-settings`;

export function fetchPetitionSettings(unitId: string): Promise<PetitionSettingsView> {
  return apiFetch(settingsPath(unitId));
}

export function savePetitionSettings(
  unitId: string,
  input: PetitionSettingsInput,
): Promise<PetitionSettings> {
  return apiFetch(settingsPath(unitId), { method: "PUT", body: input });
}
