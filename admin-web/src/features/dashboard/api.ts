import { apiFetch } from "../../api/client";

/** One month of the 100% dashboard (the API's `MonthFigures`): counts and rates, never a person. */
export interface MonthFigures {
  month: string;
  /** The instant the figures describe: the month's end, or now for the running month. */
  asOf: string;
  received: number;
  acknowledgedInTime: number;
  acknowledgedLate: number;
  answered: number;
  early: number;
  onTime: number;
  late: number;
  openAtEnd: number;
  openOverdue: number;
  /** Cases the citizens withdrew during the month. */
  withdrawn: number;
  /** Of those, the ones withdrawn once overdue: counted late in the on-time rate. */
  withdrawnLate: number;
  /** (early + on time) ÷ (answered + withdrawn once overdue + still open and already overdue). */
  onTimeRate: number | null;
  earlyRate: number | null;
  /** Of the cases whose answer was due by the end of the month, the share answered. */
  responseRate: number | null;
  avgWorkingDaysToAnswer: number | null;
  p90WorkingDaysToAnswer: number | null;
  rated: number;
  satisfied: number;
  satisfiedRate: number | null;
  notSatisfiedReasons: Record<string, number>;
  targets: {
    answered: boolean | null;
    onTime: boolean | null;
    early: boolean | null;
    satisfied: boolean | null;
  };
}

export interface UnitFigures {
  unit: { id: string; name: string };
  month: string;
  /** The unit and every unit below it. */
  total: MonthFigures;
  /** Cases received by the unit itself. */
  own: MonthFigures;
  children: { unit: { id: string; name: string }; figures: MonthFigures }[];
}

/** Without a month, the server's current month (Vietnam time). */
export function fetchFigures(unitId: string, month?: string): Promise<UnitFigures> {
  const query = month ? `?month=${encodeURIComponent(month)}` : "";
  return apiFetch(`/api/admin/units/${encodeURIComponent(unitId)}/petition-figures${query}`);
}
