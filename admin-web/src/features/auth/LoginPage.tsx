import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError } from "../../api/client";
import { Link } from "../../components/Link";
import { t } from "../../i18n";
import { hrefFor } from "../../router";
import { login, type User } from "./api";

type Field = "email" | "password";

interface Props {
  notice: string | null;
  onSignedIn: (user: User) => void;
}

export function LoginPage({ notice, onSignedIn }: Props) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [blockedUntil, setBlockedUntil] = useState(0);
  const [focusTick, setFocusTick] = useState(0);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (focusTick === 0) return;
    if (fieldErrors.email) emailRef.current?.focus();
    else if (fieldErrors.password) passwordRef.current?.focus();
    else errorRef.current?.focus();
  }, [focusTick, fieldErrors]);

  useEffect(() => {
    if (blockedUntil <= Date.now()) return;
    const timer = setTimeout(() => setBlockedUntil(0), blockedUntil - Date.now());
    return () => clearTimeout(timer);
  }, [blockedUntil]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || blockedUntil > Date.now()) return;
    const local: Partial<Record<Field, string>> = {};
    if (!email.trim()) local.email = t("errEmailRequired");
    if (!password) local.password = t("errPasswordRequired");
    setFormError(null);
    setFieldErrors(local);
    if (local.email || local.password) {
      setFocusTick((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const { user } = await login(email.trim(), password);
      onSignedIn(user);
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(0, { detail: t("errGeneric") });
      const mapped: Partial<Record<Field, string>> = {};
      for (const item of apiError.errors) {
        if (item.field === "email" || item.field === "password") mapped[item.field] ??= item.message;
      }
      setFieldErrors(mapped);
      let message = apiError.detail;
      if (apiError.status === 429) {
        // The server's detail already says how long to wait; the seconds are only a fallback.
        if (apiError.retryAfter) setBlockedUntil(Date.now() + apiError.retryAfter * 1000);
        if (apiError.detail === t("errGeneric") && apiError.retryAfter) {
          message = `${message} ${t("retryAfter", { seconds: apiError.retryAfter })}`;
        }
      }
      setFormError(mapped.email || mapped.password ? null : message);
      setFocusTick((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const describedBy = (field: Field) => (fieldErrors[field] ? `login-${field}-error` : undefined);

  return (
    <main id="main" className="login">
      <div className="card">
        <h1>{t("loginTitle")}</h1>
        <p className="muted">{t("loginIntro")}</p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <form noValidate onSubmit={onSubmit} aria-busy={busy || undefined}>
          {formError && (
            <p className="form-error" role="alert" tabIndex={-1} ref={errorRef}>
              {formError}
            </p>
          )}
          <div className="field">
            <label htmlFor="login-email">{t("email")}</label>
            <input
              ref={emailRef}
              id="login-email"
              name="email"
              type="email"
              inputMode="email"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-invalid={fieldErrors.email ? true : undefined}
              aria-describedby={describedBy("email")}
            />
            {fieldErrors.email && (
              <p id="login-email-error" className="field-error">
                {fieldErrors.email}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor="login-password">{t("password")}</label>
            <input
              ref={passwordRef}
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={fieldErrors.password ? true : undefined}
              aria-describedby={describedBy("password")}
            />
            {fieldErrors.password && (
              <p id="login-password-error" className="field-error">
                {fieldErrors.password}
              </p>
            )}
          </div>
          <button
            type="submit"
            className="button primary"
            aria-disabled={busy || blockedUntil > 0 || undefined}
          >
            {t("signIn")}
          </button>
          <p className="muted" role="status">
            {busy ? t("signingIn") : ""}
          </p>
        </form>
        <p className="card-links">
          <Link href={hrefFor("forgot")}>{t("forgotLink")}</Link>
        </p>
      </div>
    </main>
  );
}
