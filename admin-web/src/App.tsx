import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  canExportResponses,
  canHandlePetitions,
  canManagePetitions,
  canManageSurveys,
  canManageUnit,
  canOpenPage,
  canPublishReports,
} from "./access";
import { ApiError, isSessionExpired, toApiError } from "./api/client";
import { LanguageSwitch } from "./components/LanguageSwitch";
import { Link } from "./components/Link";
import { flattenTree } from "./components/unitTree";
import { AccountPage } from "./features/account/AccountPage";
import { AuditPage } from "./features/audit/AuditPage";
import { AppHeader, type NavItem } from "./features/auth/AppHeader";
import { fetchSession, logout, type Session, type User } from "./features/auth/api";
import { ForgotPasswordPage } from "./features/auth/ForgotPasswordPage";
import { LoginPage } from "./features/auth/LoginPage";
import { ResetPasswordPage } from "./features/auth/ResetPasswordPage";
import { CalendarPage } from "./features/calendar/CalendarPage";
import { NationalCalendarPage } from "./features/calendar/NationalCalendarPage";
import { TetBreakNotice } from "./features/calendar/TetBreakWarning";
import { DashboardPage } from "./features/dashboard/DashboardPage";
import { IntegrationsPage } from "./features/integrations/IntegrationsPage";
import { PetitionPage } from "./features/petitions/PetitionPage";
import { PetitionsPage } from "./features/petitions/PetitionsPage";
import { ReportsPage } from "./features/reports/ReportsPage";
import { StaffPage } from "./features/staff/StaffPage";
import { SurveyPage } from "./features/surveys/SurveyPage";
import { SurveysPage } from "./features/surveys/SurveysPage";
import { fetchUnits, type Unit } from "./features/units/api";
import { UnitsPage } from "./features/units/UnitsPage";
import { type MessageKey, t, useLang } from "./i18n";
import {
  hrefFor,
  PUBLIC_ROUTES,
  petitionFromPath,
  type RouteName,
  routeFromPath,
  surveyFromPath,
  usePathname,
} from "./router";

type AuthState =
  | { kind: "loading" }
  | { kind: "error"; message: string }
  | { kind: "anonymous"; notice: MessageKey | null }
  | { kind: "signedIn"; session: Session };

const UNIT_STORAGE_KEY = "gopy.admin.unit";

const NAV: {
  route: Exclude<RouteName, "survey" | "petition" | "nationalCalendar">;
  label: MessageKey;
}[] = [
  { route: "surveys", label: "navSurveys" },
  { route: "petitions", label: "navPetitions" },
  { route: "dashboard", label: "navDashboard" },
  { route: "reports", label: "navReports" },
  { route: "units", label: "navUnits" },
  { route: "calendar", label: "navCalendar" },
  { route: "staff", label: "navStaff" },
  { route: "integrations", label: "navIntegrations" },
  { route: "audit", label: "navAudit" },
  { route: "account", label: "navAccount" },
];

const PAGE_TITLES: Record<RouteName, MessageKey> = {
  surveys: "surveysTitle",
  survey: "surveyPageTitle",
  petitions: "petitionsTitle",
  petition: "petitionPageTitle",
  dashboard: "dashboardTitle",
  reports: "reportsTitle",
  units: "unitsTitle",
  calendar: "calendarTitle",
  nationalCalendar: "nationalCalendarTitle",
  staff: "staffTitle",
  integrations: "integrationsTitle",
  audit: "auditTitle",
  account: "accountTitle",
  reset: "resetTitle",
  forgot: "forgotTitle",
};

function readStoredUnit(): string | null {
  try {
    return localStorage.getItem(UNIT_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function App() {
  useLang();
  const pathname = usePathname();
  const route = routeFromPath(pathname);
  const [auth, setAuth] = useState<AuthState>({ kind: "loading" });
  const [signingOut, setSigningOut] = useState(false);
  const [units, setUnits] = useState<Unit[] | null>(null);
  const [unitsError, setUnitsError] = useState<string | null>(null);
  const [storedUnitId, setStoredUnitId] = useState<string | null>(readStoredUnit);
  const lastPath = useRef<string | null>(null);

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

  const onUnauthorized = useCallback(() => {
    setUnits(null);
    setAuth({ kind: "anonymous", notice: "sessionExpired" });
  }, []);

  const signedInUserId = auth.kind === "signedIn" ? auth.session.user.id : null;

  const loadUnits = useCallback(async () => {
    try {
      const data = await fetchUnits();
      setUnits(data.items);
      setUnitsError(null);
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      setUnitsError(toApiError(error).detail);
    }
  }, [onUnauthorized]);

  useEffect(() => {
    if (signedInUserId) void loadUnits();
  }, [signedInUserId, loadUnits]);

  // Page title per route and language; focus moves to the new page's main region on navigation.
  const pageTitle = `${route ? t(PAGE_TITLES[route]) : t("notFoundTitle")} — ${t("documentTitle")}`;
  useEffect(() => {
    document.title = pageTitle;
  }, [pageTitle]);

  useEffect(() => {
    if (lastPath.current === pathname) return;
    const initial = lastPath.current === null;
    lastPath.current = pathname;
    // A page may name a better starting point (e.g. the heading of a survey's section).
    if (!initial) {
      requestAnimationFrame(() => {
        const preferred = Array.from(document.querySelectorAll<HTMLElement>("[data-nav-focus]")).find(
          (element) => element.getClientRects().length > 0,
        );
        (preferred ?? document.getElementById("main"))?.focus();
      });
    }
  });

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
      setUnits(null);
      setAuth({ kind: "anonymous", notice: "signedOut" });
    }
  };

  const ordered = useMemo(() => (units ? flattenTree(units) : []), [units]);
  const selectedUnit = ordered.find(({ unit }) => unit.id === storedUnitId)?.unit ?? ordered[0]?.unit ?? null;

  const onSelectUnit = (unitId: string) => {
    setStoredUnitId(unitId);
    try {
      localStorage.setItem(UNIT_STORAGE_KEY, unitId);
    } catch {
      // Ignore: the choice will not survive a reload.
    }
  };

  if (route && PUBLIC_ROUTES.includes(route)) {
    return (
      <>
        <a className="skip-link" href="#main">
          {t("skipToContent")}
        </a>
        <div className="top-switch">
          <LanguageSwitch />
        </div>
        {route === "reset" ? <ResetPasswordPage /> : <ForgotPasswordPage />}
      </>
    );
  }

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
        <SignedIn
          session={auth.session}
          route={route}
          units={units}
          unitsError={unitsError}
          selectedUnit={selectedUnit}
          onSelectUnit={onSelectUnit}
          onReloadUnits={loadUnits}
          pathname={pathname}
          signingOut={signingOut}
          onSignOut={() => void onSignOut()}
          onUnauthorized={onUnauthorized}
        />
      )}
    </>
  );
}

interface SignedInProps {
  session: Session;
  route: RouteName | null;
  pathname: string;
  units: Unit[] | null;
  unitsError: string | null;
  selectedUnit: Unit | null;
  onSelectUnit: (unitId: string) => void;
  onReloadUnits: () => Promise<void>;
  signingOut: boolean;
  onSignOut: () => void;
  onUnauthorized: () => void;
}

function SignedIn(props: SignedInProps) {
  const { session, route, units, selectedUnit, onUnauthorized } = props;
  const access = { isSuperadmin: session.user.isSuperadmin === true, roles: session.roles };
  const list = units ?? [];
  const canManage = (unitId: string) => canManageUnit(access, list, unitId);
  const canEditSurveys = (unitId: string) => canManageSurveys(access, list, unitId);
  // Until next Tết's break is entered (from 1 November), admins are warned that deadlines around it
  // follow the Labour Code's default days; the superadmin gets the link to enter it.
  const tetNotice =
    access.isSuperadmin || session.roles.some((grant) => grant.role === "admin") ? (
      <TetBreakNotice canEdit={access.isSuperadmin} />
    ) : null;

  const nav: NavItem[] = NAV.filter((item) => canOpenPage(access, item.route)).map((item) => ({
    href: hrefFor(item.route),
    label: t(item.label),
    current:
      item.route === route ||
      (item.route === "surveys" && route === "survey") ||
      (item.route === "petitions" && route === "petition") ||
      (item.route === "calendar" && route === "nationalCalendar"),
  }));

  let page: ReactNode;
  if (!route) {
    page = <Notice title={t("notFoundTitle")} text={t("notFoundText")} />;
  } else if (!canOpenPage(access, route)) {
    page = <Notice title={t("forbiddenTitle")} text={t("forbiddenText")} />;
  } else if (route === "units") {
    page = (
      <UnitsPage
        units={units}
        unitsError={props.unitsError}
        selectedUnitId={selectedUnit?.id ?? null}
        isSuperadmin={access.isSuperadmin}
        canManage={canManage}
        onReload={props.onReloadUnits}
        onUnauthorized={onUnauthorized}
      />
    );
  } else if (route === "staff") {
    page = (
      <StaffPage
        unit={selectedUnit}
        canManage={selectedUnit ? canManage(selectedUnit.id) : false}
        currentUserId={session.user.id}
        onUnauthorized={onUnauthorized}
      />
    );
  } else if (route === "calendar") {
    page = (
      <CalendarPage
        key={selectedUnit?.id ?? "none"}
        unit={selectedUnit}
        canManage={selectedUnit ? canManage(selectedUnit.id) : false}
        notice={tetNotice}
        onUnauthorized={onUnauthorized}
      />
    );
  } else if (route === "nationalCalendar") {
    page = <NationalCalendarPage canEdit={access.isSuperadmin} onUnauthorized={onUnauthorized} />;
  } else if (route === "integrations") {
    page = (
      <IntegrationsPage
        key={selectedUnit?.id ?? "none"}
        unit={selectedUnit}
        canManage={selectedUnit ? canManage(selectedUnit.id) : false}
        onUnauthorized={onUnauthorized}
      />
    );
  } else if (route === "audit") {
    page = <AuditPage unit={selectedUnit} onUnauthorized={onUnauthorized} />;
  } else if (route === "account") {
    page = <AccountPage user={session.user} onUnauthorized={onUnauthorized} />;
  } else if (route === "petitions") {
    page = (
      <PetitionsPage
        unit={selectedUnit}
        canManage={selectedUnit ? canManagePetitions(access, list, selectedUnit.id) : false}
        onUnauthorized={onUnauthorized}
      />
    );
  } else if (route === "petition") {
    const petitionId = petitionFromPath(props.pathname);
    page = petitionId ? (
      <PetitionPage
        key={petitionId}
        petitionId={petitionId}
        units={list}
        currentUserId={session.user.id}
        canManage={(unitId) => canManagePetitions(access, list, unitId)}
        canHandle={(unitId) => canHandlePetitions(access, list, unitId)}
        onUnauthorized={onUnauthorized}
      />
    ) : (
      <Notice title={t("notFoundTitle")} text={t("notFoundText")} />
    );
  } else if (route === "dashboard") {
    page = <DashboardPage unit={selectedUnit} notice={tetNotice} onUnauthorized={onUnauthorized} />;
  } else if (route === "reports") {
    page = (
      <ReportsPage
        key={selectedUnit?.id ?? "none"}
        unit={selectedUnit}
        canPublish={selectedUnit ? canPublishReports(access, list, selectedUnit.id) : false}
        hasUnitsBelow={selectedUnit ? list.some((unit) => unit.parentId === selectedUnit.id) : false}
        onUnauthorized={onUnauthorized}
      />
    );
  } else if (route === "survey") {
    const target = surveyFromPath(props.pathname);
    page = target ? (
      <SurveyPage
        key={target.surveyId}
        surveyId={target.surveyId}
        tab={target.tab}
        canManage={canEditSurveys}
        canExport={(unitId) => canExportResponses(access, list, unitId)}
        onUnauthorized={onUnauthorized}
      />
    ) : (
      <Notice title={t("notFoundTitle")} text={t("notFoundText")} />
    );
  } else {
    page = (
      <SurveysPage
        unit={selectedUnit}
        canCreate={selectedUnit ? canEditSurveys(selectedUnit.id) : false}
        notice={tetNotice}
        onUnauthorized={onUnauthorized}
      />
    );
  }

  return (
    <>
      <AppHeader
        session={session}
        signingOut={props.signingOut}
        onSignOut={props.onSignOut}
        nav={nav}
        units={list}
        selectedUnitId={selectedUnit?.id ?? null}
        onSelectUnit={props.onSelectUnit}
      />
      {page}
    </>
  );
}

function Notice({ title, text }: { title: string; text: string }) {
  return (
    <main id="main" className="content" tabIndex={-1}>
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <Link href={hrefFor("surveys")}>{t("backToHome")}</Link>
      </p>
    </main>
  );
}
