import { useCallback, useEffect, useState } from "react";
import { isSessionExpired, toApiError } from "../../api/client";
import { Link } from "../../components/Link";
import { formatDateTime, loc, t } from "../../i18n";
import { petitionHref } from "../../router";
import { commentToPetition, fetchComments, type SurveyComment } from "./api";

interface Props {
  surveyId: string;
  onUnauthorized: () => void;
}

const commentKey = (comment: SurveyComment) => `${comment.receipt}:${comment.questionId}`;

/**
 * The open comments of the survey's responses (principals and vice-principals only: free text may
 * name people), each of which can become a case in the petition inbox.
 */
export function CommentsSection({ surveyId, onUnauthorized }: Props) {
  const [comments, setComments] = useState<SurveyComment[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ key: string; message: string } | null>(null);
  const [busyKey, setBusyKey] = useState<string | null>(null);
  const [status, setStatus] = useState("");

  const load = useCallback(async () => {
    try {
      const data = await fetchComments(surveyId);
      setComments(data.items);
      setLoadError(null);
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      setLoadError(toApiError(error).detail);
    }
  }, [surveyId, onUnauthorized]);

  useEffect(() => {
    void load();
  }, [load]);

  const onCreate = async (comment: SurveyComment) => {
    if (busyKey) return;
    const key = commentKey(comment);
    setBusyKey(key);
    setRowError(null);
    setStatus("");
    try {
      const created = await commentToPetition(surveyId, comment.receipt, comment.questionId);
      setComments((list) =>
        list ? list.map((item) => (commentKey(item) === key ? { ...item, petition: created } : item)) : list,
      );
      setStatus(t("commentPetitionCreated", { code: created.trackingCode }));
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      setRowError({ key, message: toApiError(error).detail });
    } finally {
      setBusyKey(null);
    }
  };

  return (
    <section aria-labelledby="comments-title" className="results-section">
      <h3 id="comments-title">{t("commentsTitle")}</h3>
      <p className="hint">{t("commentsIntro")}</p>
      <p className="status-line" aria-live="polite">
        {status}
      </p>
      {loadError && (
        <div className="form-error" role="alert">
          <p>{loadError}</p>
          <button type="button" className="button small" onClick={() => void load()}>
            {t("retry")}
          </button>
        </div>
      )}
      {comments === null && !loadError && <p>{t("loading")}</p>}
      {comments !== null && comments.length === 0 && <p className="muted">{t("noComments")}</p>}
      {comments !== null && comments.length > 0 && (
        <ul className="timeline">
          {comments.map((comment) => {
            const key = commentKey(comment);
            return (
              <li key={key} className="timeline-entry" aria-busy={busyKey === key || undefined}>
                <div className="timeline-head">
                  <strong>{loc(comment.questionText)}</strong>{" "}
                  <span className="muted">
                    — <time dateTime={comment.submittedAt}>{formatDateTime(comment.submittedAt)}</time>
                  </span>
                </div>
                <p className="timeline-note" lang="vi">
                  {comment.text}
                </p>
                {comment.petition ? (
                  <p>
                    {t("commentHasPetition")}{" "}
                    <Link href={petitionHref(comment.petition.id)}>
                      <span className="mono">{comment.petition.trackingCode}</span>
                    </Link>
                  </p>
                ) : (
                  <button
                    type="button"
                    className="button small"
                    aria-busy={busyKey === key || undefined}
                    onClick={() => void onCreate(comment)}
                  >
                    {t("commentCreatePetition")}
                  </button>
                )}
                {rowError?.key === key && (
                  <p className="field-error" role="alert">
                    {rowError.message}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
