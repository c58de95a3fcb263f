import { useCallback, useEffect, useState } from "react";
import { ApiError } from "./api/client";
import { LanguageSwitch } from "./components/LanguageSwitch";
import { AppHeader } from "./features/auth/AppHeader";
import { fetchSession, logout, type Session, type User } from "./features/auth/api";
import { LoginPage } from "./features/auth/LoginPage";
import { SurveysPage } from "./features/surveys/SurveysPage";
import { type MessageKey, t, useLang } from "./i18n";

type AuthState =
  | { kind: "loading" }
  | { kind: "error"; message: string }
  | { kind: "anonymous"; notice: MessageKey | null }
  | { kind: "signedIn"; session: Session };

export function App() {
  useLang();
  const [auth, setAuth] = useState<AuthState>({ kind: "loading" });
  const [signingOut, setSigningOut] = useState(false);

  const loadSession = useCallback(async () => {
    setAuth({ kind: "loading" });
    try {
      setAuth({ kind: "signedIn", session: await fetchSession() });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setAuth({ kind: "anonymous", notice: null });
      else setAuth({ kind: "error", message: error instanceof ApiError ? error.detail : t("errGeneric") });
    }
  }, []);

  useEffect(() => {
    void loadSession();
  }, [loadSession]);

  const onSignedIn = async (user: User) => {
    try {
      setAuth({ kind: "signedIn", session: await fetchSession() });
    } catch {
      setAuth({ kind: "signedIn", session: { user, roles: [] } });
    }
  };

  const onSignOut = async () => {
    if (signingOut) return;
    setSigningOut(true);
    try {
      await logout();
    } catch {
      // The session is dropped locally either way.
    } finally {
      setSigningOut(false);
      setAuth({ kind: "anonymous", notice: "signedOut" });
    }
  };

  const onUnauthorized = useCallback(() => setAuth({ kind: "anonymous", notice: "sessionExpired" }), []);

  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      {auth.kind === "loading" && (
        <main id="main" className="login">
          <p>{t("loading")}</p>
        </main>
      )}
      {auth.kind === "error" && (
        <main id="main" className="login">
          <div className="card">
            <div className="top-switch">
              <LanguageSwitch />
            </div>
            <p className="form-error" role="alert">
              {auth.message}
            </p>
            <button type="button" className="button primary" onClick={() => void loadSession()}>
              {t("retry")}
            </button>
          </div>
        </main>
      )}
      {auth.kind === "anonymous" && (
        <>
          <div className="top-switch">
            <LanguageSwitch />
          </div>
          <LoginPage
            notice={auth.notice ? t(auth.notice) : null}
            onSignedIn={(user) => void onSignedIn(user)}
          />
        </>
      )}
      {auth.kind === "signedIn" && (
        <>
          <AppHeader session={auth.session} signingOut={signingOut} onSignOut={() => void onSignOut()} />
          <SurveysPage onUnauthorized={onUnauthorized} />
        </>
      )}
    </>
  );
}
