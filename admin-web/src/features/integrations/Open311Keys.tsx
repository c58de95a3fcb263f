import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { fieldErrorsOf, isSessionExpired, toApiError } from "../../api/client";
import { useConfirm } from "../../components/ConfirmDialog";
import { CopyButton } from "../../components/CopyButton";
import { focusFirstProblem, TextField } from "../../components/Field";
import { ScrollRegion } from "../../components/ScrollRegion";
import { formatDateTime, t } from "../../i18n";
import { createOpen311Key, fetchOpen311Keys, type Open311Key, revokeOpen311Key } from "./api";
import type { IntegrationUnit } from "./IntegrationsPage";

interface Props {
  unit: IntegrationUnit;
  onStatus: (message: string) => void;
  onUnauthorized: () => void;
}

/** A shell word in single quotes (safe whatever it holds). */
const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** A `curl` filing one petition with the key, as an Open311 client would (form-encoded). */
export function curlExample(origin: string, slug: string, key: string): string {
  const fields = [
    `jurisdiction_id=${slug}`,
    `api_key=${key}`,
    "service_code=reflection",
    `description=${t("o311ExampleDescription")}`,
    "attribute[consent_contact]=no",
    "attribute[consent_publish]=no",
  ];
  return [
    `curl -X POST ${quote(`${origin}/open311/v2/requests.json`)}`,
    ...fields.map((field) => `  --data-urlencode ${quote(field)}`),
  ].join(" \\\n");
}

/** The unit's Open311 client keys: listed by name, created (shown once), revoked. */
export function Open311Keys({ unit, onStatus, onUnauthorized }: Props) {
  const [keys, setKeys] = useState<Open311Key[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [busyRow, setBusyRow] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const keyRef = useRef<HTMLInputElement>(null);
  const { dialog, confirm } = useConfirm();
  const unitId = unit.id;

  const load = useCallback(async () => {
    try {
      const data = await fetchOpen311Keys(unitId);
      setKeys(data.items);
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
    if (created) keyRef.current?.select();
  }, [created]);

  const onCreate = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!name.trim()) {
      setNameError(t("o311ErrName"));
      setFormError(null);
      focusFirstProblem(formRef.current);
      return;
    }
    setNameError(undefined);
    setFormError(null);
    setActionError(null);
    onStatus("");
    setBusy(true);
    try {
      const result = await createOpen311Key(unitId, name.trim());
      setCreated({ name: result.name, key: result.key });
      setName("");
      onStatus(t("o311Created", { name: result.name }));
      await load();
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      const apiError = toApiError(error);
      const mapped = fieldErrorsOf(apiError, ["name"] as const).name;
      setNameError(mapped);
      setFormError(mapped ? null : apiError.detail);
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  const onRevoke = async (key: Open311Key) => {
    if (busyRow) return;
    const ok = await confirm({
      title: t("o311RevokeTitle"),
      message: t("o311RevokeConfirm", { name: key.name }),
      confirmLabel: t("o311Revoke"),
    });
    if (!ok) return;
    setBusyRow(key.id);
    setActionError(null);
    onStatus("");
    try {
      await revokeOpen311Key(unitId, key.id);
      onStatus(t("o311Revoked", { name: key.name }));
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      setActionError(toApiError(error).detail);
    } finally {
      setBusyRow(null);
      await load();
    }
    requestAnimationFrame(() => document.getElementById("open311-title")?.focus());
  };

  const example = created ? curlExample(window.location.origin, unit.slug, created.key) : "";

  return (
    <section className="panel" aria-labelledby="open311-title">
      <h2 id="open311-title" tabIndex={-1}>
        {t("o311Title")}
      </h2>
      <p className="muted">{t("o311Intro", { unit: unit.name })}</p>
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
      {created && (
        <div className="token-reveal">
          <p className="warning">
            <strong>{t("o311OnceWarning")}</strong>
          </p>
          <div className="field">
            <label htmlFor="new-open311-key">{t("o311NewKey", { name: created.name })}</label>
            <input
              ref={keyRef}
              id="new-open311-key"
              className="mono"
              readOnly
              value={created.key}
              spellCheck={false}
              autoComplete="off"
              onFocus={(event) => event.target.select()}
            />
          </div>
          <div className="form-actions">
            <CopyButton text={created.key} label={t("o311CopyKey")} copiedText={t("o311KeyCopied")} />
          </div>
          <h3 id="open311-example-title">{t("o311Example")}</h3>
          <p className="hint">{t("o311ExampleHint", { slug: unit.slug })}</p>
          <pre className="code-block">
            <code>{example}</code>
          </pre>
          <div className="form-actions">
            <CopyButton text={example} label={t("o311CopyExample")} copiedText={t("o311ExampleCopied")} />
            <button type="button" className="button small" onClick={() => setCreated(null)}>
              {t("tokenSaved")}
            </button>
          </div>
        </div>
      )}
      {keys === null && !loadError && <p>{t("loading")}</p>}
      {keys !== null && keys.length === 0 && <p>{t("o311None")}</p>}
      {keys !== null && keys.length > 0 && (
        <ScrollRegion labelledBy="open311-caption">
          <table className="data-table">
            <caption id="open311-caption">{t("o311Caption", { unit: unit.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("o311Name")}</th>
                <th scope="col">{t("colCreated")}</th>
                <th scope="col">{t("colLastUsed")}</th>
                <th scope="col">{t("colStatus")}</th>
                <th scope="col">{t("colActions")}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.id} aria-busy={busyRow === key.id || undefined}>
                  <th scope="row">{key.name}</th>
                  <td>{formatDateTime(key.createdAt)}</td>
                  <td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : t("neverUsed")}</td>
                  <td>
                    {key.revokedAt ? (
                      <span className="status status-closed">
                        {t("o311RevokedAt", { time: formatDateTime(key.revokedAt) })}
                      </span>
                    ) : (
                      <span className="status status-open">{t("o311Active")}</span>
                    )}
                  </td>
                  <td>
                    {key.revokedAt ? (
                      <span className="muted">—</span>
                    ) : (
                      <button
                        type="button"
                        className="button small danger"
                        aria-label={t("o311RevokeLabel", { name: key.name })}
                        aria-disabled={busyRow === key.id || undefined}
                        onClick={() => void onRevoke(key)}
                      >
                        {t("o311Revoke")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <form
        ref={formRef}
        noValidate
        onSubmit={(event) => void onCreate(event)}
        aria-busy={busy || undefined}
        className="narrow-form"
        aria-labelledby="open311-create-title"
      >
        <h3 id="open311-create-title">{t("o311CreateTitle")}</h3>
        {formError && (
          <p className="form-error" role="alert" tabIndex={-1}>
            {formError}
          </p>
        )}
        <TextField
          id="open311-key-name"
          label={t("o311Name")}
          hint={t("o311NameHint")}
          autoComplete="off"
          value={name}
          onValueChange={setName}
          error={nameError}
          maxLength={80}
          required
        />
        <button type="submit" className="button primary" aria-disabled={busy || undefined}>
          {busy ? t("saving") : t("o311Create")}
        </button>
      </form>
      {dialog}
    </section>
  );
}
