import { LanguageSwitch } from "../../components/LanguageSwitch";
import { t } from "../../i18n";
import type { Session } from "./api";

interface Props {
  session: Session;
  signingOut: boolean;
  onSignOut: () => void;
}

export function AppHeader({ session, signingOut, onSignOut }: Props) {
  const units = [...new Set(session.roles.map((role) => role.unitName))];
  return (
    <header className="app-header">
      <span className="brand">{t("appName")}</span>
      <dl className="account">
        <div>
          <dt>{t("signedInAs")}</dt>
          <dd>{session.user.email}</dd>
        </div>
        {units.length > 0 && (
          <div>
            <dt>{t("unitsLabel")}</dt>
            <dd>{units.join(", ")}</dd>
          </div>
        )}
      </dl>
      <div className="header-actions">
        <LanguageSwitch />
        <button type="button" className="button" onClick={onSignOut} aria-disabled={signingOut || undefined}>
          {t("signOut")}
        </button>
      </div>
    </header>
  );
}
