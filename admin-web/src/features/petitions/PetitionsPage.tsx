import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { fieldErrorsOf, isSessionExpired, toApiError } from "../../api/client";
import { CheckboxField, SelectField, TextField } from "../../components/Field";
import { Link } from "../../components/Link";
import { ScrollRegion } from "../../components/ScrollRegion";
import { useAutoRefresh } from "../../components/useAutoRefresh";
import { formatNumber, formatTime, t } from "../../i18n";
import { petitionHref } from "../../router";
import {
  DUE_STATUSES,
  fetchPetitions,
  type InboxFilters,
  NO_FILTERS,
  PETITION_KINDS,
  PETITION_STATES,
  type PetitionSummary,
  transition,
} from "./api";
import { DueBadge, StateBadge } from "./DueBadge";
import { formatCaseDate, formatCaseTime, formatDeadline } from "./format";
import { DUE_FILTER_KEYS, KIND_KEYS, STATE_KEYS } from "./labels";
import { RegisterPetitionForm } from "./RegisterPetitionForm";

const REFRESH_INTERVAL_MS = 60_000;

type FilterField = "state" | "kind" | "due" | "q";
const FILTER_FIELDS: readonly FilterField[] = ["state", "kind", "due", "q"];

interface BulkResult {
  done: number;
  failures: { trackingCode: string; detail: string }[];
}

interface Props {
  /** The unit chosen in the header: its cases are listed, paper cases are registered there. */
  unit: { id: string; name: string } | null;
  /** Whether the person may direct the unit's cases (acknowledge, register). */
  canManage: boolean;
  onUnauthorized: () => void;
}

/** The inbox: the unit's cases sorted by due date, with filters and bulk acknowledgement. */
export function PetitionsPage({ unit, canManage, onUnauthorized }: Props) {
  const [draft, setDraft] = useState<InboxFilters>(NO_FILTERS);
  const [applied, setApplied] = useState<InboxFilters>(NO_FILTERS);
  const [items, setItems] = useState<PetitionSummary[] | null>(null);
  const [errors, setErrors] = useState<Partial<Record<FilterField, string>>>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulkBusy, setBulkBusy] = useState(false);
  const [bulkResult, setBulkResult] = useState<BulkResult | null>(null);
  const [registering, setRegistering] = useState(false);
  const [registered, setRegistered] = useState<{
    id: string;
    trackingCode: string;
    citizenKey: string;
    dueBy: string;
  } | null>(null);
  // Filters start folded away on a phone, where the list matters most.
  const [filtersOpen, setFiltersOpen] = useState(() => !window.matchMedia("(max-width: 40rem)").matches);
  const registerButton = useRef<HTMLButtonElement>(null);
  // Only the latest request's answer is shown (a timed refresh may overlap new filters).
  const latestRequest = useRef(0);
  const unitId = unit?.id ?? null;

  const load = useCallback(
    async (filters: InboxFilters) => {
      if (!unitId) return;
      const request = ++latestRequest.current;
      setBusy(true);
      try {
        const data = await fetchPetitions(unitId, filters);
        if (request !== latestRequest.current) return;
        setItems(data.items);
        setLoadError(null);
        setUpdatedAt(new Date());
        // A selection only keeps cases that are still waiting to be acknowledged.
        const waiting = new Set(data.items.filter((p) => p.state === "received").map((p) => p.id));
        setSelected((current) => new Set([...current].filter((id) => waiting.has(id))));
      } catch (error) {
        if (request !== latestRequest.current) return;
        if (isSessionExpired(error)) return onUnauthorized();
        const apiError = toApiError(error);
        const mapped = fieldErrorsOf(apiError, FILTER_FIELDS);
        setErrors(mapped);
        setLoadError(Object.keys(mapped).length > 0 ? null : apiError.detail);
      } finally {
        if (request === latestRequest.current) setBusy(false);
      }
    },
    [unitId, onUnauthorized],
  );

  useEffect(() => {
    setItems(null);
    setSelected(new Set());
    setBulkResult(null);
    void load(applied);
  }, [load, applied]);

  // New cases arrive all the time: refresh every minute while the tab is visible.
  useAutoRefresh(() => void load(applied), REFRESH_INTERVAL_MS, unitId !== null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setApplied({ ...draft, q: draft.q.trim() });
  };

  const onClear = () => {
    setDraft(NO_FILTERS);
    setErrors({});
    setApplied(NO_FILTERS);
  };

  const waiting = (items ?? []).filter((p) => p.state === "received");
  const selectable = canManage && waiting.length > 0;
  const allSelected = waiting.length > 0 && waiting.every((p) => selected.has(p.id));

  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const onBulkAcknowledge = async () => {
    if (bulkBusy || selected.size === 0 || !items) return;
    setBulkBusy(true);
    setBulkResult(null);
    const chosen = items.filter((p) => selected.has(p.id));
    const result: BulkResult = { done: 0, failures: [] };
    // One at a time: each acknowledgement is its own audited move and may fail on its own.
    for (const petition of chosen) {
      try {
        await transition(petition.id, { event: "acknowledge" });
        result.done++;
      } catch (error) {
        if (isSessionExpired(error)) return onUnauthorized();
        result.failures.push({ trackingCode: petition.trackingCode, detail: toApiError(error).detail });
      }
    }
    setBulkResult(result);
    setSelected(new Set());
    setBulkBusy(false);
    await load(applied);
  };

  const closeRegister = () => {
    setRegistering(false);
    requestAnimationFrame(() => registerButton.current?.focus());
  };

  const filtered = JSON.stringify(applied) !== JSON.stringify(NO_FILTERS);

  return (
    <main id="main" className="content" tabIndex={-1}>
      <div className="page-head">
        <h1>{t("petitionsTitle")}</h1>
        <div className="toolbar">
          {canManage && unit && (
            <button
              ref={registerButton}
              type="button"
              className="button primary"
              aria-expanded={registering}
              aria-controls="register-petition"
              onClick={() => setRegistering((open) => !open)}
            >
              {t("registerPetition")}
            </button>
          )}
          <button
            type="button"
            className="button"
            onClick={() => void load(applied)}
            aria-busy={busy || undefined}
          >
            {t("refresh")}
          </button>
          <p className="muted" aria-live="polite">
            {busy ? t("refreshing") : updatedAt ? t("inboxUpdated", { time: formatTime(updatedAt) }) : ""}
          </p>
        </div>
      </div>
      {!unit && <p>{t("chooseUnitFirst")}</p>}
      {unit && (
        <>
          <p className="muted">{t("petitionsIntro", { unit: unit.name })}</p>

          {registering && (
            <RegisterPetitionForm
              unit={unit}
              onCancel={closeRegister}
              onRegistered={(created) => {
                setRegistered(created);
                setRegistering(false);
                void load(applied);
                requestAnimationFrame(() => document.getElementById("registered-notice")?.focus());
              }}
              onUnauthorized={onUnauthorized}
            />
          )}
          {registered && (
            <p id="registered-notice" className="notice success" tabIndex={-1}>
              {t("petitionRegistered", {
                code: registered.trackingCode,
                due: formatDeadline(registered.dueBy),
              })}{" "}
              <Link href={petitionHref(registered.id)}>{t("openCase")}</Link>
            </p>
          )}
          {registered?.citizenKey && (
            <div className="notice citizen-key-handover" data-testid="citizen-key-handover">
              <p>{t("citizenKeyHandover")}</p>
              <p className="mono citizen-key">
                {registered.trackingCode} · {registered.citizenKey.slice(0, 5)}{" "}
                {registered.citizenKey.slice(5)}
              </p>
              <p className="hint">{t("citizenKeyHandoverHint")}</p>
            </div>
          )}

          <details
            className="filter-box"
            open={filtersOpen}
            onToggle={(event) => setFiltersOpen(event.currentTarget.open)}
          >
            <summary>
              <span className="disclosure" aria-hidden="true" />
              {t("petitionFilters")}
              {filtered && <span className="badge">{t("filtersActive")}</span>}
            </summary>
            <form noValidate onSubmit={onSubmit} className="filters" aria-label={t("petitionFilters")}>
              <SelectField
                id="filter-state"
                label={t("colStatus")}
                value={draft.state}
                onValueChange={(state) => setDraft((d) => ({ ...d, state }))}
                error={errors.state}
              >
                <option value="">{t("allStates")}</option>
                {PETITION_STATES.map((state) => (
                  <option key={state} value={state}>
                    {t(STATE_KEYS[state])}
                  </option>
                ))}
              </SelectField>
              <SelectField
                id="filter-kind"
                label={t("colKind")}
                value={draft.kind}
                onValueChange={(kind) => setDraft((d) => ({ ...d, kind }))}
                error={errors.kind}
              >
                <option value="">{t("allKinds")}</option>
                {PETITION_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(KIND_KEYS[kind])}
                  </option>
                ))}
              </SelectField>
              <SelectField
                id="filter-due"
                label={t("colDue")}
                value={draft.due}
                onValueChange={(due) => setDraft((d) => ({ ...d, due }))}
                error={errors.due}
              >
                <option value="">{t("allDue")}</option>
                {DUE_STATUSES.map((due) => (
                  <option key={due} value={due}>
                    {t(DUE_FILTER_KEYS[due])}
                  </option>
                ))}
              </SelectField>
              <TextField
                id="filter-q"
                type="search"
                label={t("searchPetitions")}
                value={draft.q}
                onValueChange={(q) => setDraft((d) => ({ ...d, q }))}
                error={errors.q}
                maxLength={100}
                autoComplete="off"
              />
              <CheckboxField
                id="filter-mine"
                label={t("assignedToMe")}
                checked={draft.mine}
                onCheckedChange={(mine) => setDraft((d) => ({ ...d, mine }))}
              />
              <div className="form-actions">
                <button type="submit" className="button primary">
                  {t("applyFilters")}
                </button>
                <button type="button" className="button" onClick={onClear}>
                  {t("clearFilters")}
                </button>
              </div>
            </form>
            <p className="hint">{t("dueLegend")}</p>
          </details>

          {loadError && (
            <div className="form-error" role="alert">
              <p>{loadError}</p>
              <button type="button" className="button small" onClick={() => void load(applied)}>
                {t("retry")}
              </button>
            </div>
          )}

          {selectable && (
            <div className="bulk-bar">
              <button
                type="button"
                className="button"
                aria-disabled={bulkBusy || selected.size === 0 || undefined}
                aria-describedby="bulk-hint"
                onClick={() => void onBulkAcknowledge()}
              >
                {bulkBusy
                  ? t("acknowledging")
                  : t("acknowledgeSelected", { count: formatNumber(selected.size) })}
              </button>
              <p id="bulk-hint" className="hint">
                {t("bulkHint")}
              </p>
            </div>
          )}
          <div role="status" className="bulk-result">
            {bulkResult && (
              <>
                <p className={bulkResult.failures.length > 0 ? "warning" : "notice success"}>
                  {t("bulkDone", { count: formatNumber(bulkResult.done) })}
                  {bulkResult.failures.length > 0 &&
                    ` ${t("bulkFailed", { count: formatNumber(bulkResult.failures.length) })}`}
                </p>
                {bulkResult.failures.length > 0 && (
                  <ul className="bulk-failures">
                    {bulkResult.failures.map((failure) => (
                      <li key={failure.trackingCode}>
                        <span className="mono">{failure.trackingCode}</span>: {failure.detail}
                      </li>
                    ))}
                  </ul>
                )}
              </>
            )}
          </div>

          {items === null && !loadError && <p>{t("loading")}</p>}
          {items !== null && (
            <p className="muted" aria-live="polite">
              {t("petitionCount", { count: formatNumber(items.length) })}
            </p>
          )}
          {items !== null && items.length === 0 && (
            <p>{filtered ? t("noPetitionsFiltered") : t("noPetitions")}</p>
          )}
          {items !== null && items.length > 0 && (
            <ScrollRegion labelledBy="inbox-caption">
              <table className="data-table inbox">
                <caption id="inbox-caption">{t("inboxCaption", { unit: unit.name })}</caption>
                <thead>
                  <tr>
                    {canManage && (
                      <td className="select-cell">
                        {selectable && (
                          <input
                            type="checkbox"
                            className="row-check"
                            checked={allSelected}
                            aria-label={t("selectAllWaiting")}
                            onChange={(event) =>
                              setSelected(
                                event.target.checked ? new Set(waiting.map((p) => p.id)) : new Set(),
                              )
                            }
                          />
                        )}
                      </td>
                    )}
                    <th scope="col">{t("colTrackingCode")}</th>
                    <th scope="col">{t("colDue")}</th>
                    <th scope="col">{t("colSubject")}</th>
                    <th scope="col">{t("colKind")}</th>
                    <th scope="col">{t("colStatus")}</th>
                    <th scope="col">{t("colReceived")}</th>
                    <th scope="col">{t("colDueBy")}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((petition) => (
                    <tr key={petition.id} data-tracking-code={petition.trackingCode}>
                      {canManage && (
                        <td className="select-cell">
                          {petition.state === "received" && (
                            <input
                              type="checkbox"
                              className="row-check"
                              checked={selected.has(petition.id)}
                              aria-label={t("selectCase", { code: petition.trackingCode })}
                              onChange={(event) => toggle(petition.id, event.target.checked)}
                            />
                          )}
                        </td>
                      )}
                      <th scope="row" className="nowrap">
                        <Link href={petitionHref(petition.id)} className="mono">
                          {petition.trackingCode}
                        </Link>
                      </th>
                      <td>
                        <DueBadge due={petition.due} />
                      </td>
                      <td className="subject">{petition.subject}</td>
                      <td className="nowrap">{t(KIND_KEYS[petition.kind] ?? "pkindReflection")}</td>
                      <td>
                        <StateBadge label={t(STATE_KEYS[petition.state] ?? "pstateReceived")} />
                        {petition.paused && <span className="status-detail muted">{t("pausedShort")}</span>}
                      </td>
                      <td className="nowrap">
                        <time dateTime={petition.receivedAt} title={formatCaseTime(petition.receivedAt)}>
                          {formatCaseDate(petition.receivedAt)}
                        </time>
                      </td>
                      <td className="nowrap">
                        <time dateTime={petition.dueBy} title={formatDeadline(petition.dueBy)}>
                          {formatCaseDate(petition.dueBy)}
                        </time>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </>
      )}
    </main>
  );
}
