import { type ReactNode, useCallback, useEffect, useState } from "react";
import { isSessionExpired, toApiError } from "../../api/client";
import { useConfirm } from "../../components/ConfirmDialog";
import { formatDateTime, formatNumber, loc, type MessageKey, t } from "../../i18n";
import {
  decideHeld,
  fetchHeld,
  type HeldAnswers,
  type HeldBurst,
  type HeldDecision,
  type HeldReason,
  type SurveyDetail,
} from "./api";
import { choiceLabel } from "./choices";
import type { ChoiceValue, Question } from "./definition";

interface Props {
  survey: SurveyDetail;
  onUnauthorized: () => void;
  /** After a load or a decision: how many answers are still held. */
  onHeldCount: (count: number) => void;
  /** After answers were included: the results have changed. */
  onIncluded: () => void;
}

const REASON_KEYS: Record<HeldReason, MessageKey> = {
  address: "heldReasonAddress",
  network: "heldReasonNetwork",
  pattern: "heldReasonPattern",
};

const REASON_HINT_KEYS: Record<HeldReason, MessageKey> = {
  address: "heldReasonAddressHint",
  network: "heldReasonNetworkHint",
  pattern: "heldReasonPatternHint",
};

/** How one answer reads: the option's label, "4 – Hài lòng", the text itself, or "—". */
function answerText(question: Question | undefined, value: unknown): string {
  if (value === undefined || value === null || value === "") return t("heldNoAnswer");
  if (Array.isArray(value)) return value.map((v) => answerText(question, v)).join("; ");
  if (typeof value === "string" && question?.type === "text") return value;
  if (question && (typeof value === "number" || typeof value === "string" || typeof value === "boolean")) {
    return choiceLabel(question, value as ChoiceValue);
  }
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** The answered questions of a set, in the survey's order (unknown ids last, as sent). */
function answeredRows(
  questions: Question[],
  answers: HeldAnswers,
): { id: string; text: string; answer: string }[] {
  const known = new Set(questions.map((q) => q.id));
  const rows = questions
    .filter((q) => q.id in answers)
    .map((q) => ({ id: q.id, text: loc(q.text), answer: answerText(q, answers[q.id]) }));
  for (const [id, value] of Object.entries(answers)) {
    if (!known.has(id)) rows.push({ id, text: id, answer: answerText(undefined, value) });
  }
  return rows;
}

/** "15 câu: 4 – Hài lòng · 1 câu trả lời bằng chữ": an answer set in one line. */
function patternSummary(questions: Question[], answers: HeldAnswers): string {
  const byAnswer = new Map<string, number>();
  let texts = 0;
  for (const row of answeredRows(questions, answers)) {
    const question = questions.find((q) => q.id === row.id);
    if (question?.type === "text") {
      texts++;
      continue;
    }
    byAnswer.set(row.answer, (byAnswer.get(row.answer) ?? 0) + 1);
  }
  const parts = [...byAnswer.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([answer, count]) => t("heldPatternPart", { count: formatNumber(count), answer }));
  if (texts > 0) parts.push(t("heldPatternTexts", { count: formatNumber(texts) }));
  return parts.length > 0 ? parts.join(" · ") : t("heldNoAnswer");
}

/** A message with one value (a hash, a network) set in monospace. */
function withCode(key: MessageKey, name: string, value: string): ReactNode {
  const [before = "", after = ""] = t(key, { [name]: "\u0000" }).split("\u0000");
  return (
    <>
      {before}
      <span className="mono">{value}</span>
      {after}
    </>
  );
}

function sourceText(burst: HeldBurst): ReactNode {
  switch (burst.reason) {
    case "address":
      return withCode("heldSourceAddress", "hash", burst.source);
    case "network":
      return withCode("heldSourceNetwork", "network", burst.source);
    case "pattern":
      return withCode("heldSourcePattern", "hash", burst.source);
  }
}

/**
 * Answers held for review because they came in a burst: per burst the evidence (why, when, how
 * many, from which address hash or network, the most repeated answers) and the decision to count
 * them or discard them, for the whole burst or for the answers picked out.
 */
export function HeldSection({ survey, onUnauthorized, onHeldCount, onIncluded }: Props) {
  const [bursts, setBursts] = useState<HeldBurst[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<{ burstId: string; message: string } | null>(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const { dialog, confirm } = useConfirm();
  const surveyId = survey.id;
  const definition = survey.published?.definition ?? survey.draft?.definition;
  const questions = definition ? definition.sections.flatMap((s) => s.questions) : [];

  const load = useCallback(async () => {
    try {
      const data = await fetchHeld(surveyId);
      setBursts(data.bursts);
      setLoadError(null);
      onHeldCount(data.held);
      const ids = new Set(data.bursts.flatMap((b) => b.items.map((i) => i.id)));
      setSelected((prev) => new Set([...prev].filter((id) => ids.has(id))));
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      setLoadError(toApiError(error).detail);
    }
  }, [surveyId, onUnauthorized, onHeldCount]);

  useEffect(() => {
    void load();
  }, [load]);

  const decide = async (burst: HeldBurst, decision: HeldDecision, ids: number[]) => {
    if (busy) return;
    setActionError(null);
    if (ids.length === 0) {
      setActionError({ burstId: burst.id, message: t("heldNoneSelected") });
      return;
    }
    const count = formatNumber(ids.length);
    const ok = await confirm(
      decision === "include"
        ? {
            title: t("heldIncludeTitle"),
            message: t("heldIncludeConfirm", { count }),
            confirmLabel: t("heldIncludeAction"),
            tone: "primary",
          }
        : {
            title: t("heldDiscardTitle"),
            message: t("heldDiscardConfirm", { count }),
            confirmLabel: t("heldDiscardAction"),
          },
    );
    if (!ok) return;
    setBusy(burst.id);
    setStatus("");
    try {
      const result = await decideHeld(surveyId, decision, ids);
      const done = formatNumber(result.decided.length);
      setStatus(t(decision === "include" ? "heldIncluded" : "heldDiscarded", { count: done }));
      setSelected((prev) => new Set([...prev].filter((id) => !ids.includes(id))));
      if (decision === "include") onIncluded();
      await load();
      requestAnimationFrame(() => document.getElementById("held-title")?.focus());
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      setActionError({ burstId: burst.id, message: toApiError(error).detail });
      await load();
    } finally {
      setBusy(null);
    }
  };

  const toggle = (id: number, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const total = bursts?.reduce((n, b) => n + b.count, 0) ?? 0;

  return (
    <section aria-labelledby="held-title" className="results-section held-review">
      <h3 id="held-title" tabIndex={-1}>
        {t("heldTitle")}
        {total > 0 && (
          <span className="badge" data-testid="held-badge">
            <span aria-hidden="true">{formatNumber(total)}</span>
            <span className="visually-hidden">{t("heldBadgeLabel", { count: formatNumber(total) })}</span>
          </span>
        )}
      </h3>
      <p className="hint">{t("heldIntro")}</p>
      <p className="status-line" aria-live="polite" data-testid="held-status">
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
      {bursts === null && !loadError && <p>{t("loading")}</p>}
      {bursts !== null && bursts.length === 0 && <p className="muted">{t("heldEmpty")}</p>}
      {bursts !== null && bursts.length > 0 && (
        <ul className="timeline held-bursts">
          {bursts.map((burst) => {
            const headingId = `held-${burst.id.replace(/[^\w-]/g, "-")}`;
            const chosen = burst.items.filter((item) => selected.has(item.id)).map((item) => item.id);
            const isBusy = busy === burst.id;
            return (
              <li
                key={burst.id}
                className="timeline-entry held-burst"
                aria-labelledby={headingId}
                aria-busy={isBusy || undefined}
                data-testid="held-burst"
              >
                <h4 id={headingId}>{t(REASON_KEYS[burst.reason])}</h4>
                <p className="muted">{t(REASON_HINT_KEYS[burst.reason])}</p>
                <dl className="held-evidence">
                  <div>
                    <dt>{t("heldWhen")}</dt>
                    <dd>
                      {t("heldWhenRange", {
                        first: formatDateTime(burst.firstAt),
                        last: formatDateTime(burst.lastAt),
                      })}
                    </dd>
                  </div>
                  <div>
                    <dt>{t("heldHowMany")}</dt>
                    <dd data-testid="held-count">{formatNumber(burst.count)}</dd>
                  </div>
                  <div>
                    <dt>{t("heldSource")}</dt>
                    <dd>{sourceText(burst)}</dd>
                  </div>
                  {burst.reason !== "network" && (
                    <div>
                      <dt>{t("heldNetworks")}</dt>
                      <dd className="mono">{burst.networks.join(", ")}</dd>
                    </div>
                  )}
                  {burst.reason !== "address" && (
                    <div>
                      <dt>{t("heldAddresses")}</dt>
                      <dd>
                        {t("heldAddressCount", { count: formatNumber(burst.addresses.length) })}{" "}
                        <span className="mono">{burst.addresses.slice(0, 5).join(", ")}</span>
                        {burst.addresses.length > 5 && " …"}
                      </dd>
                    </div>
                  )}
                  <div>
                    <dt>{t("heldRepeated")}</dt>
                    <dd>
                      {burst.repeated.count > 1
                        ? t("heldRepeatedCount", {
                            count: formatNumber(burst.repeated.count),
                            total: formatNumber(burst.count),
                          })
                        : t("heldNoRepeat")}{" "}
                      {burst.repeated.count > 1 && (
                        <span data-testid="held-pattern">
                          {patternSummary(questions, burst.repeated.answers)}
                        </span>
                      )}
                    </dd>
                  </div>
                </dl>
                <div className="form-actions">
                  <button
                    type="button"
                    className="button primary small"
                    aria-describedby={headingId}
                    disabled={isBusy}
                    onClick={() =>
                      void decide(
                        burst,
                        "include",
                        burst.items.map((i) => i.id),
                      )
                    }
                  >
                    {t("heldIncludeBurst")}
                  </button>
                  <button
                    type="button"
                    className="button danger small"
                    aria-describedby={headingId}
                    disabled={isBusy}
                    onClick={() =>
                      void decide(
                        burst,
                        "discard",
                        burst.items.map((i) => i.id),
                      )
                    }
                  >
                    {t("heldDiscardBurst")}
                  </button>
                </div>
                {actionError?.burstId === burst.id && (
                  <p className="field-error" role="alert">
                    {actionError.message}
                  </p>
                )}
                <details className="held-items">
                  <summary>{t("heldShowAnswers", { count: formatNumber(burst.count) })}</summary>
                  <ul>
                    {burst.items.map((item) => {
                      const boxId = `held-item-${item.id}`;
                      return (
                        <li key={item.id} className="held-item">
                          <div className="checkbox-field">
                            <input
                              id={boxId}
                              type="checkbox"
                              checked={selected.has(item.id)}
                              onChange={(event) => toggle(item.id, event.target.checked)}
                            />
                            <label htmlFor={boxId}>
                              {t("heldItemLabel", {
                                receipt: item.receipt,
                                time: formatDateTime(item.submittedAt),
                                channel: item.channel,
                              })}
                            </label>
                          </div>
                          <p className="muted small">
                            {t("heldItemSource", { hash: item.addressHash, network: item.network })}
                          </p>
                          <details>
                            <summary>{t("heldItemAnswers", { receipt: item.receipt })}</summary>
                            <dl className="held-answers">
                              {answeredRows(questions, item.answers).map((row) => (
                                <div key={row.id}>
                                  <dt>{row.text}</dt>
                                  <dd>{row.answer}</dd>
                                </div>
                              ))}
                            </dl>
                          </details>
                        </li>
                      );
                    })}
                  </ul>
                  <div className="form-actions">
                    <button
                      type="button"
                      className="button small"
                      aria-describedby={headingId}
                      disabled={isBusy}
                      onClick={() => void decide(burst, "include", chosen)}
                    >
                      {t("heldIncludeSelected", { count: formatNumber(chosen.length) })}
                    </button>
                    <button
                      type="button"
                      className="button small"
                      aria-describedby={headingId}
                      disabled={isBusy}
                      onClick={() => void decide(burst, "discard", chosen)}
                    >
                      {t("heldDiscardSelected", { count: formatNumber(chosen.length) })}
                    </button>
                  </div>
                </details>
              </li>
            );
          })}
        </ul>
      )}
      {dialog}
    </section>
  );
}
