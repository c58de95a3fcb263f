import { LanguageSwitch } from "../../components/LanguageSwitch";
import { Link } from "../../components/Link";
import { UnitSwitcher } from "../../components/UnitSwitcher";
import type { TreeItem } from "../../components/unitTree";
import { t } from "../../i18n";
import type { Session } from "./api";

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

interface Props {
  session: Session;
  signingOut: boolean;
  onSignOut: () => void;
  nav: NavItem[];
  units: readonly TreeItem[];
  selectedUnitId: string | null;
  onSelectUnit: (unitId: string) => void;
}

export function AppHeader({
  session,
  signingOut,
  onSignOut,
  nav,
  units,
  selectedUnitId,
  onSelectUnit,
}: Props) {
  return (
    <header className="app-header">
      <div className="header-row">
        <span className="brand">{t("appName")}</span>
        <dl className="account">
          <div>
            <dt>{t("signedInAs")}</dt>
            <dd>{session.user.email}</dd>
          </div>
        </dl>
        <UnitSwitcher units={units} value={selectedUnitId} onChange={onSelectUnit} />
        <div className="header-actions">
          <LanguageSwitch />
          <button
            type="button"
            className="button"
            onClick={onSignOut}
            aria-disabled={signingOut || undefined}
          >
            {t("signOut")}
          </button>
        </div>
      </div>
      <nav className="main-nav" aria-label={t("mainNav")}>
        <ul>
          {nav.map((item) => (
            <li key={item.href}>
              <Link href={item.href} aria-current={item.current ? "page" : undefined}>
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
