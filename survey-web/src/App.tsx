import { Component, type ComponentType, lazy, type ReactNode, Suspense, useState } from "react";
import { setLang, t, useLang } from "./i18n";
import type { ResultsView } from "./results/types";
import { SurveyApp } from "./SurveyApp";

type Route =
  | { kind: "landing" }
  | { kind: "survey"; code: string }
  | { kind: "petition"; unitSlug: string }
  | { kind: "tracking"; code: string | null }
  | { kind: "results"; view: ResultsView }
  | { kind: "unknown" };

function segment(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** `?revision=n` of a month's results: a positive integer, or null. */
function revisionParam(search: string): number | null {
  const value = new URLSearchParams(search).get("revision");
  return value && /^[1-9]\d{0,5}$/.test(value) ? Number(value) : null;
}

function parseRoute(pathname: string, search = ""): Route {
  if (pathname === "/" || pathname === "/index.html") return { kind: "landing" };
  const survey = /^\/s\/([^/]+)\/?$/.exec(pathname);
  if (survey) {
    const code = segment(survey[1]);
    return code ? { kind: "survey", code } : { kind: "unknown" };
  }
  const petition = /^\/p\/([^/]+)\/?$/.exec(pathname);
  if (petition) {
    const unitSlug = segment(petition[1])?.toLowerCase();
    return unitSlug ? { kind: "petition", unitSlug } : { kind: "unknown" };
  }
  if (/^\/t\/?$/.test(pathname)) return { kind: "tracking", code: null };
  const tracking = /^\/t\/([^/]+)\/?$/.exec(pathname);
  if (tracking) {
    const code = segment(tracking[1]);
    return code ? { kind: "tracking", code } : { kind: "unknown" };
  }
  const results = /^\/(embed\/)?r\/([^/]+)(?:\/([^/]+))?\/?$/.exec(pathname);
  if (results) {
    const unitSlug = segment(results[2])?.toLowerCase();
    const month = results[3] === undefined ? null : segment(results[3]);
    if (!unitSlug || (results[3] !== undefined && month === null)) return { kind: "unknown" };
    if (results[1])
      return month === null ? { kind: "results", view: { view: "embed", unitSlug } } : { kind: "unknown" };
    if (month === null) return { kind: "results", view: { view: "list", unitSlug } };
    return { kind: "results", view: { view: "month", unitSlug, month, revision: revisionParam(search) } };
  }
  return { kind: "unknown" };
}

// The petition form and the tracking page are separate chunks: the survey page (/s/), opened from
// a QR code on a cheap phone, never downloads them.
const loadPetitionPage = () => import("./petition/PetitionApp").then((m) => ({ default: m.PetitionApp }));
const loadTrackingPage = () => import("./petition/TrackingApp").then((m) => ({ default: m.TrackingApp }));
// The monthly public results (/r/, /embed/r/): one more chunk of its own.
const loadResultsPage = () => import("./results/ResultsApp").then((m) => ({ default: m.ResultsApp }));

function LoadingPanel() {
  return (
    <section className="panel" aria-busy="true">
      <h1>{t("loadingPage")}</h1>
    </section>
  );
}

/** Shown when a page's script could not be downloaded (weak connection): try again, by hand or when online. */
class PageErrorBoundary extends Component<{ onRetry: () => void; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  private readonly onOnline = () => this.props.onRetry();

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidUpdate() {
    if (this.state.failed) window.addEventListener("online", this.onOnline);
  }

  override componentWillUnmount() {
    window.removeEventListener("online", this.onOnline);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <section className="panel">
        <h1>{t("pageLoadErrorTitle")}</h1>
        <p>{t("pageLoadErrorText")}</p>
        <button type="button" className="button primary" onClick={this.props.onRetry}>
          {t("retry")}
        </button>
      </section>
    );
  }
}

function LazyPage<P extends object>({
  load,
  props,
}: {
  load: () => Promise<{ default: ComponentType<P> }>;
  props: P;
}) {
  // A failed import stays failed inside React.lazy: a retry needs a new lazy component.
  const [attempt, setAttempt] = useState(0);
  const [Page, setPage] = useState(() => lazy(load));
  const retry = () => {
    setPage(() => lazy(load));
    setAttempt((n) => n + 1);
  };
  return (
    <PageErrorBoundary key={attempt} onRetry={retry}>
      <Suspense fallback={<LoadingPanel />}>
        <Page {...props} />
      </Suspense>
    </PageErrorBoundary>
  );
}

function LanguageSwitch() {
  const lang = useLang();
  return (
    <fieldset className="lang-switch">
      <legend className="visually-hidden">{t("languageLabel")}</legend>
      <button type="button" lang="vi" aria-pressed={lang === "vi"} onClick={() => setLang("vi")}>
        Tiếng Việt
      </button>
      <button type="button" lang="en" aria-pressed={lang === "en"} onClick={() => setLang("en")}>
        English
      </button>
    </fieldset>
  );
}

export function App() {
  useLang();
  const route = parseRoute(window.location.pathname, window.location.search);
  if (route.kind === "results" && route.view.view === "embed") {
    // Shown in an iframe on the school's website: no site chrome.
    return (
      <main className="page embed-page">
        <LazyPage load={loadResultsPage} props={route.view} />
      </main>
    );
  }
  return (
    <>
      <div className="topbar">
        <span className="brand">{t("appName")}</span>
        <LanguageSwitch />
      </div>
      <main className="page">
        {route.kind === "survey" && <SurveyApp key={route.code} code={route.code} />}
        {route.kind === "petition" && (
          <LazyPage load={loadPetitionPage} props={{ unitSlug: route.unitSlug }} />
        )}
        {route.kind === "tracking" && <LazyPage load={loadTrackingPage} props={{ code: route.code }} />}
        {route.kind === "results" && <LazyPage load={loadResultsPage} props={route.view} />}
        {route.kind === "landing" && (
          <section className="panel">
            <h1>{t("landingTitle")}</h1>
            <p>{t("landingText")}</p>
            <p>
              <a href="/t">{t("landingTrack")}</a>
            </p>
          </section>
        )}
        {route.kind === "unknown" && (
          <section className="panel">
            <h1>{t("pageNotFoundTitle")}</h1>
            <p>{t("pageNotFoundText")}</p>
          </section>
        )}
      </main>
    </>
  );
}
