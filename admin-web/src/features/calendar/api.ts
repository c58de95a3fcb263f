import { apiFetch } from "../../api/client";
import type { PetitionKind } from "../petitions/api";

export const CALENDAR_KINDS = ["holiday", "day_off", "working_day"] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];

/** Where a day comes from: the national calendar, a unit above, or the unit itself. */
export type CalendarSource = "national" | "inherited" | "own";

/**
 * What a national day rests on: the Labour Code's own rule, a Government announcement, or a
 * correction by the platform superadmin.
 */
export const DAY_ORIGINS = ["statutory", "announced", "national"] as const;
export type DayOrigin = (typeof DAY_ORIGINS)[number];

export interface CalendarDay {
  /** Numeric for a unit's own or inherited day; "national-YYYY-MM-DD" for a national one. */
  id: string;
  /** YYYY-MM-DD */
  day: string;
  kind: CalendarKind;
  name: string;
  source: CalendarSource;
  unitName: string | null;
  /** Null (or absent, from older servers) for a unit's own or inherited day. */
  origin?: DayOrigin | null;
  /** The law or decision the day rests on. */
  reference?: string | null;
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

/** `moved`: open cases whose deadlines were recomputed. */
export function addCalendarDay(
  unitId: string,
  input: NewCalendarDay,
): Promise<{ id: string; moved?: number }> {
  return apiFetch(calendarPath(unitId), { method: "POST", body: input });
}

export function removeCalendarDay(unitId: string, id: string): Promise<void> {
  return apiFetch(`${calendarPath(unitId)}/${encodeURIComponent(id)}`, { method: "DELETE" });
}

/** A day of the national calendar, the same for every unit. */
export interface NationalDay {
  id: string;
  /** YYYY-MM-DD */
  day: string;
  kind: CalendarKind;
  name: string;
  origin: DayOrigin;
  reference: string;
}

/**
 * Whether next Tết's break has been entered. `warn` from 1 November until it is: deadlines around
 * Tết are then counted with the Labour Code's default five days.
 */
export interface TetBreak {
  year: number;
  entered: boolean;
  warn: boolean;
}

export interface NationalCalendar {
  year: number;
  items: NationalDay[];
  tetBreak: TetBreak;
}

export interface NationalDayInput {
  day: string;
  kind: CalendarKind;
  name: string;
  reference: string;
}

const NATIONAL_PATH = "/api/admin/national-calendar";

export function fetchNationalCalendar(year: number): Promise<NationalCalendar> {
  return apiFetch(`${NATIONAL_PATH}?year=${year}`);
}

/** Adds or corrects a day for every unit (superadmin); `moved`: open cases whose deadlines were recomputed. */
export function saveNationalDay(input: NationalDayInput): Promise<{ item: NationalDay; moved: number }> {
  return apiFetch(NATIONAL_PATH, { method: "POST", body: input });
}

/** Takes a day off the national calendar (superadmin), a computed or announced one included. */
export function removeNationalDay(day: string): Promise<{ moved: number }> {
  return apiFetch(`${NATIONAL_PATH}/${encodeURIComponent(day)}`, { method: "DELETE" });
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
