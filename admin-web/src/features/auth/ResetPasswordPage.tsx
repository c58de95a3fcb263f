import { type FormEvent, useEffect, useRef, useState } from "react";
import { fieldErrorsOf, toApiError } from "../../api/client";
import { focusFirstProblem, TextField } from "../../components/Field";
import { Link } from "../../components/Link";
import { t } from "../../i18n";
import { hrefFor, navigate } from "../../router";
import { confirmPasswordReset } from "./api";

type Field = "newPassword" | "confirmPassword";

/** Sets a password from an emailed link: used both for invitations and for resets. */
export function ResetPasswordPage() {
  // The token is read once, then dropped from the address bar so it does not linger in history.
  const [token] = useState(() => new URLSearchParams(location.search).get("token") ?? "");
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [linkInvalid, setLinkInvalid] = useState(false);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (location.search) navigate(hrefFor("reset"), { replace: true });
  }, []);

  useEffect(() => {
    if (done || linkInvalid) resultRef.current?.focus();
  }, [done, linkInvalid]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const local: Partial<Record<Field, string>> = {};
    if (password.length < 10) local.newPassword = t("errPasswordShort");
    else if (password !== again) local.confirmPassword = t("errPasswordMismatch");
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) {
      focusFirstProblem(formRef.current);
      return;
    }
    setBusy(true);
    try {
      await confirmPasswordReset(token, password);
      setDone(true);
    } catch (err) {
      const apiError = toApiError(err);
      if (apiError.code === "reset_link_invalid" || apiError.status === 410) {
        setFormError(apiError.detail);
        setLinkInvalid(true);
        return;
      }
      const mapped = fieldErrorsOf(apiError, ["newPassword", "token"] as const);
      if (mapped.token) {
        // A malformed token is the same situation for the user as an expired one.
        setFormError(t("resetLinkInvalid"));
        setLinkInvalid(true);
        return;
      }
      setErrors(mapped);
      setFormError(mapped.newPassword ? null : apiError.detail);
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  const showForm = token && !done && !linkInvalid;

  return (
    <main id="main" className="login" tabIndex={-1}>
      <div className="card">
        <h1>{t("resetTitle")}</h1>
        <div ref={resultRef} tabIndex={-1} aria-live="polite">
          {done && (
            <p className="notice success">
              {t("resetDone")} <Link href={hrefFor("surveys")}>{t("goToSignIn")}</Link>
            </p>
          )}
          {!done && (!token || linkInvalid) && (
            <div className="form-error">
              <p>{linkInvalid && formError ? formError : t("resetLinkMissing")}</p>
              <Link href={hrefFor("forgot")}>{t("requestNewLink")}</Link>
            </div>
          )}
        </div>
        {showForm && (
          <>
            <p className="muted">{t("resetIntro")}</p>
            <form ref={formRef} noValidate onSubmit={onSubmit} aria-busy={busy || undefined}>
              {formError && (
                <p className="form-error" role="alert" tabIndex={-1}>
                  {formError}
                </p>
              )}
              <TextField
                id="reset-password"
                label={t("newPassword")}
                hint={t("passwordRule")}
                type="password"
                autoComplete="new-password"
                value={password}
                onValueChange={setPassword}
                error={errors.newPassword}
                required
              />
              <TextField
                id="reset-confirm"
                label={t("confirmPassword")}
                type="password"
                autoComplete="new-password"
                value={again}
                onValueChange={setAgain}
                error={errors.confirmPassword}
                required
              />
              <button type="submit" className="button primary" aria-disabled={busy || undefined}>
                {busy ? t("saving") : t("setPassword")}
              </button>
            </form>
          </>
        )}
        {!done && (
          <p className="card-links">
            <Link href={hrefFor("surveys")}>{t("backToSignIn")}</Link>
          </p>
        )}
      </div>
    </main>
  );
}
