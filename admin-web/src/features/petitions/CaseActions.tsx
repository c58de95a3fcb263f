import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { isSessionExpired, toApiError } from "../../api/client";
import { useConfirm } from "../../components/ConfirmDialog";
import { focusFirstProblem, SelectField, TextAreaField, TextField } from "../../components/Field";
import { indentLabel } from "../../components/unitTree";
import { type MessageKey, t } from "../../i18n";
import { EXTENDABLE_KINDS, type PetitionDetail, type PetitionState, type StaffEvent } from "./api";
import { ExtendForm } from "./ExtendForm";
import { ACTION_KEYS } from "./labels";
import { ReplyComposer } from "./ReplyComposer";
import { useMove } from "./useMove";

/** Someone who may be given a case: a member of the case's unit or of a unit below it. */
export interface Assignee {
  userId: string;
  name: string;
  roleLabel: string;
  unitId: string;
  unitName: string;
}

export interface TeamOption {
  id: string;
  name: string;
  depth: number;
}

/** What the page offers: the server's moves, and extending a complaint's or denunciation's time. */
type Action = StaffEvent | "extend";

const actionLabel = (action: Action) => t(action === "extend" ? "actExtend" : ACTION_KEYS[action]);

/** States in which a case is still being resolved, so its time to resolve it can be extended. */
const OPEN_STATES: readonly PetitionState[] = [
  "acknowledged",
  "assigned",
  "in_progress",
  "awaiting_info",
  "reopened",
];

/**
 * Extending is not a move of the case's state machine, so `allowedEvents` may not list it: it is
 * offered on an open complaint or denunciation that has been accepted (thụ lý, the acknowledge step,
 * from which its time is counted), to those who direct the unit's cases (petitions.manage). The server
 * refuses the rest (the deadline passed, no extension left) with a reason.
 */
export function canExtend(petition: PetitionDetail, canManage: boolean): boolean {
  if (petition.allowedEvents.includes("extend")) return true;
  return (
    canManage &&
    EXTENDABLE_KINDS.includes(petition.kind) &&
    OPEN_STATES.includes(petition.state) &&
    petition.acknowledgedAt !== null
  );
}

/** Moves made with one click; the others open a form. */
const DIRECT: readonly StaffEvent[] = ["acknowledge", "start", "info_received", "close"];
/** The order the moves are offered in: the usual next step first. */
const ORDER: readonly StaffEvent[] = [
  "acknowledge",
  "answer",
  "assign",
  "start",
  "request_info",
  "info_received",
  "forward",
  "reject",
  "close",
];

/** Moves offered after extending: they end the school's handling. */
const LATE_MOVES: readonly StaffEvent[] = ["forward", "reject", "close"];

const DONE_KEYS: Record<StaffEvent, MessageKey> = {
  acknowledge: "doneAcknowledge",
  assign: "doneAssign",
  start: "doneStart",
  request_info: "doneRequestInfo",
  info_received: "doneInfoReceived",
  answer: "doneAnswer",
  close: "doneClose",
  forward: "doneForward",
  reject: "doneReject",
};

interface Props {
  petition: PetitionDetail;
  /** True for oversight roles that read cases without working on them. */
  readOnly: boolean;
  /** Whether the person directs cases here; only then is the staff list (for assigning) available. */
  canManage: boolean;
  assignees: Assignee[] | null;
  assigneesError: string | null;
  teams: TeamOption[];
  /** After a move: reload the case and announce what happened. */
  onDone: (message: string) => void;
  onUnauthorized: () => void;
}

/** The moves `allowedEvents` offers, and nothing else. */
export function CaseActions({
  petition,
  readOnly,
  canManage,
  assignees,
  assigneesError,
  teams,
  onDone,
  onUnauthorized,
}: Props) {
  const [open, setOpen] = useState<Action | null>(null);
  // The one-click move that was refused last, so its reason shows beside the buttons.
  const [directFailed, setDirectFailed] = useState<StaffEvent | null>(null);
  const [directBusy, setDirectBusy] = useState<StaffEvent | null>(null);
  const { dialog, confirm } = useConfirm();
  const move = useMove(petition.id, onUnauthorized);

  const moves = ORDER.filter(
    (event) => petition.allowedEvents.includes(event) && (event !== "assign" || canManage),
  );
  // Extending comes after the moves that carry the case forward, before sending it away or closing.
  const allowed: Action[] = canExtend(petition, canManage)
    ? [
        ...moves.filter((event) => !LATE_MOVES.includes(event)),
        "extend",
        ...moves.filter((e) => LATE_MOVES.includes(e)),
      ]
    : moves;
  if (allowed.length === 0) return <p className="muted">{readOnly ? t("readOnlyCase") : t("noActions")}</p>;

  const finish = (event: StaffEvent) => {
    setOpen(null);
    onDone(t(DONE_KEYS[event]));
  };

  const runDirect = async (event: StaffEvent) => {
    if (directBusy) return;
    if (event === "close") {
      const ok = await confirm({
        title: t("closeCaseTitle"),
        message: t("closeCaseConfirm"),
        confirmLabel: t("actClose"),
        tone: "primary",
      });
      if (!ok) return;
    }
    setDirectBusy(event);
    setDirectFailed(null);
    const made = await move.run({ event }, null);
    setDirectBusy(null);
    if (made) finish(event);
    else {
      setDirectFailed(event);
      requestAnimationFrame(() => document.getElementById("direct-error")?.focus());
    }
  };

  const directError = !open && directFailed ? move.formError : null;

  return (
    <div className="case-actions">
      {dialog}
      <div className="action-buttons">
        {allowed.map((event) =>
          event !== "extend" && DIRECT.includes(event) ? (
            <button
              key={event}
              type="button"
              className={event === "acknowledge" ? "button primary" : "button"}
              aria-disabled={directBusy !== null || undefined}
              aria-describedby={directError && directFailed === event ? "direct-error" : undefined}
              onClick={() =>
                void (async () => {
                  setOpen(null);
                  await runDirect(event);
                })()
              }
            >
              {directBusy === event ? t("sending") : t(ACTION_KEYS[event])}
            </button>
          ) : (
            <button
              key={event}
              type="button"
              className={event === "answer" ? "button primary" : "button"}
              aria-expanded={open === event}
              aria-controls={`action-${event}`}
              onClick={() => {
                setDirectFailed(null);
                move.setErrors({});
                setOpen((current) => (current === event ? null : event));
              }}
            >
              {actionLabel(event)}
            </button>
          ),
        )}
      </div>
      {directError && directFailed && (
        <p id="direct-error" className="form-error" role="alert" tabIndex={-1}>
          {t(ACTION_KEYS[directFailed])}: {directError}
        </p>
      )}

      {open === "answer" && (
        <ActionPanel event="answer">
          <ReplyComposer
            petition={petition}
            move={move}
            onAnswered={() => finish("answer")}
            onCancel={() => setOpen(null)}
          />
        </ActionPanel>
      )}
      {open === "assign" && (
        <ActionPanel event="assign">
          <AssignForm
            petition={petition}
            assignees={assignees}
            assigneesError={assigneesError}
            teams={teams}
            move={move}
            onDone={() => finish("assign")}
            onCancel={() => setOpen(null)}
          />
        </ActionPanel>
      )}
      {open === "request_info" && (
        <ActionPanel event="request_info">
          <NoteMoveForm
            event="request_info"
            move={move}
            field="publicNote"
            label={t("requestInfoLabel")}
            hint={t("requestInfoHint")}
            required
            submitLabel={t("requestInfoSubmit")}
            onDone={() => finish("request_info")}
            onCancel={() => setOpen(null)}
          />
        </ActionPanel>
      )}
      {open === "extend" && (
        <ActionPanel event="extend">
          <ExtendForm
            petition={petition}
            onDone={(message) => {
              setOpen(null);
              onDone(message);
            }}
            onCancel={() => setOpen(null)}
            onUnauthorized={onUnauthorized}
          />
        </ActionPanel>
      )}
      {open === "forward" && (
        <ActionPanel event="forward">
          <ForwardForm move={move} onDone={() => finish("forward")} onCancel={() => setOpen(null)} />
        </ActionPanel>
      )}
      {open === "reject" && (
        <ActionPanel event="reject">
          <NoteMoveForm
            event="reject"
            move={move}
            field="rejectReason"
            label={t("rejectReasonLabel")}
            hint={t("rejectReasonHint")}
            required
            suggestions={REJECT_SUGGESTIONS}
            submitLabel={t("rejectSubmit")}
            onDone={() => finish("reject")}
            onCancel={() => setOpen(null)}
          />
        </ActionPanel>
      )}
    </div>
  );
}

function ActionPanel({ event, children }: { event: Action; children: ReactNode }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Focus moves to the form as it opens.
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  return (
    <section id={`action-${event}`} className="action-panel" aria-labelledby={`action-${event}-title`}>
      <h3 id={`action-${event}-title`} ref={headingRef} tabIndex={-1}>
        {actionLabel(event)}
      </h3>
      {children}
    </section>
  );
}

/** Legal reasons a case is not taken up; data shown to the citizen, so Vietnamese. */
const REJECT_SUGGESTIONS: readonly string[] = [
  "Nội dung không thuộc thẩm quyền giải quyết của nhà trường và không xác định được cơ quan có thẩm quyền.",
  "Nội dung đã được nhà trường giải quyết và trả lời trước đây, không có tình tiết mới.",
  "Khiếu nại đã quá thời hiệu theo quy định của Luật Khiếu nại.",
  "Đơn tố cáo không ghi rõ họ tên, địa chỉ người tố cáo nên không được thụ lý theo Luật Tố cáo.",
];

interface FormProps {
  move: ReturnType<typeof useMove>;
  onDone: () => void;
  onCancel: () => void;
}

function FormButtons({
  move,
  submitLabel,
  onCancel,
}: {
  move: FormProps["move"];
  submitLabel: string;
  onCancel: () => void;
}) {
  return (
    <div className="form-actions">
      <button type="submit" className="button primary" aria-disabled={move.busy || undefined}>
        {move.busy ? t("sending") : submitLabel}
      </button>
      <button type="button" className="button" onClick={onCancel}>
        {t("cancel")}
      </button>
      {move.formError && (
        <p className="form-error inline-error" role="alert" tabIndex={-1}>
          {move.formError}
        </p>
      )}
    </div>
  );
}

function NoteMoveForm({
  event,
  move,
  field,
  label,
  hint,
  required,
  suggestions,
  submitLabel,
  onDone,
  onCancel,
}: FormProps & {
  event: "request_info" | "reject";
  field: "publicNote" | "rejectReason";
  label: string;
  hint: string;
  required: boolean;
  suggestions?: readonly string[];
  submitLabel: string;
}) {
  const [text, setText] = useState("");
  const formRef = useRef<HTMLFormElement>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (required && !text.trim()) {
      move.setErrors({ [field]: t("errRequiredField") });
      focusFirstProblem(formRef.current);
      return;
    }
    const made = await move.run({ event, [field]: text.trim() }, formRef.current);
    if (made) onDone();
  };

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} aria-busy={move.busy || undefined}>
      {suggestions && (
        <fieldset className="suggestions">
          <legend>{t("reasonSuggestions")}</legend>
          <div className="suggestion-buttons">
            {suggestions.map((suggestion) => (
              <button
                key={suggestion}
                type="button"
                className="button small suggestion"
                onClick={() => setText(suggestion)}
              >
                {suggestion}
              </button>
            ))}
          </div>
        </fieldset>
      )}
      <TextAreaField
        id={`${event}-text`}
        label={label}
        hint={hint}
        value={text}
        onValueChange={setText}
        error={move.errors[field]}
        maxLength={2000}
        rows={4}
        required={required}
      />
      <FormButtons move={move} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}

function ForwardForm({ move, onDone, onCancel }: FormProps) {
  const [forwardedTo, setForwardedTo] = useState("");
  const [note, setNote] = useState("");
  const formRef = useRef<HTMLFormElement>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!forwardedTo.trim()) {
      move.setErrors({ forwardedTo: t("errRequiredField") });
      focusFirstProblem(formRef.current);
      return;
    }
    const made = await move.run(
      {
        event: "forward",
        forwardedTo: forwardedTo.trim(),
        ...(note.trim() && { publicNote: note.trim() }),
      },
      formRef.current,
    );
    if (made) onDone();
  };

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} aria-busy={move.busy || undefined}>
      <TextField
        id="forward-to"
        label={t("forwardToLabel")}
        hint={t("forwardToHint")}
        value={forwardedTo}
        onValueChange={setForwardedTo}
        error={move.errors.forwardedTo}
        maxLength={300}
        required
        autoComplete="off"
      />
      <TextAreaField
        id="forward-note"
        label={t("publicNoteLabel")}
        hint={t("publicNoteHint")}
        value={note}
        onValueChange={setNote}
        error={move.errors.publicNote}
        maxLength={2000}
      />
      <FormButtons move={move} submitLabel={t("forwardSubmit")} onCancel={onCancel} />
    </form>
  );
}

function AssignForm({
  petition,
  assignees,
  assigneesError,
  teams,
  move,
  onDone,
  onCancel,
}: FormProps & {
  petition: PetitionDetail;
  assignees: Assignee[] | null;
  assigneesError: string | null;
  teams: TeamOption[];
}) {
  const [userId, setUserId] = useState(petition.assigneeUserId ?? "");
  const [teamId, setTeamId] = useState(petition.assigneeUnitId ?? "");
  const formRef = useRef<HTMLFormElement>(null);

  const onPerson = (value: string) => {
    setUserId(value);
    // Someone who works in a team below the unit can be given the case through that team.
    const person = assignees?.find((a) => a.userId === value);
    if (person && person.unitId !== petition.unitId && !teamId) setTeamId(person.unitId);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!userId && !teamId) {
      move.setErrors({ assigneeUserId: t("errAssigneeRequired") });
      focusFirstProblem(formRef.current);
      return;
    }
    const made = await move.run(
      { event: "assign", assigneeUserId: userId || null, assigneeUnitId: teamId || null },
      formRef.current,
    );
    if (made) onDone();
  };

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} aria-busy={move.busy || undefined}>
      {assigneesError && (
        <p className="form-error" role="alert">
          {assigneesError}
        </p>
      )}
      {assignees === null && !assigneesError && <p>{t("loading")}</p>}
      <div className="grid-form">
        <SelectField
          id="assign-person"
          label={t("assignPerson")}
          hint={t("assignPersonHint")}
          value={userId}
          onValueChange={onPerson}
          error={move.errors.assigneeUserId}
        >
          <option value="">{t("assignNobody")}</option>
          {(assignees ?? []).map((person) => (
            <option key={person.userId} value={person.userId}>
              {person.unitId === petition.unitId
                ? t("assigneeOption", { name: person.name, role: person.roleLabel })
                : t("assigneeOptionTeam", {
                    name: person.name,
                    role: person.roleLabel,
                    unit: person.unitName,
                  })}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="assign-team"
          label={t("assignTeam")}
          hint={teams.length === 0 ? t("assignNoTeams") : t("assignTeamHint")}
          value={teamId}
          onValueChange={setTeamId}
          error={move.errors.assigneeUnitId}
        >
          <option value="">{t("assignNoTeam")}</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {indentLabel(team.name, team.depth)}
            </option>
          ))}
        </SelectField>
      </div>
      <FormButtons move={move} submitLabel={t("assignSubmit")} onCancel={onCancel} />
    </form>
  );
}

/** Internal notes: for the staff only, never on the tracking page. */
export function NoteForm({
  onAdd,
  onUnauthorized,
}: {
  onAdd: (note: string) => Promise<void>;
  onUnauthorized: () => void;
}) {
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setFormError(null);
    if (!note.trim()) {
      setError(t("errRequiredField"));
      focusFirstProblem(formRef.current);
      return;
    }
    setError(null);
    setBusy(true);
    try {
      await onAdd(note.trim());
      setNote("");
    } catch (err) {
      if (isSessionExpired(err)) return onUnauthorized();
      const apiError = toApiError(err);
      const fieldError = apiError.errors.find((item) => item.field === "note");
      if (fieldError) setError(fieldError.message);
      else setFormError(apiError.detail);
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} aria-busy={busy || undefined} className="note-form">
      <TextAreaField
        id="internal-note"
        label={t("internalNoteLabel")}
        hint={t("internalNoteHint")}
        value={note}
        onValueChange={setNote}
        error={error ?? undefined}
        maxLength={4000}
        rows={3}
      />
      <div className="form-actions">
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {busy ? t("saving") : t("addInternalNote")}
        </button>
        {formError && (
          <p className="form-error inline-error" role="alert" tabIndex={-1}>
            {formError}
          </p>
        )}
      </div>
    </form>
  );
}
