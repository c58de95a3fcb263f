import { apiFetch } from "../../api/client";

export interface User {
  id: string;
  email: string;
  displayName: string;
  isSuperadmin?: boolean;
}

export interface Role {
  unitId: string;
  unitName: string;
  unitSlug: string;
  unitKind?: string;
  role: string;
}

export interface Session {
  user: User;
  roles: Role[];
}

export function login(email: string, password: string): Promise<{ user: User }> {
  return apiFetch("/api/auth/login", { method: "POST", body: { email, password } });
}

export function fetchSession(): Promise<Session> {
  return apiFetch("/api/auth/me");
}

export function logout(): Promise<void> {
  return apiFetch("/api/auth/logout", { method: "POST" });
}

export function requestPasswordReset(email: string): Promise<void> {
  return apiFetch("/api/auth/password-reset/request", { method: "POST", body: { email } });
}

export function confirmPasswordReset(token: string, newPassword: string): Promise<void> {
  return apiFetch("/api/auth/password-reset/confirm", { method: "POST", body: { token, newPassword } });
}
