import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { fieldErrorsOf, isSessionExpired, toApiError } from "../../api/client";
import { useConfirm } from "../../components/ConfirmDialog";
import { CopyButton } from "../../components/CopyButton";
import { focusFirstProblem, TextField } from "../../components/Field";
import { formatDateTime, t } from "../../i18n";
import { type ApiToken, changePassword, createToken, fetchTokens, revokeToken } from "./api";

interface Props {
  user: { email: string; displayName: string };
  onUnauthorized: () => void;
}

export function AccountPage({ user, onUnauthorized }: Props) {
  const [status, setStatus] = useState("");
  return (
    <main id="main" className="content" tabIndex={-1}>
      <div className="page-head">
        <h1>{t("accountTitle")}</h1>
        <p className="status-line" aria-live="polite">
          {status}
        </p>
      </div>
      <dl className="facts">
        <div>
          <dt>{t("fullName")}</dt>
          <dd>{user.displayName || "—"}</dd>
        </div>
        <div>
          <dt>{t("email")}</dt>
          <dd>{user.email}</dd>
        </div>
      </dl>
      <PasswordForm email={user.email} onStatus={setStatus} onUnauthorized={onUnauthorized} />
      <Tokens onStatus={setStatus} onUnauthorized={onUnauthorized} />
    </main>
  );
}

type PasswordField = "currentPassword" | "newPassword" | "confirmPassword";

interface SectionProps {
  onStatus: (message: string) => void;
  onUnauthorized: () => void;
}

function PasswordForm({ email, onStatus, onUnauthorized }: SectionProps & { email: string }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [errors, setErrors] = useState<Partial<Record<PasswordField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const local: Partial<Record<PasswordField, string>> = {};
    if (!current) local.currentPassword = t("errPasswordRequired");
    if (next.length < 10) local.newPassword = t("errPasswordShort");
    else if (next !== again) local.confirmPassword = t("errPasswordMismatch");
    setErrors(local);
    setFormError(null);
    onStatus("");
    if (Object.keys(local).length > 0) {
      focusFirstProblem(formRef.current);
      return;
    }
    setBusy(true);
    try {
      await changePassword(current, next);
      setCurrent("");
      setNext("");
      setAgain("");
      onStatus(t("passwordChanged"));
    } catch (err) {
      if (isSessionExpired(err)) return onUnauthorized();
      const apiError = toApiError(err);
      const mapped = fieldErrorsOf(apiError, ["currentPassword", "newPassword"] as const);
      if (apiError.code === "invalid_credentials" && !mapped.currentPassword) {
        mapped.currentPassword = apiError.detail;
      }
      setErrors(mapped);
      setFormError(Object.keys(mapped).length > 0 ? null : apiError.detail);
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 id="password-title">{t("changePasswordTitle")}</h2>
      <form
        ref={formRef}
        noValidate
        onSubmit={onSubmit}
        aria-busy={busy || undefined}
        className="narrow-form"
      >
        {formError && (
          <p className="form-error" role="alert" tabIndex={-1}>
            {formError}
          </p>
        )}
        {/* Lets password managers pair the new password with this account. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <TextField
          id="current-password"
          label={t("currentPassword")}
          type="password"
          autoComplete="current-password"
          value={current}
          onValueChange={setCurrent}
          error={errors.currentPassword}
          required
        />
        <TextField
          id="new-password"
          label={t("newPassword")}
          hint={t("passwordRule")}
          type="password"
          autoComplete="new-password"
          value={next}
          onValueChange={setNext}
          error={errors.newPassword}
          required
        />
        <TextField
          id="confirm-password"
          label={t("confirmPassword")}
          type="password"
          autoComplete="new-password"
          value={again}
          onValueChange={setAgain}
          error={errors.confirmPassword}
          required
        />
        <button type="submit" className="button primary" aria-disabled={busy || undefined}>
          {busy ? t("saving") : t("changePassword")}
        </button>
      </form>
    </section>
  );
}

function Tokens({ onStatus, onUnauthorized }: SectionProps) {
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const tokenRef = useRef<HTMLInputElement>(null);
  const { dialog, confirm } = useConfirm();

  const load = useCallback(async () => {
    try {
      const data = await fetchTokens();
      setTokens(data.items);
      setLoadError(null);
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      setLoadError(toApiError(error).detail);
    }
  }, [onUnauthorized]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (created) tokenRef.current?.select();
  }, [created]);

  const onCreate = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!name.trim()) {
      setNameError(t("errTokenName"));
      focusFirstProblem(formRef.current);
      return;
    }
    setNameError(undefined);
    setActionError(null);
    setBusy(true);
    try {
      const result = await createToken(name.trim());
      setCreated({ name: result.name, token: result.token });
      setName("");
      onStatus(t("tokenCreated", { name: result.name }));
      await load();
    } catch (err) {
      if (isSessionExpired(err)) return onUnauthorized();
      const apiError = toApiError(err);
      const mapped = fieldErrorsOf(apiError, ["name"] as const).name;
      setNameError(mapped);
      if (!mapped) setActionError(apiError.detail);
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  const onRevoke = async (token: ApiToken) => {
    const ok = await confirm({
      title: t("revokeTokenTitle"),
      message: t("revokeTokenConfirm", { name: token.name }),
      confirmLabel: t("revokeToken"),
    });
    if (!ok) return;
    setActionError(null);
    try {
      await revokeToken(token.id);
      onStatus(t("tokenRevoked", { name: token.name }));
      await load();
      requestAnimationFrame(() => document.getElementById("tokens-title")?.focus());
    } catch (err) {
      if (isSessionExpired(err)) return onUnauthorized();
      setActionError(toApiError(err).detail);
    }
  };

  return (
    <section className="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title" tabIndex={-1}>
        {t("tokensTitle")}
      </h2>
      <p className="muted">{t("tokensIntro")}</p>
      <p className="muted">
        {t("tokensUsage")} <code>Authorization: Bearer …</code>
      </p>
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
            <strong>{t("tokenOnceWarning")}</strong>
          </p>
          <div className="field">
            <label htmlFor="new-token">{t("newTokenLabel", { name: created.name })}</label>
            <input
              ref={tokenRef}
              id="new-token"
              className="mono"
              readOnly
              value={created.token}
              spellCheck={false}
              autoComplete="off"
              onFocus={(event) => event.target.select()}
            />
          </div>
          <div className="form-actions">
            <CopyButton text={created.token} label={t("copyToken")} copiedText={t("tokenCopied")} />
            <button type="button" className="button small" onClick={() => setCreated(null)}>
              {t("tokenSaved")}
            </button>
          </div>
        </div>
      )}
      {tokens !== null && tokens.length === 0 && <p>{t("noTokens")}</p>}
      {tokens !== null && tokens.length > 0 && (
        <div className="table-wrap">
          <table className="data-table">
            <caption>{t("tokensCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("tokenName")}</th>
                <th scope="col">{t("colCreated")}</th>
                <th scope="col">{t("colLastUsed")}</th>
                <th scope="col">{t("colStatus")}</th>
                <th scope="col">{t("colActions")}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>{formatDateTime(token.createdAt)}</td>
                  <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t("neverUsed")}</td>
                  <td>
                    {token.revokedAt ? (
                      <span className="status status-closed">
                        {t("tokenRevokedAt", { time: formatDateTime(token.revokedAt) })}
                      </span>
                    ) : (
                      <span className="status status-open">{t("tokenActive")}</span>
                    )}
                  </td>
                  <td>
                    {!token.revokedAt && (
                      <button
                        type="button"
                        className="button small danger"
                        aria-label={t("revokeTokenLabel", { name: token.name })}
                        onClick={() => void onRevoke(token)}
                      >
                        {t("revokeToken")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        ref={formRef}
        noValidate
        onSubmit={onCreate}
        aria-busy={busy || undefined}
        className="narrow-form"
      >
        <h3>{t("createTokenTitle")}</h3>
        <TextField
          id="token-name"
          label={t("tokenName")}
          hint={t("tokenNameHint")}
          autoComplete="off"
          value={name}
          onValueChange={setName}
          error={nameError}
          required
        />
        <button type="submit" className="button primary" aria-disabled={busy || undefined}>
          {t("createToken")}
        </button>
      </form>
      {dialog}
    </section>
  );
}
