import { apiFetch } from "../../api/client";

/** Events a webhook can subscribe to (`ping` is only sent by the "send test" button). */
export const WEBHOOK_EVENTS = [
  "petition.created",
  "petition.state_changed",
  "petition.answered",
  "survey.responses",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface Open311Key {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Webhook {
  id: string;
  url: string;
  description: string;
  events: WebhookEvent[];
  /** Deliveries may carry personal data. */
  internal: boolean;
  createdAt: string;
  deliveries: { pending: number; failed: number; lastDeliveredAt: string | null };
}

export interface WebhookInput {
  url: string;
  description: string;
  events: WebhookEvent[];
  internal: boolean;
}

export type DeliveryState = "pending" | "delivered" | "failed";

export interface DeliveryAttempt {
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface Delivery {
  id: number;
  event: string;
  createdAt: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  payload: { id: string; type: string; createdAt: string; [key: string]: unknown };
  log: DeliveryAttempt[];
}

const unitPath = (unitId: string) => `/api/admin/units/${encodeURIComponent(unitId)}`;
const keysPath = (unitId: string) => `${unitPath(unitId)}/open311-keys`;
const hooksPath = (unitId: string) => `${unitPath(unitId)}/webhooks`;
const hookPath = (unitId: string, webhookId: string) =>
  `${hooksPath(unitId)}/${encodeURIComponent(webhookId)}`;

export function fetchOpen311Keys(unitId: string): Promise<{ items: Open311Key[] }> {
  return apiFetch(keysPath(unitId));
}

export function createOpen311Key(
  unitId: string,
  name: string,
): Promise<{ id: string; name: string; key: string }> {
  return apiFetch(keysPath(unitId), { method: "POST", body: { name } });
}

export function revokeOpen311Key(unitId: string, keyId: string): Promise<void> {
  return apiFetch(`${keysPath(unitId)}/${encodeURIComponent(keyId)}`, { method: "DELETE" });
}

export function fetchWebhooks(unitId: string): Promise<{ items: Webhook[] }> {
  return apiFetch(hooksPath(unitId));
}

export function createWebhook(unitId: string, input: WebhookInput): Promise<Webhook & { secret: string }> {
  return apiFetch(hooksPath(unitId), { method: "POST", body: input });
}

export function updateWebhook(
  unitId: string,
  webhookId: string,
  input: Partial<WebhookInput>,
): Promise<Webhook> {
  return apiFetch(hookPath(unitId, webhookId), { method: "PATCH", body: input });
}

export function deleteWebhook(unitId: string, webhookId: string): Promise<void> {
  return apiFetch(hookPath(unitId, webhookId), { method: "DELETE" });
}

export function rotateWebhookSecret(unitId: string, webhookId: string): Promise<{ secret: string }> {
  return apiFetch(`${hookPath(unitId, webhookId)}/secret`, { method: "POST" });
}

export function sendTestDelivery(unitId: string, webhookId: string): Promise<{ deliveryId: number }> {
  return apiFetch(`${hookPath(unitId, webhookId)}/test`, { method: "POST" });
}

export function fetchDeliveries(
  unitId: string,
  webhookId: string,
  limit = 50,
): Promise<{ items: Delivery[] }> {
  return apiFetch(`${hookPath(unitId, webhookId)}/deliveries?limit=${limit}`);
}

export function retryDelivery(unitId: string, webhookId: string, deliveryId: number): Promise<void> {
  return apiFetch(`${hookPath(unitId, webhookId)}/deliveries/${deliveryId}/retry`, { method: "POST" });
}
