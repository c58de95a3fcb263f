import { type FormEvent, useRef, useState } from "react";
import { fieldErrorsOf, toApiError } from "../../api/client";
import { focusFirstProblem, TextField } from "../../components/Field";
import { Link } from "../../components/Link";
import { t } from "../../i18n";
import { hrefFor } from "../../router";
import { requestPasswordReset } from "./api";

export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
      setError(email.trim() ? t("errEmailInvalid") : t("errEmailRequired"));
      focusFirstProblem(formRef.current);
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await requestPasswordReset(email.trim());
      setSent(true);
    } catch (err) {
      const apiError = toApiError(err);
      const mapped = fieldErrorsOf(apiError, ["email"] as const).email;
      setError(mapped);
      setFormError(mapped ? null : apiError.detail);
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login" tabIndex={-1}>
      <div className="card">
        <h1>{t("forgotTitle")}</h1>
        <div aria-live="polite">{sent && <p className="notice">{t("forgotSent")}</p>}</div>
        {!sent && (
          <>
            <p className="muted">{t("forgotIntro")}</p>
            <form ref={formRef} noValidate onSubmit={onSubmit} aria-busy={busy || undefined}>
              {formError && (
                <p className="form-error" role="alert" tabIndex={-1}>
                  {formError}
                </p>
              )}
              <TextField
                id="forgot-email"
                label={t("email")}
                type="email"
                inputMode="email"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                value={email}
                onValueChange={setEmail}
                error={error}
                required
              />
              <button type="submit" className="button primary" aria-disabled={busy || undefined}>
                {busy ? t("sending") : t("sendResetLink")}
              </button>
            </form>
          </>
        )}
        <p className="card-links">
          <Link href={hrefFor("surveys")}>{t("backToSignIn")}</Link>
        </p>
      </div>
    </main>
  );
}
