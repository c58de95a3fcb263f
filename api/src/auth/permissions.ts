import type { Role } from "@gopy/db";

/** Everything a staff member can be allowed to do, always on a unit and its descendants. */
export const ACTIONS = [
  "units.read",
  "units.manage",
  "staff.read",
  "staff.manage",
  "audit.read",
  "surveys.read",
  "surveys.manage",
  "surveys.export",
  // Petitions: read the unit's cases (officers: only those assigned to them or their team), see
  // everything in the unit, work a case, direct cases (acknowledge, assign, forward, reject, close,
  // register paper/phone cases), and see who sent it.
  "petitions.read",
  "petitions.read_all",
  "petitions.handle",
  "petitions.manage",
  "petitions.contact",
  // Aggregated figures of the unit and the units below it: no case, no person.
  "petitions.stats",
  // The unit's working-day calendar (its own holidays, days off, make-up working days).
  "calendar.manage",
  // Keys for outside systems (Open311 clients).
  "integrations.manage",
  // Monthly summaries: read drafts and published revisions; review, correct and publish them.
  "reports.read",
  "reports.publish",
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * What each role may do in its unit and below. Petition actions join this table with the petition
 * inbox; personal data rules (inspector, viewer) are enforced where that data is read.
 */
export const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  admin: ACTIONS,
  // Raw responses (free text may name people) go only to those who run the surveys.
  manager: [
    "units.read",
    "staff.read",
    "surveys.read",
    "surveys.manage",
    "surveys.export",
    "petitions.read",
    "petitions.read_all",
    "petitions.handle",
    "petitions.manage",
    "petitions.contact",
    "petitions.stats",
    "reports.read",
  ],
  officer: ["units.read", "surveys.read", "petitions.read", "petitions.handle", "petitions.contact"],
  // The People's Inspection Board oversees: every case and its history, never who sent it.
  inspector: [
    "units.read",
    "audit.read",
    "surveys.read",
    "petitions.read",
    "petitions.read_all",
    "petitions.stats",
    "reports.read",
  ],
  viewer: ["units.read", "surveys.read", "petitions.stats", "reports.read"],
};

export const ROLES = Object.keys(ROLE_ACTIONS) as Role[];

export const roleAllows = (role: Role, action: Action) => ROLE_ACTIONS[role].includes(action);
