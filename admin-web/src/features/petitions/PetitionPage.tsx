import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { RoleName } from "../../access";
import { isSessionExpired, toApiError } from "../../api/client";
import { Link } from "../../components/Link";
import { ScrollRegion } from "../../components/ScrollRegion";
import { flattenTree, subtreeIds } from "../../components/unitTree";
import { formatNumber, type MessageKey, t } from "../../i18n";
import { hrefFor } from "../../router";
import { fetchMembers } from "../staff/api";
import type { Unit } from "../units/api";
import { ApologyForm } from "./ApologyForm";
import { addNote, fetchPetition, type HistoryEntry, type Outcome, type PetitionDetail } from "./api";
import { type Assignee, CaseActions, NoteForm, type TeamOption } from "./CaseActions";
import { DueBadge, StateBadge } from "./DueBadge";
import { formatCaseTime, formatDeadline } from "./format";
import { channelKey, eventKey, kindKey, OUTCOME_KEYS, RATING_REASON_KEYS, stateKey } from "./labels";
import { OnBehalfPanel, VIA_KEYS } from "./OnBehalfPanel";
import { canPublish, PublicationPanel } from "./PublicationPanel";
import { StaffAttachmentForm } from "./StaffAttachments";

/** Roles that may be given a case (petitions.handle). */
const HANDLER_ROLES: Partial<Record<RoleName, MessageKey>> = {
  admin: "roleAdmin",
  manager: "roleManager",
  officer: "roleOfficer",
};

const FINISHED = new Set(["closed", "forwarded", "rejected", "withdrawn"]);

interface Props {
  petitionId: string;
  units: readonly Unit[];
  currentUserId: string;
  /** Principal or vice-principal of the case's unit: directs it, sees the staff list. */
  canManage: (unitId: string) => boolean;
  /** Anyone who may work cases there (writes internal notes). */
  canHandle: (unitId: string) => boolean;
  onUnauthorized: () => void;
}

/** One case: its facts, deadlines, sender, text, history, and the moves allowed now. */
export function PetitionPage({
  petitionId,
  units,
  currentUserId,
  canManage,
  canHandle,
  onUnauthorized,
}: Props) {
  const [petition, setPetition] = useState<PetitionDetail | null>(null);
  const [loadError, setLoadError] = useState<{ status: number; detail: string } | null>(null);
  const [status, setStatus] = useState("");
  const [assignees, setAssignees] = useState<Assignee[] | null>(null);
  const [assigneesError, setAssigneesError] = useState<string | null>(null);
  const latestRequest = useRef(0);

  const load = useCallback(async () => {
    const request = ++latestRequest.current;
    try {
      const data = await fetchPetition(petitionId);
      if (request !== latestRequest.current) return;
      setPetition(data);
      setLoadError(null);
    } catch (error) {
      if (request !== latestRequest.current) return;
      if (isSessionExpired(error)) return onUnauthorized();
      const apiError = toApiError(error);
      setLoadError({ status: apiError.status, detail: apiError.detail });
    }
  }, [petitionId, onUnauthorized]);

  useEffect(() => {
    setPetition(null);
    setLoadError(null);
    void load();
  }, [load]);

  const unitId = petition?.unitId ?? null;
  const manage = unitId ? canManage(unitId) : false;

  // The case's unit and the teams below it: where it can be assigned.
  const teams: TeamOption[] = useMemo(() => {
    if (!unitId) return [];
    const below = subtreeIds(units, unitId);
    const root = flattenTree(units).find(({ unit }) => unit.id === unitId);
    const base = root?.depth ?? 0;
    return flattenTree(units)
      .filter(({ unit }) => below.has(unit.id) && unit.id !== unitId)
      .map(({ unit, depth }) => ({ id: unit.id, name: unit.name, depth: Math.max(0, depth - base - 1) }));
  }, [units, unitId]);

  // Only principals and vice-principals may list staff: the names of people to assign to.
  useEffect(() => {
    if (!unitId || !manage) return;
    let cancelled = false;
    const ids = [...subtreeIds(units, unitId)];
    const nameOf = new Map(units.map((unit) => [unit.id, unit.name]));
    Promise.all(ids.map((id) => fetchMembers(id).then((data) => ({ id, items: data.items }))))
      .then((lists) => {
        if (cancelled) return;
        const seen = new Map<string, Assignee>();
        // The case's own unit first: someone there is assigned without a team.
        lists.sort((a, b) => (a.id === unitId ? -1 : b.id === unitId ? 1 : 0));
        for (const list of lists) {
          for (const member of list.items) {
            const role = HANDLER_ROLES[member.role];
            if (!role || member.disabled || member.pendingInvitation || seen.has(member.userId)) continue;
            seen.set(member.userId, {
              userId: member.userId,
              name: member.displayName || member.email,
              roleLabel: t(role),
              unitId: list.id,
              unitName: nameOf.get(list.id) ?? "",
            });
          }
        }
        setAssignees([...seen.values()]);
        setAssigneesError(null);
      })
      .catch((error) => {
        if (cancelled) return;
        if (isSessionExpired(error)) return onUnauthorized();
        setAssigneesError(toApiError(error).detail);
      });
    return () => {
      cancelled = true;
    };
  }, [unitId, manage, units, onUnauthorized]);

  const afterChange = async (message: string) => {
    await load();
    setStatus(message);
    requestAnimationFrame(() => document.getElementById("case-status")?.focus());
  };

  if (!petition) {
    return (
      <main id="main" className="content" tabIndex={-1}>
        <p className="breadcrumb">
          <Link href={hrefFor("petitions")}>{t("backToPetitions")}</Link>
        </p>
        {loadError ? (
          loadError.status === 404 ? (
            <>
              <h1>{t("petitionNotFoundTitle")}</h1>
              <p>{t("petitionNotFoundText")}</p>
            </>
          ) : (
            <div className="form-error" role="alert">
              <p>{loadError.detail}</p>
              <button type="button" className="button small" onClick={() => void load()}>
                {t("retry")}
              </button>
            </div>
          )
        ) : (
          <p>{t("loading")}</p>
        )}
      </main>
    );
  }

  const unitName = units.find((unit) => unit.id === petition.unitId)?.name ?? "";
  const teamName = petition.assigneeUnitId
    ? (units.find((unit) => unit.id === petition.assigneeUnitId)?.name ?? t("unknownTeam"))
    : null;
  const personName = petition.assigneeUserId
    ? petition.assigneeUserId === currentUserId
      ? t("assigneeYou")
      : (assignees?.find((a) => a.userId === petition.assigneeUserId)?.name ?? t("assigneeSomeone"))
    : null;
  const late = petition.outcome === "late" || petition.due === "overdue";
  const apologyRecorded = petition.history.some((entry) => entry.event === "apology");
  const stateLabel = t(stateKey(petition.state) ?? "pstateReceived");
  // Anyone who may work the case adds files to it (the server checks petitions.handle).
  const canUpload = petition.allowedEvents.length > 0 || canHandle(petition.unitId);
  const showPublication =
    manage && petition.publication !== undefined && (canPublish(petition) || petition.publication !== null);

  return (
    <main id="main" className="content case-page" tabIndex={-1}>
      <p className="breadcrumb">
        <Link href={hrefFor("petitions")}>{t("backToPetitions")}</Link>
      </p>
      <div className="page-head survey-head">
        <div>
          <h1>{petition.subject}</h1>
          <p className="muted">
            <span className="mono">{petition.trackingCode}</span> · {t(kindKey(petition.kind))} ·{" "}
            <StateBadge label={stateLabel} /> <DueBadge due={petition.due} />
          </p>
        </div>
      </div>
      <p id="case-status" className="status-line" aria-live="polite" tabIndex={-1}>
        {status}
      </p>
      {loadError && (
        <p className="form-error" role="alert">
          {loadError.detail}
        </p>
      )}

      <div className="case-grid">
        <section aria-labelledby="facts-title">
          <h2 id="facts-title">{t("caseFacts")}</h2>
          <dl className="facts">
            <div>
              <dt>{t("colTrackingCode")}</dt>
              <dd className="mono">{petition.trackingCode}</dd>
            </div>
            <div>
              <dt>{t("colUnit")}</dt>
              <dd>{unitName || "—"}</dd>
            </div>
            <div>
              <dt>{t("colKind")}</dt>
              <dd>{t(kindKey(petition.kind))}</dd>
            </div>
            <div>
              <dt>{t("colChannel")}</dt>
              <dd>{t(channelKey(petition.channel))}</dd>
            </div>
            <div>
              <dt>{t("colStatus")}</dt>
              <dd>
                {stateLabel}
                {petition.paused && ` (${t("pausedShort")})`}
              </dd>
            </div>
            <div>
              <dt>{t("colReceived")}</dt>
              <dd>
                <time dateTime={petition.receivedAt}>{formatCaseTime(petition.receivedAt)}</time>
              </dd>
            </div>
            <div>
              <dt>{t("assignedPerson")}</dt>
              <dd>{personName ?? t("notAssigned")}</dd>
            </div>
            <div>
              <dt>{t("assignedTeam")}</dt>
              <dd>{teamName ?? t("notAssigned")}</dd>
            </div>
          </dl>
        </section>

        <section aria-labelledby="sender-title">
          <h2 id="sender-title">{t("senderTitle")}</h2>
          <SenderDetails petition={petition} />
        </section>
      </div>

      <section aria-labelledby="clocks-caption" className="clocks">
        <ScrollRegion labelledBy="clocks-caption">
          <table className="data-table">
            <caption id="clocks-caption">{t("clocksCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("colClock")}</th>
                <th scope="col">{t("colDeadline")}</th>
                <th scope="col">{t("colDoneAt")}</th>
                <th scope="col">{t("colResult")}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t("clockAcknowledge")}</th>
                <td className="nowrap">{formatDeadline(petition.acknowledgeBy)}</td>
                <td className="nowrap">
                  {petition.acknowledgedAt ? formatCaseTime(petition.acknowledgedAt) : t("notYet")}
                </td>
                <td>
                  <OutcomeText outcome={petition.acknowledgeOutcome} pending={t("notAcknowledgedYet")} />
                </td>
              </tr>
              <tr>
                <th scope="row">{t("clockAnswer")}</th>
                <td className="nowrap">{formatDeadline(petition.dueBy)}</td>
                <td className="nowrap">
                  {petition.answeredAt ? formatCaseTime(petition.answeredAt) : t("notYet")}
                </td>
                <td>
                  {petition.outcome ? (
                    <OutcomeText outcome={petition.outcome} pending="" />
                  ) : (
                    <DueBadge due={petition.due} />
                  )}
                </td>
              </tr>
              <tr>
                <th scope="row">{t("clockClose")}</th>
                <td>—</td>
                <td className="nowrap">
                  {petition.closedAt ? formatCaseTime(petition.closedAt) : t("notYet")}
                </td>
                <td>{FINISHED.has(petition.state) ? stateLabel : t("stillOpen")}</td>
              </tr>
            </tbody>
          </table>
        </ScrollRegion>
        {petition.paused && <p className="notice">{t("pausedExplained")}</p>}
      </section>

      <section aria-labelledby="content-title">
        <h2 id="content-title">{t("petitionContent")}</h2>
        <div className="case-text" lang="vi">
          {petition.content}
        </div>
      </section>

      {(petition.attachments !== undefined || canUpload) && (
        <section aria-labelledby="attachments-title">
          <h2 id="attachments-title">{t("attachmentsTitle")}</h2>
          {petition.attachmentsHidden ? (
            <p className="notice">{t("attachmentsHiddenForRole")}</p>
          ) : !petition.attachments || petition.attachments.length === 0 ? (
            <p className="muted">{t("noAttachments")}</p>
          ) : (
            <ul className="download-list">
              {petition.attachments.map((file) => (
                <li key={file.id}>
                  <a href={file.url} download={file.filename}>
                    {file.filename}
                  </a>{" "}
                  <span className="muted">
                    {t(file.uploadedBy === "citizen" ? "attachmentFromCitizen" : "attachmentFromStaff", {
                      size: formatNumber(Math.max(1, Math.round(file.size / 1024))),
                    })}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {canUpload && (
            <StaffAttachmentForm
              petitionId={petition.id}
              onUploaded={afterChange}
              onUnauthorized={onUnauthorized}
            />
          )}
        </section>
      )}

      {(petition.answer || petition.forwardedTo || petition.rejectReason || petition.rating) && (
        <section aria-labelledby="result-title">
          <h2 id="result-title">{t("caseResult")}</h2>
          {petition.answer && (
            <>
              <h3>{t("answerGiven")}</h3>
              <div className="case-text" lang="vi" data-testid="case-answer">
                {petition.answer}
              </div>
            </>
          )}
          {petition.forwardedTo && (
            <p>
              <strong>{t("forwardedToLabel")}</strong> {petition.forwardedTo}
            </p>
          )}
          {petition.rejectReason && (
            <p>
              <strong>{t("rejectReasonShown")}</strong> {petition.rejectReason}
            </p>
          )}
          {petition.rating && (
            <p className={petition.rating.value === "satisfied" ? "notice success" : "warning"}>
              {petition.rating.value === "satisfied" ? t("ratedSatisfied") : t("ratedNotSatisfied")}
              {petition.rating.reason &&
                ` — ${RATING_REASON_KEYS[petition.rating.reason] ? t(RATING_REASON_KEYS[petition.rating.reason] as MessageKey) : petition.rating.reason}`}{" "}
              <span className="muted">({formatCaseTime(petition.rating.at)})</span>
            </p>
          )}
        </section>
      )}

      {showPublication && (
        <PublicationPanel
          key={`${petition.state}-${petition.publication?.publishedAt ?? "none"}`}
          petition={petition}
          onChanged={afterChange}
          onUnauthorized={onUnauthorized}
        />
      )}

      <section aria-labelledby="actions-title" className="panel">
        <h2 id="actions-title">{t("caseActions")}</h2>
        <CaseActions
          key={`${petition.state}-${petition.history.length}`}
          petition={petition}
          readOnly={!canHandle(petition.unitId)}
          canManage={manage}
          assignees={assignees}
          assigneesError={assigneesError}
          teams={teams}
          onDone={(message) => void afterChange(message)}
          onUnauthorized={onUnauthorized}
        />
        {canHandle(petition.unitId) && (
          <NoteForm
            onAdd={async (note) => {
              await addNote(petition.id, note);
              await afterChange(t("noteAdded"));
            }}
            onUnauthorized={onUnauthorized}
          />
        )}
      </section>

      {manage && (
        <OnBehalfPanel
          key={`on-behalf-${petition.state}-${petition.history.length}`}
          petition={petition}
          onDone={(message) => void afterChange(message)}
          onUnauthorized={onUnauthorized}
        />
      )}

      {(late || apologyRecorded) && (
        <ApologyForm
          petitionId={petition.id}
          trackingCode={petition.trackingCode}
          recorded={apologyRecorded}
          canRecord={manage && late}
          onRecorded={(message) => void afterChange(message)}
          onUnauthorized={onUnauthorized}
        />
      )}

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("historyTitle")}</h2>
        <p className="hint">{t("historyHint")}</p>
        <ol className="timeline">
          {petition.history.map((entry, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the history only grows at its end, so positions are stable
            <HistoryItem key={`${entry.at}-${index}`} entry={entry} />
          ))}
        </ol>
      </section>
    </main>
  );
}

function OutcomeText({ outcome, pending }: { outcome: Outcome | null; pending: string }) {
  if (!outcome) return <span className="muted">{pending}</span>;
  return <span className={`status outcome-${outcome}`}>{t(OUTCOME_KEYS[outcome])}</span>;
}

function SenderDetails({ petition }: { petition: PetitionDetail }) {
  if (petition.contactHidden) return <p className="notice">{t("contactHiddenForRole")}</p>;
  const contact = petition.contact;
  return (
    <>
      {petition.kind === "denunciation" && <p className="warning">{t("denouncerConfidential")}</p>}
      {!contact || (!contact.name && !contact.phone && !contact.email) ? (
        <p>{t("noContactLeft")}</p>
      ) : (
        <dl className="facts">
          <div>
            <dt>{t("fullName")}</dt>
            <dd>{contact.name ?? "—"}</dd>
          </div>
          <div>
            <dt>{t("phone")}</dt>
            <dd>{contact.phone ? <a href={`tel:${contact.phone}`}>{contact.phone}</a> : "—"}</dd>
          </div>
          <div>
            <dt>{t("email")}</dt>
            <dd>{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : "—"}</dd>
          </div>
        </dl>
      )}
      <dl className="facts">
        <div>
          <dt>{t("consentToContactShort")}</dt>
          <dd>{petition.consentToContact ? t("yesWord") : t("noWord")}</dd>
        </div>
        <div>
          <dt>{t("consentToPublishShort")}</dt>
          <dd>{petition.consentToPublish ? t("yesWord") : t("noWord")}</dd>
        </div>
      </dl>
    </>
  );
}

function HistoryItem({ entry }: { entry: HistoryEntry }) {
  const label = eventKey(entry.event);
  const from = entry.fromState ? stateKey(entry.fromState) : null;
  const to = entry.toState ? stateKey(entry.toState) : null;
  const actor =
    entry.actor === "citizen"
      ? t("actorCitizen")
      : entry.actor === "system"
        ? t("systemActor")
        : (entry.actorName ?? t("actorStaff"));
  return (
    <li className={entry.public ? "timeline-entry public" : "timeline-entry internal"}>
      <div className="timeline-head">
        <span className={entry.public ? "status visibility-public" : "status visibility-internal"}>
          {entry.public ? t("visibilityPublic") : t("visibilityInternal")}
        </span>{" "}
        <strong>{label ? t(label) : entry.event}</strong>{" "}
        <span className="muted">
          — {actor}, <time dateTime={entry.at}>{formatCaseTime(entry.at)}</time>
        </span>
        {entry.onBehalfOf && (
          <span className="status on-behalf">
            {" "}
            {t("onBehalfMark", { via: t(VIA_KEYS[entry.onBehalfOf.via]) })}
          </span>
        )}
      </div>
      {from && to && from !== to && (
        <p className="timeline-states muted">{t("stateChange", { from: t(from), to: t(to) })}</p>
      )}
      {!from && to && entry.event !== "note" && (
        <p className="timeline-states muted">{t("stateNow", { to: t(to) })}</p>
      )}
      {entry.note && <p className="timeline-note">{entry.note}</p>}
    </li>
  );
}
