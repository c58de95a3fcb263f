import { setLang, t, useLang } from "./i18n";
import { SurveyApp } from "./SurveyApp";

type Route = { kind: "landing" } | { kind: "survey"; code: string } | { kind: "unknown" };

function parseRoute(pathname: string): Route {
  if (pathname === "/" || pathname === "/index.html") return { kind: "landing" };
  const match = /^\/s\/([^/]+)\/?$/.exec(pathname);
  if (match?.[1]) {
    try {
      return { kind: "survey", code: decodeURIComponent(match[1]) };
    } catch {
      return { kind: "unknown" };
    }
  }
  return { kind: "unknown" };
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
  const route = parseRoute(window.location.pathname);
  return (
    <>
      <div className="topbar">
        <span className="brand">{t("appName")}</span>
        <LanguageSwitch />
      </div>
      <main className="page">
        {route.kind === "survey" && <SurveyApp key={route.code} code={route.code} />}
        {route.kind === "landing" && (
          <section className="panel">
            <h1>{t("landingTitle")}</h1>
            <p>{t("landingText")}</p>
          </section>
        )}
        {route.kind === "unknown" && (
          <section className="panel">
            <h1>{t("notFoundTitle")}</h1>
            <p>{t("notFoundText")}</p>
          </section>
        )}
      </main>
    </>
  );
}
