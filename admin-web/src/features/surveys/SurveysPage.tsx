import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { ApiError, isSessionExpired } from "../../api/client";
import { CopyButton } from "../../components/CopyButton";
import { Link } from "../../components/Link";
import { useAutoRefresh } from "../../components/useAutoRefresh";
import { formatDateTime, formatNumber, formatTime, loc, t } from "../../i18n";
import { surveyHref } from "../../router";
import { fetchSurveys, type SurveySummary } from "./api";
import { CreateSurveyForm } from "./CreateSurveyForm";
import { StatusBadge } from "./StatusBadge";

const REFRESH_INTERVAL_MS = 30_000;

interface Props {
  /** The unit chosen in the header: new surveys are made there. */
  unit: { id: string; name: string } | null;
  /** Whether the person may create surveys in that unit. */
  canCreate: boolean;
  /** Shown under the heading (the warning when next Tết's break is not entered yet). */
  notice?: ReactNode;
  onUnauthorized: () => void;
}

export function SurveysPage({ unit, canCreate, notice, onUnauthorized }: Props) {
  const [items, setItems] = useState<SurveySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [creating, setCreating] = useState(false);
  const inFlight = useRef(false);
  const createButton = useRef<HTMLButtonElement>(null);

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
      if (isSessionExpired(err)) {
        onUnauthorized();
        return;
      }
      setError(err instanceof ApiError ? err.detail : t("errGeneric"));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, [onUnauthorized]);

  // First load, then every 30 seconds while the tab is visible.
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useAutoRefresh(() => void refresh(), REFRESH_INTERVAL_MS);

  const closeCreate = () => {
    setCreating(false);
    requestAnimationFrame(() => createButton.current?.focus());
  };

  return (
    <main id="main" className="content" tabIndex={-1}>
      <div className="page-head">
        <h1>{t("surveysTitle")}</h1>
        <div className="toolbar">
          {canCreate && unit && (
            <button
              ref={createButton}
              type="button"
              className="button primary"
              aria-expanded={creating}
              aria-controls="create-survey"
              onClick={() => setCreating((open) => !open)}
            >
              {t("createSurvey")}
            </button>
          )}
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
      {notice}

      {creating && unit && (
        <CreateSurveyForm unit={unit} onCancel={closeCreate} onUnauthorized={onUnauthorized} />
      )}

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
  const links = survey.links.filter((link) => !link.archivedAt);
  return (
    <tbody className="survey">
      <tr>
        <th scope="row">
          <Link href={surveyHref(survey.id)}>{title}</Link>
        </th>
        <td>{survey.unit.name}</td>
        <td>
          <StatusBadge status={survey.status} />
          <span className="status-detail muted">
            {survey.publishedVersion ? t("versionN", { version: survey.publishedVersion }) : ""}
            {survey.publishedVersion && survey.hasDraft ? " · " : ""}
            {survey.hasDraft ? t("hasDraft") : ""}
          </span>
          {survey.closesAt && (
            <span className="status-detail muted">
              {t("closesAtShort", { time: formatDateTime(survey.closesAt) })}
            </span>
          )}
        </td>
        <td className="num" data-testid="response-count">
          {formatNumber(survey.responseCount)}
        </td>
      </tr>
      <tr className="links-row">
        <td colSpan={4}>
          {links.length === 0 ? (
            <p className="muted">{t("noLinks")}</p>
          ) : (
            <ul className="links" aria-label={t("linksLabel", { title })}>
              {links.map((link) => (
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
