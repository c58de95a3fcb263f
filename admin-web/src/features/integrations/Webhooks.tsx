import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { type ApiError, isSessionExpired, toApiError } from "../../api/client";
import { useConfirm } from "../../components/ConfirmDialog";
import { CopyButton } from "../../components/CopyButton";
import { focusFirstProblem, TextField } from "../../components/Field";
import { ScrollRegion } from "../../components/ScrollRegion";
import { formatDateTime, formatNumber, t } from "../../i18n";
import {
  createWebhook,
  deleteWebhook,
  fetchWebhooks,
  rotateWebhookSecret,
  sendTestDelivery,
  updateWebhook,
  WEBHOOK_EVENTS,
  type Webhook,
  type WebhookEvent,
} from "./api";
import { DeliveryLog } from "./DeliveryLog";
import type { IntegrationUnit } from "./IntegrationsPage";
import { eventLabel } from "./labels";

/** How long after "send test" the log is read again (the outbox sends within seconds). */
const TEST_REFRESH_MS = 3000;

interface Props {
  unit: IntegrationUnit;
  onStatus: (message: string) => void;
  onUnauthorized: () => void;
}

/** The unit's webhooks: list, add, edit, delete, rotate the secret, send a test, see deliveries. */
export function Webhooks({ unit, onStatus, onUnauthorized }: Props) {
  const [hooks, setHooks] = useState<Webhook[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [editing, setEditing] = useState<Webhook | null>(null);
  const [logFor, setLogFor] = useState<string | null>(null);
  const [logRefresh, setLogRefresh] = useState(0);
  const [busyRow, setBusyRow] = useState<string | null>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  const timers = useRef<number[]>([]);
  const { dialog, confirm } = useConfirm();
  const unitId = unit.id;

  const load = useCallback(async () => {
    try {
      const data = await fetchWebhooks(unitId);
      setHooks(data.items);
      setLoadError(null);
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      setLoadError(toApiError(error).detail);
    }
  }, [unitId, onUnauthorized]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending) clearTimeout(timer);
    };
  }, []);

  useEffect(() => {
    if (secret) secretRef.current?.select();
  }, [secret]);

  const focusTitle = () => requestAnimationFrame(() => document.getElementById("webhooks-title")?.focus());

  /** Runs one row action; false when it failed (the error is shown). */
  const run = async (hook: Webhook, action: () => Promise<void>): Promise<boolean> => {
    if (busyRow) return false;
    setBusyRow(hook.id);
    setActionError(null);
    onStatus("");
    try {
      await action();
      return true;
    } catch (error) {
      if (isSessionExpired(error)) {
        onUnauthorized();
        return false;
      }
      setActionError(toApiError(error).detail);
      return false;
    } finally {
      setBusyRow(null);
    }
  };

  const onTest = async (hook: Webhook) => {
    const ok = await run(hook, async () => {
      await sendTestDelivery(unitId, hook.id);
    });
    if (!ok) return;
    onStatus(t("whTestQueued", { url: hook.url }));
    setLogFor(hook.id);
    setLogRefresh((n) => n + 1);
    timers.current.push(
      window.setTimeout(() => {
        setLogRefresh((n) => n + 1);
        void load();
      }, TEST_REFRESH_MS),
    );
    await load();
  };

  const onRotate = async (hook: Webhook) => {
    const confirmed = await confirm({
      title: t("whRotateTitle"),
      message: t("whRotateConfirm", { url: hook.url }),
      confirmLabel: t("whRotate"),
    });
    if (!confirmed) return;
    let fresh = "";
    const ok = await run(hook, async () => {
      fresh = (await rotateWebhookSecret(unitId, hook.id)).secret;
    });
    if (!ok) return;
    setSecret({ url: hook.url, secret: fresh });
    onStatus(t("whRotated", { url: hook.url }));
  };

  const onDelete = async (hook: Webhook) => {
    const confirmed = await confirm({
      title: t("whDeleteTitle"),
      message: t("whDeleteConfirm", { url: hook.url }),
      confirmLabel: t("whDelete"),
    });
    if (!confirmed) return;
    const ok = await run(hook, () => deleteWebhook(unitId, hook.id));
    if (ok) {
      onStatus(t("whDeleted", { url: hook.url }));
      if (logFor === hook.id) setLogFor(null);
      if (editing?.id === hook.id) setEditing(null);
      if (secret?.url === hook.url) setSecret(null);
    }
    await load();
    focusTitle();
  };

  const onEdit = (hook: Webhook) => {
    setEditing(hook);
    requestAnimationFrame(() => document.getElementById("webhook-form-title")?.focus());
  };

  const onToggleLog = (hook: Webhook) => {
    setLogFor((current) => (current === hook.id ? null : hook.id));
  };

  const logHook = hooks?.find((hook) => hook.id === logFor) ?? null;

  return (
    <section className="panel" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title" tabIndex={-1}>
        {t("whTitle")}
      </h2>
      <p className="muted">{t("whIntro", { unit: unit.name })}</p>
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
      {secret && (
        <div className="token-reveal">
          <p className="warning">
            <strong>{t("whSecretWarning")}</strong>
          </p>
          <div className="field">
            <label htmlFor="webhook-secret">{t("whSecretLabel", { url: secret.url })}</label>
            <input
              ref={secretRef}
              id="webhook-secret"
              className="mono"
              readOnly
              value={secret.secret}
              spellCheck={false}
              autoComplete="off"
              onFocus={(event) => event.target.select()}
            />
          </div>
          <div className="form-actions">
            <CopyButton text={secret.secret} label={t("whCopySecret")} copiedText={t("whSecretCopied")} />
            <button type="button" className="button small" onClick={() => setSecret(null)}>
              {t("tokenSaved")}
            </button>
          </div>
        </div>
      )}
      {hooks === null && !loadError && <p>{t("loading")}</p>}
      {hooks !== null && hooks.length === 0 && <p>{t("whNone")}</p>}
      {hooks !== null && hooks.length > 0 && (
        <ScrollRegion labelledBy="webhooks-caption">
          <table className="data-table">
            <caption id="webhooks-caption">{t("whCaption", { unit: unit.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("whColUrl")}</th>
                <th scope="col">{t("whColEvents")}</th>
                <th scope="col">{t("whColData")}</th>
                <th scope="col" className="num">
                  {t("whColPending")}
                </th>
                <th scope="col" className="num">
                  {t("whColFailed")}
                </th>
                <th scope="col">{t("whColLastDelivered")}</th>
                <th scope="col">{t("colActions")}</th>
              </tr>
            </thead>
            <tbody>
              {hooks.map((hook) => {
                const busy = busyRow === hook.id;
                return (
                  <tr key={hook.id} aria-busy={busy || undefined}>
                    <th scope="row">
                      <span className="url">{hook.url}</span>
                      {hook.description && <span className="person-email">{hook.description}</span>}
                    </th>
                    <td>
                      <ul className="plain-list">
                        {hook.events.map((event) => (
                          <li key={event}>{eventLabel(event)}</li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      {hook.internal ? (
                        <span className="status status-full">{t("whInternalBadge")}</span>
                      ) : (
                        <span className="status status-closed">{t("whPublicBadge")}</span>
                      )}
                    </td>
                    <td className="num">{formatNumber(hook.deliveries.pending)}</td>
                    <td className={hook.deliveries.failed > 0 ? "num error-text" : "num"}>
                      {formatNumber(hook.deliveries.failed)}
                    </td>
                    <td>
                      {hook.deliveries.lastDeliveredAt
                        ? formatDateTime(hook.deliveries.lastDeliveredAt)
                        : t("whNever")}
                    </td>
                    <td>
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button small"
                          aria-label={t("whTestLabel", { url: hook.url })}
                          aria-disabled={busy || undefined}
                          onClick={() => void onTest(hook)}
                        >
                          {t("whTest")}
                        </button>
                        <button
                          type="button"
                          className="button small"
                          aria-label={t("whLogLabel", { url: hook.url })}
                          aria-pressed={logFor === hook.id}
                          onClick={() => onToggleLog(hook)}
                        >
                          {t("whLog")}
                        </button>
                        <button
                          type="button"
                          className="button small"
                          aria-label={t("whEditLabel", { url: hook.url })}
                          onClick={() => onEdit(hook)}
                        >
                          {t("whEdit")}
                        </button>
                        <button
                          type="button"
                          className="button small"
                          aria-label={t("whRotateLabel", { url: hook.url })}
                          aria-disabled={busy || undefined}
                          onClick={() => void onRotate(hook)}
                        >
                          {t("whRotate")}
                        </button>
                        <button
                          type="button"
                          className="button small danger"
                          aria-label={t("whDeleteLabel", { url: hook.url })}
                          aria-disabled={busy || undefined}
                          onClick={() => void onDelete(hook)}
                        >
                          {t("whDelete")}
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {logHook && (
        <DeliveryLog
          key={logHook.id}
          unitId={unitId}
          webhook={logHook}
          refreshToken={logRefresh}
          onChanged={load}
          onStatus={onStatus}
          onClose={() => {
            setLogFor(null);
            focusTitle();
          }}
          onUnauthorized={onUnauthorized}
        />
      )}
      <WebhookForm
        key={editing?.id ?? "new"}
        unitId={unitId}
        editing={editing}
        onSaved={async (message, newSecret) => {
          setActionError(null);
          onStatus(message);
          setEditing(null);
          if (newSecret) setSecret(newSecret);
          await load();
          if (!newSecret) focusTitle();
        }}
        onCancel={() => {
          setEditing(null);
          focusTitle();
        }}
        onUnauthorized={onUnauthorized}
      />
      {dialog}
    </section>
  );
}

type FormField = "url" | "description" | "events" | "internal";

/** The API's field errors by form field; `events.0` and the like belong to the events. */
function mapErrors(error: ApiError): Partial<Record<FormField, string>> {
  const mapped: Partial<Record<FormField, string>> = {};
  for (const item of error.errors) {
    const field = item.field.split(".")[0];
    if (field === "url" || field === "description" || field === "events" || field === "internal")
      mapped[field] ??= item.message;
  }
  return mapped;
}

interface FormProps {
  unitId: string;
  editing: Webhook | null;
  onSaved: (message: string, secret?: { url: string; secret: string }) => Promise<void>;
  onCancel: () => void;
  onUnauthorized: () => void;
}

function WebhookForm({ unitId, editing, onSaved, onCancel, onUnauthorized }: FormProps) {
  const [url, setUrl] = useState(editing?.url ?? "");
  const [description, setDescription] = useState(editing?.description ?? "");
  const [events, setEvents] = useState<WebhookEvent[]>(editing?.events ?? ["petition.created"]);
  const [internal, setInternal] = useState(editing?.internal ?? false);
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const toggleEvent = (event: WebhookEvent, on: boolean) =>
    setEvents((current) => WEBHOOK_EVENTS.filter((e) => (e === event ? on : current.includes(e))));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const local: Partial<Record<FormField, string>> = {};
    if (!/^https?:\/\/\S+$/i.test(url.trim())) local.url = t("whErrUrl");
    if (events.length === 0) local.events = t("whErrEvents");
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) {
      focusFirstProblem(formRef.current);
      return;
    }
    setBusy(true);
    const input = { url: url.trim(), description: description.trim(), events, internal };
    try {
      if (editing) {
        const saved = await updateWebhook(unitId, editing.id, input);
        await onSaved(t("whUpdated", { url: saved.url }));
      } else {
        const created = await createWebhook(unitId, input);
        setUrl("");
        setDescription("");
        setEvents(["petition.created"]);
        setInternal(false);
        await onSaved(t("whCreated", { url: created.url }), { url: created.url, secret: created.secret });
      }
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      const apiError = toApiError(error);
      const mapped = mapErrors(apiError);
      setErrors(mapped);
      setFormError(Object.keys(mapped).length > 0 ? null : apiError.detail);
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={(event) => void onSubmit(event)}
      aria-busy={busy || undefined}
      className="narrow-form webhook-form"
      aria-labelledby="webhook-form-title"
    >
      <h3 id="webhook-form-title" tabIndex={-1}>
        {editing ? t("whEditTitle", { url: editing.url }) : t("whCreateTitle")}
      </h3>
      {formError && (
        <p className="form-error" role="alert" tabIndex={-1}>
          {formError}
        </p>
      )}
      <TextField
        id="webhook-url"
        type="url"
        inputMode="url"
        label={t("whUrl")}
        hint={t("whUrlHint")}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        value={url}
        onValueChange={setUrl}
        error={errors.url}
        maxLength={2000}
        required
      />
      <TextField
        id="webhook-description"
        label={t("whDescription")}
        hint={t("whDescriptionHint")}
        autoComplete="off"
        value={description}
        onValueChange={setDescription}
        error={errors.description}
        maxLength={200}
      />
      <fieldset
        className="event-choice"
        aria-describedby={errors.events ? "webhook-events-error" : undefined}
      >
        <legend>{t("whEvents")}</legend>
        {WEBHOOK_EVENTS.map((event) => (
          <div key={event} className="field checkbox-field">
            <input
              type="checkbox"
              id={`webhook-event-${event}`}
              checked={events.includes(event)}
              onChange={(e) => toggleEvent(event, e.target.checked)}
              aria-invalid={errors.events ? true : undefined}
            />
            <label htmlFor={`webhook-event-${event}`}>
              {eventLabel(event)} <code>{event}</code>
            </label>
          </div>
        ))}
        {errors.events && (
          <p id="webhook-events-error" className="field-error">
            {errors.events}
          </p>
        )}
      </fieldset>
      <div className="field checkbox-field">
        <input
          type="checkbox"
          id="webhook-internal"
          checked={internal}
          onChange={(e) => setInternal(e.target.checked)}
          aria-invalid={errors.internal ? true : undefined}
          aria-describedby={
            errors.internal ? "webhook-internal-warning webhook-internal-error" : "webhook-internal-warning"
          }
        />
        <label htmlFor="webhook-internal">{t("whInternal")}</label>
        <p id="webhook-internal-warning" className="warning internal-warning">
          {t("whInternalWarning")}
        </p>
        {errors.internal && (
          <p id="webhook-internal-error" className="field-error">
            {errors.internal}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button primary" aria-disabled={busy || undefined}>
          {busy ? t("saving") : editing ? t("whSave") : t("whCreate")}
        </button>
        {editing && (
          <button type="button" className="button" onClick={onCancel}>
            {t("cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
