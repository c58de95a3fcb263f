import announcedDays from "./announced-days.json" with { type: "json" };
import type { DayKind } from "./calendar.ts";
import { type NationalDay, type Occasion, statutoryDays, tetDay } from "./statutory-days.ts";

export type { NationalDay } from "./statutory-days.ts";

export interface AnnouncedDay {
  day: string;
  /** The occasion the decision arranges: its days replace the law's default days of that occasion. */
  occasion: Occasion;
  kind: DayKind;
  name: string;
  /** The decision or official letter, its issuer and date. */
  source: string;
  url?: string;
}

/**
 * The Government's announced arrangements (Tết breaks, swapped days off, make-up Saturdays), a
 * reviewed data file: each entry names its decision. Kept current between releases by the platform
 * superadmin in the console (stored as national overrides).
 */
export const ANNOUNCED: readonly AnnouncedDay[] = announcedDays as AnnouncedDay[];

/**
 * A national day set in the console by the platform superadmin: a day added or corrected, or
 * (`removed`) a statutory or announced day taken away.
 */
export interface NationalOverride {
  day: string;
  kind: DayKind | "removed";
  name: string;
  reference: string | null;
}

/**
 * The national calendar of `year`: the law's own days, then the announced decisions, then the
 * superadmin's corrections. A decision arranges an occasion as a whole (which five days of Tết, which
 * day next to 2/9, what is swapped), so the law's default days of an announced occasion give way to
 * it; a correction replaces or removes a single day.
 */
export function nationalDays(
  year: number,
  overrides: readonly NationalOverride[] = [],
  announced: readonly AnnouncedDay[] = ANNOUNCED,
): NationalDay[] {
  const prefix = `${year}-`;
  const decided = announced.filter((a) => a.day.startsWith(prefix));
  const arranged = new Set(decided.map((a) => a.occasion));
  const byDay = new Map<string, NationalDay>();
  for (const d of statutoryDays(year)) if (!d.occasion || !arranged.has(d.occasion)) byDay.set(d.day, d);
  for (const a of decided) {
    byDay.set(a.day, {
      day: a.day,
      occasion: a.occasion,
      kind: a.kind,
      name: a.name,
      origin: "announced",
      reference: a.source,
    });
  }
  for (const o of overrides) {
    if (!o.day.startsWith(prefix)) continue;
    if (o.kind === "removed") byDay.delete(o.day);
    else
      byDay.set(o.day, {
        day: o.day,
        kind: o.kind,
        name: o.name,
        origin: "national",
        reference: o.reference ?? "Quản trị nền tảng",
      });
  }
  return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
}

/**
 * A lookup of national day kinds for any year, computed once per year on demand: what a
 * `WorkCalendar` needs under the units' own days.
 */
export function nationalLookup(overrides: readonly NationalOverride[]): (day: string) => DayKind | undefined {
  const years = new Map<number, Map<string, DayKind>>();
  return (day) => {
    const year = Number(day.slice(0, 4));
    let kinds = years.get(year);
    if (!kinds) {
      kinds = new Map(nationalDays(year, overrides).map((d) => [d.day, d.kind]));
      years.set(year, kinds);
    }
    return kinds.get(day);
  };
}

/**
 * Whether the Tết break of `year` has been entered: the statutory five days are always known, but
 * the break civil servants actually get (swapped days, make-up Saturdays) comes from an announcement.
 * Any announced or console entry within two weeks of the first day counts.
 */
export function tetBreakEntered(year: number, overrides: readonly NationalOverride[]): boolean {
  const first = new Date(`${tetDay(year)}T00:00:00Z`).getTime();
  const near = (day: string) => Math.abs(new Date(`${day}T00:00:00Z`).getTime() - first) <= 14 * 86_400_000;
  return nationalDays(year, overrides).some((d) => d.origin !== "statutory" && near(d.day));
}
