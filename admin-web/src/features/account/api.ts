import { apiFetch } from "../../api/client";

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return apiFetch("/api/auth/password", { method: "POST", body: { currentPassword, newPassword } });
}

export function fetchTokens(): Promise<{ items: ApiToken[] }> {
  return apiFetch("/api/admin/tokens");
}

export function createToken(name: string): Promise<{ id: string; name: string; token: string }> {
  return apiFetch("/api/admin/tokens", { method: "POST", body: { name } });
}

export function revokeToken(id: string): Promise<void> {
  return apiFetch(`/api/admin/tokens/${encodeURIComponent(id)}`, { method: "DELETE", body: {} });
}
