import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { ROLE_NAMES, type RoleName } from "../../access";
import { fieldErrorsOf, isSessionExpired, toApiError } from "../../api/client";
import { useConfirm } from "../../components/ConfirmDialog";
import { focusFirstProblem, SelectField, TextField } from "../../components/Field";
import { ScrollRegion } from "../../components/ScrollRegion";
import { type MessageKey, t } from "../../i18n";
import { changeRole, fetchMembers, inviteMember, type Member, removeMember, setMemberDisabled } from "./api";

const ROLE_KEYS: Record<RoleName, MessageKey> = {
  admin: "roleAdmin",
  manager: "roleManager",
  officer: "roleOfficer",
  inspector: "roleInspector",
  viewer: "roleViewer",
};

const roleLabel = (role: string) => t(ROLE_KEYS[role as RoleName] ?? "roleViewer");

interface Props {
  unit: { id: string; name: string } | null;
  canManage: boolean;
  currentUserId: string;
  onUnauthorized: () => void;
}

export function StaffPage({ unit, canManage, currentUserId, onUnauthorized }: Props) {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [busyRow, setBusyRow] = useState<string | null>(null);
  const { dialog, confirm } = useConfirm();
  const unitId = unit?.id ?? null;

  const load = useCallback(async () => {
    if (!unitId) return;
    try {
      const data = await fetchMembers(unitId);
      setMembers(data.items);
      setLoadError(null);
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      setMembers(null);
      setLoadError(toApiError(error).detail);
    }
  }, [unitId, onUnauthorized]);

  useEffect(() => {
    setMembers(null);
    setLoadError(null);
    setActionError(null);
    setStatus("");
    void load();
  }, [load]);

  const run = async (member: Member, action: () => Promise<unknown>, done: string) => {
    if (busyRow) return;
    setBusyRow(member.membershipId);
    setActionError(null);
    setStatus("");
    try {
      await action();
      setStatus(done);
      await load();
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      setActionError(toApiError(error).detail);
      await load();
    } finally {
      setBusyRow(null);
    }
  };

  const onRoleChange = (member: Member, role: RoleName) => {
    if (!unitId || role === member.role) return;
    setMembers((list) =>
      list ? list.map((m) => (m.membershipId === member.membershipId ? { ...m, role } : m)) : list,
    );
    void run(
      member,
      () => changeRole(unitId, member.membershipId, role),
      t("roleChanged", { name: member.displayName || member.email, role: roleLabel(role) }),
    );
  };

  const onToggleDisabled = async (member: Member) => {
    if (!unitId) return;
    const name = member.displayName || member.email;
    if (!member.disabled) {
      const ok = await confirm({
        title: t("disableMemberTitle"),
        message: t("disableMemberConfirm", { name }),
        confirmLabel: t("disableMember"),
      });
      if (!ok) return;
    }
    await run(
      member,
      () => setMemberDisabled(unitId, member.membershipId, !member.disabled),
      t(member.disabled ? "memberEnabled" : "memberDisabled", { name }),
    );
  };

  const onRemove = async (member: Member) => {
    if (!unitId || !unit) return;
    const name = member.displayName || member.email;
    const ok = await confirm({
      title: t("removeMemberTitle"),
      message: t("removeMemberConfirm", { name, unit: unit.name }),
      confirmLabel: t("removeMember"),
    });
    if (!ok) return;
    await run(member, () => removeMember(unitId, member.membershipId), t("memberRemoved", { name }));
    requestAnimationFrame(() => document.getElementById("staff-title")?.focus());
  };

  return (
    <main id="main" className="content" tabIndex={-1}>
      <div className="page-head">
        <h1 id="staff-title" tabIndex={-1}>
          {t("staffTitle")}
        </h1>
        <p className="status-line" aria-live="polite">
          {status}
        </p>
      </div>
      {!unit && <p>{t("chooseUnitFirst")}</p>}
      {unit && (
        <>
          <p className="muted">{t("staffIntro", { unit: unit.name })}</p>
          {loadError && (
            <div className="form-error" role="alert">
              <p>{loadError}</p>
              <button type="button" className="button small" onClick={() => void load()}>
                {t("retry")}
              </button>
            </div>
          )}
          {actionError && (
            <p className="form-error" role="alert">
              {actionError}
            </p>
          )}
          {members === null && !loadError && <p>{t("loading")}</p>}
          {members !== null && members.length === 0 && <p>{t("noMembers")}</p>}
          {members !== null && members.length > 0 && (
            <ScrollRegion labelledBy="staff-caption">
              <table className="data-table">
                <caption id="staff-caption">{t("staffCaption", { unit: unit.name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("colPerson")}</th>
                    <th scope="col">{t("colRole")}</th>
                    <th scope="col">{t("colStatus")}</th>
                    {canManage && <th scope="col">{t("colActions")}</th>}
                  </tr>
                </thead>
                <tbody>
                  {members.map((member) => {
                    const name = member.displayName || member.email;
                    const self = member.userId === currentUserId;
                    const busy = busyRow === member.membershipId;
                    return (
                      <tr key={member.membershipId} aria-busy={busy || undefined}>
                        <th scope="row">
                          <span className="person-name">{name}</span>
                          {self && <span className="muted"> ({t("you")})</span>}
                          <span className="person-email">{member.email}</span>
                        </th>
                        <td>
                          {canManage && !self ? (
                            <>
                              <label className="visually-hidden" htmlFor={`role-${member.membershipId}`}>
                                {t("roleOf", { name })}
                              </label>
                              <select
                                id={`role-${member.membershipId}`}
                                value={member.role}
                                onChange={(event) => onRoleChange(member, event.target.value as RoleName)}
                              >
                                {ROLE_NAMES.map((role) => (
                                  <option key={role} value={role}>
                                    {roleLabel(role)}
                                  </option>
                                ))}
                              </select>
                            </>
                          ) : (
                            roleLabel(member.role)
                          )}
                        </td>
                        <td>
                          {member.disabled ? (
                            <span className="status status-closed">{t("memberStatusDisabled")}</span>
                          ) : member.pendingInvitation ? (
                            <span className="status status-draft">{t("memberStatusInvited")}</span>
                          ) : (
                            <span className="status status-open">{t("memberStatusActive")}</span>
                          )}
                        </td>
                        {canManage && (
                          <td>
                            {self ? (
                              <span className="muted">{t("selfNoActions")}</span>
                            ) : (
                              <div className="row-actions">
                                <button
                                  type="button"
                                  className="button small"
                                  aria-label={t(
                                    member.disabled ? "enableMemberLabel" : "disableMemberLabel",
                                    {
                                      name,
                                    },
                                  )}
                                  aria-disabled={busy || undefined}
                                  onClick={() => void onToggleDisabled(member)}
                                >
                                  {t(member.disabled ? "enableMember" : "disableMember")}
                                </button>
                                <button
                                  type="button"
                                  className="button small danger"
                                  aria-label={t("removeMemberLabel", { name })}
                                  aria-disabled={busy || undefined}
                                  onClick={() => void onRemove(member)}
                                >
                                  {t("removeMember")}
                                </button>
                              </div>
                            )}
                          </td>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          {canManage ? (
            <InviteForm
              unit={unit}
              onInvited={async (message) => {
                setActionError(null);
                setStatus(message);
                await load();
              }}
              onUnauthorized={onUnauthorized}
            />
          ) : (
            <p className="notice">{t("staffReadOnly")}</p>
          )}
        </>
      )}
      {dialog}
    </main>
  );
}

type InviteField = "email" | "displayName" | "role";
const INVITE_FIELDS: readonly InviteField[] = ["email", "displayName", "role"];

interface InviteProps {
  unit: { id: string; name: string };
  onInvited: (message: string) => Promise<void>;
  onUnauthorized: () => void;
}

function InviteForm({ unit, onInvited, onUnauthorized }: InviteProps) {
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [role, setRole] = useState<RoleName>("officer");
  const [errors, setErrors] = useState<Partial<Record<InviteField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const local: Partial<Record<InviteField, string>> = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) local.email = t("errEmailInvalid");
    if (displayName.trim().length < 2) local.displayName = t("errDisplayName");
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) {
      focusFirstProblem(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const result = await inviteMember(unit.id, {
        email: email.trim(),
        displayName: displayName.trim(),
        role,
      });
      const message = t(result.invited ? "memberInvited" : "memberAdded", {
        email: email.trim(),
        unit: unit.name,
      });
      setEmail("");
      setDisplayName("");
      await onInvited(message);
    } catch (err) {
      if (isSessionExpired(err)) return onUnauthorized();
      const apiError = toApiError(err);
      const mapped = fieldErrorsOf(apiError, INVITE_FIELDS);
      if (apiError.code === "member_exists" && !mapped.email) mapped.email = apiError.detail;
      setErrors(mapped);
      setFormError(Object.keys(mapped).length > 0 ? null : apiError.detail);
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="invite-title">
      <h2 id="invite-title">{t("inviteTitle")}</h2>
      <p className="muted">{t("inviteIntro")}</p>
      <form ref={formRef} noValidate onSubmit={onSubmit} aria-busy={busy || undefined} className="grid-form">
        {formError && (
          <p className="form-error wide" role="alert" tabIndex={-1}>
            {formError}
          </p>
        )}
        <TextField
          id="invite-email"
          label={t("email")}
          type="email"
          inputMode="email"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={email}
          onValueChange={setEmail}
          error={errors.email}
          required
        />
        <TextField
          id="invite-name"
          label={t("fullName")}
          autoComplete="off"
          value={displayName}
          onValueChange={setDisplayName}
          error={errors.displayName}
          required
        />
        <SelectField
          id="invite-role"
          className="wide"
          label={t("colRole")}
          value={role}
          onValueChange={(value) => setRole(value as RoleName)}
          error={errors.role}
        >
          {ROLE_NAMES.map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)}
            </option>
          ))}
        </SelectField>
        <div className="form-actions wide">
          <button type="submit" className="button primary" aria-disabled={busy || undefined}>
            {busy ? t("sending") : t("sendInvitation")}
          </button>
        </div>
      </form>
    </section>
  );
}
