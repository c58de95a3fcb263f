import { request } from "../submission";
import type { Lang } from "../types";
import type { MonthReport, ReportList } from "./types";

export type Loaded<T> = { kind: "ok"; data: T } | { kind: "notFound" } | { kind: "unavailable" };

const base = (slug: string) => `/api/public/units/${encodeURIComponent(slug)}/reports`;

/** The open data of a month (".json" or ".csv"), of a given revision when it is not the latest. */
export function openDataUrl(slug: string, month: string, ext: "json" | "csv", revision?: number | null) {
  return `${base(slug)}/${month}.${ext}${revision ? `?revision=${revision}` : ""}`;
}

async function load<T>(url: string, lang: Lang): Promise<Loaded<T>> {
  try {
    const response = await request(url, lang);
    if (response.ok) return { kind: "ok", data: (await response.json()) as T };
    if (response.status === 404 || response.status === 400) return { kind: "notFound" };
  } catch {
    // Offline or timed out.
  }
  return { kind: "unavailable" };
}

export const fetchList = (slug: string, lang: Lang) => load<ReportList>(base(slug), lang);

export const fetchMonth = (slug: string, month: string, revision: number | null, lang: Lang) =>
  load<MonthReport>(openDataUrl(slug, month, "json", revision), lang);
