import type { RoleName } from "../../access";
import { apiFetch } from "../../api/client";

export interface Member {
  membershipId: string;
  userId: string;
  email: string;
  displayName: string;
  role: RoleName;
  disabled: boolean;
  pendingInvitation: boolean;
  createdAt: string;
}

export interface NewMember {
  email: string;
  displayName: string;
  role: RoleName;
}

const base = (unitId: string) => `/api/admin/units/${encodeURIComponent(unitId)}/members`;
const one = (unitId: string, membershipId: string) => `${base(unitId)}/${encodeURIComponent(membershipId)}`;

export function fetchMembers(unitId: string): Promise<{ items: Member[] }> {
  return apiFetch(base(unitId));
}

export function inviteMember(
  unitId: string,
  input: NewMember,
): Promise<{ membershipId: string; userId: string; invited: boolean }> {
  return apiFetch(base(unitId), { method: "POST", body: input });
}

export function changeRole(unitId: string, membershipId: string, role: RoleName): Promise<unknown> {
  return apiFetch(one(unitId, membershipId), { method: "PATCH", body: { role } });
}

export function removeMember(unitId: string, membershipId: string): Promise<void> {
  return apiFetch(one(unitId, membershipId), { method: "DELETE", body: {} });
}

export function setMemberDisabled(unitId: string, membershipId: string, disabled: boolean): Promise<void> {
  return apiFetch(`${one(unitId, membershipId)}/${disabled ? "disable" : "enable"}`, {
    method: "POST",
    body: {},
  });
}
