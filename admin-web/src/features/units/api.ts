import { apiFetch } from "../../api/client";

export type UnitKind = "department" | "ward" | "school" | "team";

export const UNIT_KINDS: readonly UnitKind[] = ["department", "ward", "school", "team"];

export interface Unit {
  id: string;
  slug: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  address: string | null;
  createdAt: string;
}

export interface NewUnit {
  name: string;
  slug: string;
  kind: UnitKind;
  parentId: string | null;
  address?: string;
}

export interface UnitChanges {
  name?: string;
  parentId?: string;
  address?: string | null;
}

export function fetchUnits(): Promise<{ items: Unit[] }> {
  return apiFetch("/api/admin/units");
}

export function createUnit(input: NewUnit): Promise<Unit> {
  return apiFetch("/api/admin/units", { method: "POST", body: input });
}

export function updateUnit(id: string, changes: UnitChanges): Promise<Unit> {
  return apiFetch(`/api/admin/units/${encodeURIComponent(id)}`, { method: "PATCH", body: changes });
}

export function archiveUnit(id: string): Promise<void> {
  return apiFetch(`/api/admin/units/${encodeURIComponent(id)}/archive`, { method: "POST", body: {} });
}
