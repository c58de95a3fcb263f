import { useSyncExternalStore } from "react";

/** The console's own pages, each at `<base><path>` (the base is "/admin/"). */
export type RouteName =
  | "surveys"
  | "survey"
  | "petitions"
  | "petition"
  | "dashboard"
  | "reports"
  | "units"
  | "calendar"
  | "nationalCalendar"
  | "staff"
  | "integrations"
  | "account"
  | "audit"
  | "reset"
  | "forgot";

/** Routes whose path carries an id: they are reached through their own href helpers. */
type DetailRoute = "survey" | "petition";

/** The sections of one survey's page, each at `<base>surveys/<id>/<tab>` ("overview" has no suffix). */
export type SurveyTab = "overview" | "links" | "questions" | "results";
export const SURVEY_TABS: readonly SurveyTab[] = ["overview", "links", "questions", "results"];

const BASE = import.meta.env.BASE_URL.replace(/\/?$/, "/");

const PATHS: Record<Exclude<RouteName, DetailRoute>, string> = {
  surveys: "",
  petitions: "petitions",
  dashboard: "dashboard",
  reports: "reports",
  units: "units",
  calendar: "calendar",
  nationalCalendar: "calendar/national",
  staff: "staff",
  integrations: "integrations",
  account: "account",
  audit: "audit",
  reset: "reset",
  forgot: "forgot",
};

/** Pages that work without signing in. */
export const PUBLIC_ROUTES: readonly RouteName[] = ["reset", "forgot"];

export function hrefFor(route: Exclude<RouteName, DetailRoute>): string {
  return BASE + PATHS[route];
}

export function surveyHref(surveyId: string, tab: SurveyTab = "overview"): string {
  const path = `${BASE}surveys/${encodeURIComponent(surveyId)}`;
  return tab === "overview" ? path : `${path}/${tab}`;
}

const SURVEY_PATH = /^surveys\/([0-9a-fA-F-]{36})(?:\/(links|questions|results))?$/;

/** The survey id and tab of a survey page's pathname, or null for any other page. */
export function surveyFromPath(pathname: string): { surveyId: string; tab: SurveyTab } | null {
  const trimmed = pathname.replace(/\/+$/, "");
  if (!trimmed.startsWith(BASE)) return null;
  const match = SURVEY_PATH.exec(trimmed.slice(BASE.length));
  if (!match) return null;
  return { surveyId: match[1] as string, tab: (match[2] as SurveyTab | undefined) ?? "overview" };
}

export function petitionHref(petitionId: string): string {
  return `${BASE}petitions/${encodeURIComponent(petitionId)}`;
}

const PETITION_PATH = /^petitions\/([0-9a-fA-F-]{36})$/;

/** The case id of a petition page's pathname, or null for any other page. */
export function petitionFromPath(pathname: string): string | null {
  const trimmed = pathname.replace(/\/+$/, "");
  if (!trimmed.startsWith(BASE)) return null;
  return PETITION_PATH.exec(trimmed.slice(BASE.length))?.[1]?.toLowerCase() ?? null;
}

/** The route for a pathname, or null when no page lives there. */
export function routeFromPath(pathname: string): RouteName | null {
  const trimmed = pathname.replace(/\/+$/, "");
  if (`${trimmed}/` === BASE) return "surveys";
  if (!trimmed.startsWith(BASE)) return null;
  const rest = trimmed.slice(BASE.length);
  if (SURVEY_PATH.test(rest)) return "survey";
  if (PETITION_PATH.test(rest)) return "petition";
  const found = (Object.keys(PATHS) as (keyof typeof PATHS)[]).find((name) => PATHS[name] === rest);
  return found ?? null;
}

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

window.addEventListener("popstate", notify);

/** Asked before each client-side navigation; false cancels it (e.g. unsaved edits on the way out). */
type LeaveGuard = (href: string) => boolean;
const guards = new Set<LeaveGuard>();

/** Registers a guard for as long as the returned function is not called. */
export function addLeaveGuard(guard: LeaveGuard): () => void {
  guards.add(guard);
  return () => {
    guards.delete(guard);
  };
}

/** Client-side navigation within the console. */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  for (const guard of guards) if (!guard(href)) return;
  if (options.replace) history.replaceState(null, "", href);
  else if (href !== location.pathname + location.search) history.pushState(null, "", href);
  notify();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

const getPath = () => location.pathname;

/** The current pathname; re-renders on navigation and on the browser's back/forward. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, getPath, getPath);
}
