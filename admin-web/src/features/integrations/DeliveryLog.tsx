import { Fragment, useCallback, useEffect, useRef, useState } from "react";
import { isSessionExpired, toApiError } from "../../api/client";
import { ScrollRegion } from "../../components/ScrollRegion";
import { useAutoRefresh } from "../../components/useAutoRefresh";
import { formatDateTime, formatNumber, formatTime, type MessageKey, t } from "../../i18n";
import { type Delivery, type DeliveryState, fetchDeliveries, retryDelivery, type Webhook } from "./api";
import { eventLabel } from "./labels";

/** Attempts before a delivery is given up (the API's outbox limit). */
const MAX_ATTEMPTS = 8;
/** How often the log is read again while a delivery is still pending. */
const PENDING_REFRESH_MS = 5000;

const STATE_KEYS: Record<DeliveryState, MessageKey> = {
  pending: "dlPending",
  delivered: "dlDelivered",
  failed: "dlFailed",
};
const STATE_CLASSES: Record<DeliveryState, string> = {
  pending: "status status-draft",
  delivered: "status status-open",
  failed: "status due-overdue",
};

/** The last attempt's outcome: its HTTP status and error, e.g. "HTTP 500" or "connect ECONNREFUSED". */
function lastResult(delivery: Delivery): string {
  const last = delivery.log.at(-1);
  const parts: string[] = [];
  if (last?.statusCode != null) parts.push(`HTTP ${last.statusCode}`);
  const error = last ? last.error : delivery.lastError;
  if (error && !parts.includes(error)) parts.push(error);
  return parts.join(" — ") || "—";
}

interface Props {
  unitId: string;
  webhook: Webhook;
  /** Changes when the log must be read again (e.g. after "send test"). */
  refreshToken: number;
  /** Called after the log changed, so the webhook's counts follow. */
  onChanged: () => Promise<void>;
  onStatus: (message: string) => void;
  onClose: () => void;
  onUnauthorized: () => void;
}

/** One webhook's deliveries, newest first, each with its payload and attempts; failed ones can be retried. */
export function DeliveryLog({
  unitId,
  webhook,
  refreshToken,
  onChanged,
  onStatus,
  onClose,
  onUnauthorized,
}: Props) {
  const [items, setItems] = useState<Delivery[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [busyRow, setBusyRow] = useState<number | null>(null);
  const latestRequest = useRef(0);
  const webhookId = webhook.id;

  const load = useCallback(async () => {
    const request = ++latestRequest.current;
    try {
      const data = await fetchDeliveries(unitId, webhookId);
      if (request !== latestRequest.current) return;
      setItems(data.items);
      setLoadError(null);
      setUpdatedAt(new Date());
    } catch (error) {
      if (request !== latestRequest.current) return;
      if (isSessionExpired(error)) return onUnauthorized();
      setLoadError(toApiError(error).detail);
    }
  }, [unitId, webhookId, onUnauthorized]);

  useEffect(() => {
    // Read again on every new token as well as when the webhook changes.
    if (refreshToken >= 0) void load();
  }, [load, refreshToken]);

  const hasPending = items?.some((delivery) => delivery.state === "pending") ?? false;
  useAutoRefresh(
    () => {
      void load();
      void onChanged();
    },
    PENDING_REFRESH_MS,
    hasPending,
  );

  const toggle = (id: number) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const onRetry = async (delivery: Delivery) => {
    if (busyRow !== null) return;
    setBusyRow(delivery.id);
    setActionError(null);
    onStatus("");
    try {
      await retryDelivery(unitId, webhookId, delivery.id);
      onStatus(t("dlRetried", { id: delivery.id }));
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      setActionError(toApiError(error).detail);
    } finally {
      setBusyRow(null);
    }
    await Promise.all([load(), onChanged()]);
  };

  const refreshing = () => {
    void load();
    void onChanged();
  };

  return (
    <section className="panel delivery-log" aria-labelledby="delivery-log-title">
      <h3 id="delivery-log-title">{t("dlTitle", { url: webhook.url })}</h3>
      <p className="muted">{t("dlIntro", { max: MAX_ATTEMPTS })}</p>
      <div className="toolbar">
        <button type="button" className="button small" onClick={refreshing}>
          {t("refresh")}
        </button>
        <button type="button" className="button small" onClick={onClose}>
          {t("dlClose")}
        </button>
        <p className="hint">{updatedAt ? t("dlUpdated", { time: formatTime(updatedAt) }) : ""}</p>
      </div>
      {loadError && (
        <div className="form-error" role="alert">
          <p>{loadError}</p>
          <button type="button" className="button small" onClick={() => void load()}>
            {t("retry")}
          </button>
        </div>
      )}
      {actionError && (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      )}
      {items === null && !loadError && <p>{t("loading")}</p>}
      {items !== null && items.length === 0 && <p>{t("dlNone")}</p>}
      {items !== null && items.length > 0 && (
        <ScrollRegion labelledBy="delivery-log-caption">
          <table className="data-table delivery-table">
            <caption id="delivery-log-caption">{t("dlCaption", { url: webhook.url })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("dlColTime")}</th>
                <th scope="col">{t("dlColEvent")}</th>
                <th scope="col">{t("dlColState")}</th>
                <th scope="col" className="num">
                  {t("dlColAttempts")}
                </th>
                <th scope="col">{t("dlColResult")}</th>
                <th scope="col">{t("dlColNext")}</th>
                <th scope="col">{t("colActions")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((delivery) => {
                const open = expanded.has(delivery.id);
                const detailsId = `delivery-${delivery.id}-details`;
                return (
                  <Fragment key={delivery.id}>
                    <tr aria-busy={busyRow === delivery.id || undefined}>
                      <th scope="row" className="nowrap">
                        <time dateTime={delivery.createdAt}>{formatDateTime(delivery.createdAt)}</time>
                      </th>
                      <td>
                        {eventLabel(delivery.event)} <code>{delivery.event}</code>
                      </td>
                      <td>
                        <span className={STATE_CLASSES[delivery.state]}>{t(STATE_KEYS[delivery.state])}</span>
                      </td>
                      <td className="num">{formatNumber(delivery.attempts)}</td>
                      <td className="break">{lastResult(delivery)}</td>
                      <td>{delivery.nextAttemptAt ? formatDateTime(delivery.nextAttemptAt) : "—"}</td>
                      <td>
                        <div className="row-actions">
                          <button
                            type="button"
                            className="button small"
                            aria-label={t("dlDetailsLabel", { id: delivery.id })}
                            aria-expanded={open}
                            aria-controls={open ? detailsId : undefined}
                            onClick={() => toggle(delivery.id)}
                          >
                            {t("dlDetails")}
                          </button>
                          {delivery.state === "failed" && (
                            <button
                              type="button"
                              className="button small"
                              aria-label={t("dlRetryLabel", { id: delivery.id })}
                              aria-disabled={busyRow === delivery.id || undefined}
                              onClick={() => void onRetry(delivery)}
                            >
                              {t("dlRetry")}
                            </button>
                          )}
                        </div>
                      </td>
                    </tr>
                    {open && (
                      <tr id={detailsId} className="delivery-details">
                        <td colSpan={7}>
                          <DeliveryDetails delivery={delivery} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

function DeliveryDetails({ delivery }: { delivery: Delivery }) {
  return (
    <div className="delivery-detail">
      <h4>{t("dlPayload")}</h4>
      <pre className="code-block">
        <code>{JSON.stringify(delivery.payload, null, 2)}</code>
      </pre>
      {delivery.log.length === 0 ? (
        <p>{t("dlNoAttempts")}</p>
      ) : (
        <table className="data-table attempts-table">
          <caption>{t("dlAttemptsCaption", { id: delivery.id })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("dlColAt")}</th>
              <th scope="col">{t("dlColStatusCode")}</th>
              <th scope="col">{t("dlColError")}</th>
              <th scope="col" className="num">
                {t("dlColDuration")}
              </th>
            </tr>
          </thead>
          <tbody>
            {delivery.log.map((attempt, index) => (
              // Attempts have no id of their own; their order never changes.
              // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows at the end
              <tr key={index}>
                <th scope="row" className="nowrap">
                  <time dateTime={attempt.at}>{formatDateTime(attempt.at)}</time>
                </th>
                <td>{attempt.statusCode ?? "—"}</td>
                <td className="break">{attempt.error ?? "—"}</td>
                <td className="num">{t("dlDuration", { ms: formatNumber(attempt.durationMs) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
