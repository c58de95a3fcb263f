import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../../api/client";
import { CopyButton } from "../../components/CopyButton";
import { formatNumber, formatTime, loc, type MessageKey, t } from "../../i18n";
import { fetchSurveys, type SurveyStatus, type SurveySummary } from "./api";

const REFRESH_INTERVAL_MS = 30_000;

const STATUS_KEYS: Record<SurveyStatus, MessageKey> = {
  open: "statusOpen",
  closed: "statusClosed",
  draft: "statusDraft",
};

interface Props {
  onUnauthorized: () => void;
}

export function SurveysPage({ onUnauthorized }: Props) {
  const [items, setItems] = useState<SurveySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const inFlight = useRef(false);

  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    try {
      const data = await fetchSurveys();
      setItems(data.items);
      setError(null);
      setUpdatedAt(new Date());
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        onUnauthorized();
        return;
      }
      setError(err instanceof ApiError ? err.detail : t("errGeneric"));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, [onUnauthorized]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => {
      if (document.visibilityState !== "hidden") void refresh();
    }, REFRESH_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  return (
    <main id="main" className="content" tabIndex={-1}>
      <div className="page-head">
        <h1>{t("surveysTitle")}</h1>
        <div className="toolbar">
          <button
            type="button"
            className="button"
            onClick={() => void refresh()}
            aria-busy={busy || undefined}
          >
            {t("refresh")}
          </button>
          <p className="muted" aria-live="polite">
            {busy ? t("refreshing") : updatedAt ? t("lastUpdated", { time: formatTime(updatedAt) }) : ""}
          </p>
        </div>
      </div>

      {error && (
        <div className="form-error" role="alert">
          <p>{error}</p>
          <button type="button" className="button small" onClick={() => void refresh()}>
            {t("retry")}
          </button>
        </div>
      )}

      {items === null && !error && <p>{t("loading")}</p>}
      {items !== null && items.length === 0 && <p>{t("noSurveys")}</p>}
      {items !== null && items.length > 0 && (
        <div className="table-wrap">
          <table className="surveys">
            <caption>{t("surveysCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("colTitle")}</th>
                <th scope="col">{t("colUnit")}</th>
                <th scope="col">{t("colStatus")}</th>
                <th scope="col" className="num">
                  {t("colResponses")}
                </th>
              </tr>
            </thead>
            {items.map((survey) => (
              <SurveyRows key={survey.id} survey={survey} />
            ))}
          </table>
        </div>
      )}
    </main>
  );
}

function SurveyRows({ survey }: { survey: SurveySummary }) {
  const title = loc(survey.title);
  return (
    <tbody className="survey">
      <tr>
        <th scope="row">{title}</th>
        <td>{survey.unit.name}</td>
        <td>
          <span className={`status status-${survey.status}`}>
            {t(STATUS_KEYS[survey.status] ?? "statusDraft")}
          </span>
        </td>
        <td className="num" data-testid="response-count">
          {formatNumber(survey.responseCount)}
        </td>
      </tr>
      <tr className="links-row">
        <td colSpan={4}>
          {survey.links.length === 0 ? (
            <p className="muted">{t("noLinks")}</p>
          ) : (
            <ul className="links" aria-label={t("linksLabel", { title })}>
              {survey.links.map((link) => (
                <li key={link.code} className="link-card">
                  <a href={link.qrSvgUrl} download={`gop-y-qr-${link.code}.svg`} className="qr">
                    <img
                      src={link.qrSvgUrl}
                      alt={t("qrAlt", { channel: link.channel, title })}
                      width={88}
                      height={88}
                      loading="lazy"
                    />
                    <span>{t("qrDownload")}</span>
                  </a>
                  <div className="link-info">
                    <p>
                      <span className="label">{t("channel")}:</span> <strong>{link.channel}</strong>
                    </p>
                    <p className="url">
                      <a href={link.url} target="_blank" rel="noopener noreferrer">
                        {link.url}
                      </a>
                    </p>
                    <CopyButton text={link.url} label={t("copyLabel", { channel: link.channel })} />
                    <p>{t("linkResponses", { count: formatNumber(link.responseCount) })}</p>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </td>
      </tr>
    </tbody>
  );
}
