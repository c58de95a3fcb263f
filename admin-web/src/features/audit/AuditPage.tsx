import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { fieldErrorsOf, isSessionExpired, toApiError } from "../../api/client";
import { focusFirstProblem, TextField } from "../../components/Field";
import { ScrollRegion } from "../../components/ScrollRegion";
import { formatDateTime, t } from "../../i18n";
import { type AuditEntry, type AuditFilters, auditCsvHref, fetchAudit } from "./api";

const SUMMARY_LIMIT = 140;

type FilterField = "action" | "from" | "to";
const FILTER_FIELDS: readonly FilterField[] = ["action", "from", "to"];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** One line for a summary: "before → after" for changed keys, else "key: value" pairs. */
function compactSummary(summary: unknown): string {
  if (summary === null || summary === undefined) return "";
  if (typeof summary === "string") return summary;
  if (!isRecord(summary)) return JSON.stringify(summary);
  const before = isRecord(summary.before) ? summary.before : null;
  const after = isRecord(summary.after) ? summary.after : null;
  const parts: string[] = [];
  if (before || after) {
    const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
    for (const key of keys) {
      const from = before?.[key];
      const to = after?.[key];
      if (!before) parts.push(`${key}: ${show(to)}`);
      else if (!after) parts.push(`${key}: ${show(from)}`);
      else if (JSON.stringify(from) !== JSON.stringify(to)) parts.push(`${key}: ${show(from)} → ${show(to)}`);
    }
  }
  for (const [key, value] of Object.entries(summary)) {
    if (key === "before" || key === "after") continue;
    parts.push(`${key}: ${show(value)}`);
  }
  return parts.join("; ");
}

interface Props {
  unit: { id: string; name: string } | null;
  onUnauthorized: () => void;
}

export function AuditPage({ unit, onUnauthorized }: Props) {
  const [draft, setDraft] = useState({ action: "", from: "", to: "" });
  const [applied, setApplied] = useState({ action: "", from: "", to: "" });
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [errors, setErrors] = useState<Partial<Record<FilterField, string>>>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");
  const formRef = useRef<HTMLFormElement>(null);
  const unitId = unit?.id;

  const filters: AuditFilters = { unitId, ...applied };

  const load = useCallback(
    async (filters: AuditFilters, before?: number) => {
      setBusy(true);
      try {
        const data = await fetchAudit(filters, before);
        setEntries((list) => (before !== undefined && list ? [...list, ...data.items] : data.items));
        setNextBefore(data.nextBefore);
        setLoadError(null);
        const count = data.items.length;
        if (before !== undefined) setStatus(t("auditLoadedMore", { count }));
        else setStatus(t("auditLoaded", { count }));
      } catch (error) {
        if (isSessionExpired(error)) return onUnauthorized();
        const apiError = toApiError(error);
        const mapped = fieldErrorsOf(apiError, FILTER_FIELDS);
        setErrors(mapped);
        setLoadError(Object.keys(mapped).length > 0 ? null : apiError.detail);
        if (Object.keys(mapped).length > 0) focusFirstProblem(formRef.current);
        if (before === undefined) setEntries(null);
      } finally {
        setBusy(false);
      }
    },
    [onUnauthorized],
  );

  useEffect(() => {
    setStatus("");
    void load({ unitId, action: applied.action, from: applied.from, to: applied.to });
  }, [load, unitId, applied]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const local: Partial<Record<FilterField, string>> = {};
    if (draft.from && draft.to && draft.from > draft.to) local.to = t("errDateRange");
    setErrors(local);
    if (Object.keys(local).length > 0) {
      focusFirstProblem(formRef.current);
      return;
    }
    setApplied({ action: draft.action.trim(), from: draft.from, to: draft.to });
  };

  const onClear = () => {
    const empty = { action: "", from: "", to: "" };
    setDraft(empty);
    setErrors({});
    setApplied(empty);
  };

  return (
    <main id="main" className="content" tabIndex={-1}>
      <div className="page-head">
        <h1>{t("auditTitle")}</h1>
        <p className="status-line" aria-live="polite">
          {busy ? t("loading") : status}
        </p>
      </div>
      <p className="muted">{unit ? t("auditIntro", { unit: unit.name }) : t("auditIntroAll")}</p>
      <form ref={formRef} noValidate onSubmit={onSubmit} className="filters" aria-label={t("auditFilters")}>
        <TextField
          id="audit-action"
          label={t("auditAction")}
          hint={t("auditActionHint")}
          value={draft.action}
          onValueChange={(action) => setDraft((d) => ({ ...d, action }))}
          error={errors.action}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
        />
        <TextField
          id="audit-from"
          label={t("auditFrom")}
          type="date"
          value={draft.from}
          onValueChange={(from) => setDraft((d) => ({ ...d, from }))}
          error={errors.from}
        />
        <TextField
          id="audit-to"
          label={t("auditTo")}
          type="date"
          value={draft.to}
          onValueChange={(to) => setDraft((d) => ({ ...d, to }))}
          error={errors.to}
        />
        <div className="form-actions">
          <button type="submit" className="button primary">
            {t("applyFilters")}
          </button>
          <button type="button" className="button" onClick={onClear}>
            {t("clearFilters")}
          </button>
          <a className="button" href={auditCsvHref(filters)} download>
            {t("downloadCsv")}
          </a>
        </div>
      </form>
      {loadError && (
        <div className="form-error" role="alert">
          <p>{loadError}</p>
          <button type="button" className="button small" onClick={() => void load(filters)}>
            {t("retry")}
          </button>
        </div>
      )}
      {entries !== null && entries.length === 0 && <p>{t("noAuditEntries")}</p>}
      {entries !== null && entries.length > 0 && (
        <>
          <ScrollRegion labelledBy="audit-caption">
            <table className="data-table audit">
              <caption id="audit-caption">
                {unit ? t("auditCaption", { unit: unit.name }) : t("auditTitle")}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("colTime")}</th>
                  <th scope="col">{t("colActor")}</th>
                  <th scope="col">{t("colUnit")}</th>
                  <th scope="col">{t("colAction")}</th>
                  <th scope="col">{t("colTarget")}</th>
                  <th scope="col">{t("colSummary")}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <AuditRow key={entry.id} entry={entry} />
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <div className="toolbar load-more">
            {nextBefore !== null ? (
              <button
                type="button"
                className="button"
                aria-disabled={busy || undefined}
                onClick={() => {
                  if (!busy) void load(filters, nextBefore);
                }}
              >
                {t("loadMore")}
              </button>
            ) : (
              <p className="muted">{t("auditEnd")}</p>
            )}
          </div>
        </>
      )}
    </main>
  );
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const summary = compactSummary(entry.summary);
  const long = summary.length > SUMMARY_LIMIT;
  return (
    <tr>
      <th scope="row" className="nowrap">
        <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
      </th>
      <td className="break">{entry.actorEmail ?? t("systemActor")}</td>
      <td>{entry.unitName ?? "—"}</td>
      <td>
        <code>{entry.action}</code>
      </td>
      <td className="break">
        {entry.targetType ?? "—"}
        {entry.targetId && (
          <>
            {" "}
            <code className="muted">{entry.targetId.slice(0, 8)}</code>
          </>
        )}
      </td>
      <td className="summary">
        {long ? (
          <details>
            <summary>{`${summary.slice(0, SUMMARY_LIMIT)}…`}</summary>
            <p className="break">{summary}</p>
            {entry.requestId && <p className="muted">{t("requestId", { id: entry.requestId })}</p>}
          </details>
        ) : (
          summary || "—"
        )}
      </td>
    </tr>
  );
}
