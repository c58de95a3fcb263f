import { useSyncExternalStore } from "react";

/** The console's own pages, each at `<base><path>` (the base is "/admin/"). */
export type RouteName = "surveys" | "units" | "staff" | "account" | "audit" | "reset" | "forgot";

const BASE = import.meta.env.BASE_URL.replace(/\/?$/, "/");

const PATHS: Record<RouteName, string> = {
  surveys: "",
  units: "units",
  staff: "staff",
  account: "account",
  audit: "audit",
  reset: "reset",
  forgot: "forgot",
};

/** Pages that work without signing in. */
export const PUBLIC_ROUTES: readonly RouteName[] = ["reset", "forgot"];

export function hrefFor(route: RouteName): string {
  return BASE + PATHS[route];
}

/** The route for a pathname, or null when no page lives there. */
export function routeFromPath(pathname: string): RouteName | null {
  const trimmed = pathname.replace(/\/+$/, "");
  if (`${trimmed}/` === BASE) return "surveys";
  if (!trimmed.startsWith(BASE)) return null;
  const rest = trimmed.slice(BASE.length);
  const found = (Object.keys(PATHS) as RouteName[]).find((name) => PATHS[name] === rest);
  return found ?? null;
}

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

window.addEventListener("popstate", notify);

/** Client-side navigation within the console. */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
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
