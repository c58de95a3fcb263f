import type { RouteName } from "./router";

export type RoleName = "admin" | "manager" | "officer" | "inspector" | "viewer";

export const ROLE_NAMES: readonly RoleName[] = ["admin", "manager", "officer", "inspector", "viewer"];

export interface RoleGrant {
  unitId: string;
  role: string;
}

export interface UnitNode {
  id: string;
  parentId: string | null;
}

interface AccessInput {
  isSuperadmin: boolean;
  roles: readonly RoleGrant[];
}

/** Which roles are needed to open each signed-in page (any unit); null means everyone. */
const PAGE_ROLES: Partial<Record<RouteName, readonly RoleName[]>> = {
  // petitions.read: officers see only the cases assigned to them (the API filters).
  petitions: ["admin", "manager", "officer", "inspector"],
  petition: ["admin", "manager", "officer", "inspector"],
  // petitions.stats: aggregated figures, no case and no person.
  dashboard: ["admin", "manager", "inspector", "viewer"],
  // reports.read: monthly summaries (public-safe figures); reports.publish is checked per unit.
  reports: ["admin", "manager", "inspector", "viewer"],
  units: ["admin", "manager"],
  // calendar: open to every role (units.read); only the unit's admins edit it (canManageUnit).
  staff: ["admin", "manager"],
  audit: ["admin", "inspector"],
  // integrations.manage: Open311 keys and webhooks, the unit's admin only.
  integrations: ["admin"],
};

export function canOpenPage(access: AccessInput, route: RouteName): boolean {
  const needed = PAGE_ROLES[route];
  if (!needed || access.isSuperadmin) return true;
  return access.roles.some((grant) => needed.includes(grant.role as RoleName));
}

/**
 * The roles that apply to a unit: those held on it and on every ancestor (roles are inherited down
 * the tree). Every unit someone holds a role on is visible to them, and so is everything below it,
 * so walking up the visible list is enough.
 */
export function rolesOn(access: AccessInput, units: readonly UnitNode[], unitId: string): Set<string> {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const chain = new Set<string>();
  let current: string | null = unitId;
  while (current && !chain.has(current)) {
    chain.add(current);
    current = byId.get(current)?.parentId ?? null;
  }
  return new Set(access.roles.filter((grant) => chain.has(grant.unitId)).map((grant) => grant.role));
}

/** True when the person may do admin-only things (units, staff) on this unit. */
export function canManageUnit(access: AccessInput, units: readonly UnitNode[], unitId: string): boolean {
  return access.isSuperadmin || rolesOn(access, units, unitId).has("admin");
}

/** True when the person may create and edit surveys on this unit (principal or vice-principal). */
export function canManageSurveys(access: AccessInput, units: readonly UnitNode[], unitId: string): boolean {
  if (access.isSuperadmin) return true;
  const roles = rolesOn(access, units, unitId);
  return roles.has("admin") || roles.has("manager");
}

/**
 * True when the person may download raw responses (free text may name people): principals and
 * vice-principals, as for editing.
 */
export const canExportResponses = canManageSurveys;

/**
 * True when the person may direct cases of this unit (petitions.manage: acknowledge, assign,
 * forward, reject, close, register paper/phone cases, apology letters): principal or vice-principal.
 * Only they may list the unit's staff, which assigning needs.
 */
export const canManagePetitions = canManageSurveys;

/** True when the person may work cases of this unit (petitions.handle): write notes, answer. */
export function canHandlePetitions(access: AccessInput, units: readonly UnitNode[], unitId: string): boolean {
  if (access.isSuperadmin) return true;
  const roles = rolesOn(access, units, unitId);
  return roles.has("admin") || roles.has("manager") || roles.has("officer");
}

/** True when the person may draft, correct and publish the unit's monthly results (reports.publish). */
export const canPublishReports = canManageUnit;
