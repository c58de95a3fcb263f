import { setLang, t, useLang } from "../i18n";

export function LanguageSwitch() {
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
