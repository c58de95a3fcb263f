import { apiFetch } from "../../api/client";

export interface AuditEntry {
  id: number;
  at: string;
  actorEmail: string | null;
  unitId: string | null;
  unitName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: unknown;
  requestId: string | null;
}

export interface AuditFilters {
  unitId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

function query(filters: AuditFilters, before?: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (typeof value === "string" && value.trim()) params.set(key, value.trim());
  }
  if (before !== undefined) params.set("before", String(before));
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function fetchAudit(
  filters: AuditFilters,
  before?: number,
): Promise<{ items: AuditEntry[]; nextBefore: number | null }> {
  return apiFetch(`/api/admin/audit${query(filters, before)}`);
}

/** A plain download link for the same filters. */
export function auditCsvHref(filters: AuditFilters): string {
  return `/api/admin/audit.csv${query(filters)}`;
}
