import { type FormEvent, useRef, useState } from "react";
import { fieldErrorsOf, isSessionExpired, toApiError } from "../../api/client";
import { useConfirm } from "../../components/ConfirmDialog";
import { focusFirstProblem, SelectField, TextField } from "../../components/Field";
import { buildTree, flattenTree, indentLabel, subtreeIds, type TreeNode } from "../../components/unitTree";
import { type MessageKey, t } from "../../i18n";
import { archiveUnit, createUnit, UNIT_KINDS, type Unit, type UnitKind, updateUnit } from "./api";

const KIND_KEYS: Record<UnitKind, MessageKey> = {
  department: "kindDepartment",
  ward: "kindWard",
  school: "kindSchool",
  team: "kindTeam",
};

const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

/** A code suggestion from a Vietnamese name: "Trường Tiểu học Đống Đa" → "truong-tieu-hoc-dong-da". */
function slugify(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 48)
    .replace(/-+$/, "");
}

type Editing = { id: string; mode: "rename" | "move" } | null;

interface Props {
  units: Unit[] | null;
  unitsError: string | null;
  selectedUnitId: string | null;
  isSuperadmin: boolean;
  canManage: (unitId: string) => boolean;
  onReload: () => Promise<void>;
  onUnauthorized: () => void;
}

function focusById(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

export function UnitsPage(props: Props) {
  const { units, unitsError, canManage, onReload, onUnauthorized } = props;
  const [editing, setEditing] = useState<Editing>(null);
  const [status, setStatus] = useState("");
  const [actionError, setActionError] = useState<string | null>(null);
  const { dialog, confirm } = useConfirm();

  const closeEditor = () => {
    if (editing) focusById(`unit-${editing.id}-${editing.mode}`);
    setEditing(null);
  };

  const onDone = async (message: string) => {
    setEditing(null);
    setActionError(null);
    setStatus(message);
    await onReload();
  };

  const onArchive = async (unit: Unit) => {
    const ok = await confirm({
      title: t("archiveUnitTitle"),
      message: t("archiveUnitConfirm", { name: unit.name }),
      confirmLabel: t("archiveUnit"),
    });
    if (!ok) return;
    setStatus("");
    try {
      await archiveUnit(unit.id);
      await onDone(t("unitArchived", { name: unit.name }));
      focusById("units-tree-title");
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      setActionError(toApiError(error).detail);
    }
  };

  const tree = units ? buildTree(units) : [];
  const manageable = units ? units.some((unit) => canManage(unit.id)) || props.isSuperadmin : false;

  return (
    <main id="main" className="content" tabIndex={-1}>
      <div className="page-head">
        <h1>{t("unitsTitle")}</h1>
        <p className="status-line" aria-live="polite">
          {status}
        </p>
      </div>
      <p className="muted">{t("unitsIntro")}</p>
      {unitsError && (
        <div className="form-error" role="alert">
          <p>{unitsError}</p>
          <button type="button" className="button small" onClick={() => void onReload()}>
            {t("retry")}
          </button>
        </div>
      )}
      {actionError && (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      )}
      <section className="panel" aria-labelledby="units-tree-title">
        <h2 id="units-tree-title" tabIndex={-1}>
          {t("unitTreeTitle")}
        </h2>
        {units === null && !unitsError && <p>{t("loading")}</p>}
        {units !== null && units.length === 0 && <p>{t("noUnits")}</p>}
        {tree.length > 0 && (
          <ul className="unit-tree">
            {tree.map((node) => (
              <UnitItem
                key={node.unit.id}
                node={node}
                units={units ?? []}
                editing={editing}
                canManage={canManage}
                onEdit={(id, mode) => {
                  setStatus("");
                  setEditing(editing?.id === id && editing.mode === mode ? null : { id, mode });
                }}
                onCancel={closeEditor}
                onDone={onDone}
                onArchive={(unit) => void onArchive(unit)}
                onUnauthorized={onUnauthorized}
              />
            ))}
          </ul>
        )}
      </section>
      {units !== null && manageable && (
        <CreateUnitForm
          units={units}
          selectedUnitId={props.selectedUnitId}
          isSuperadmin={props.isSuperadmin}
          canManage={canManage}
          onSubmitStart={() => setStatus("")}
          onCreated={(unit) => onDone(t("unitCreated", { name: unit.name }))}
          onUnauthorized={onUnauthorized}
        />
      )}
      {dialog}
    </main>
  );
}

interface ItemProps {
  node: TreeNode<Unit>;
  units: Unit[];
  editing: Editing;
  canManage: (unitId: string) => boolean;
  onEdit: (id: string, mode: "rename" | "move") => void;
  onCancel: () => void;
  onDone: (message: string) => Promise<void>;
  onArchive: (unit: Unit) => void;
  onUnauthorized: () => void;
}

function UnitItem(props: ItemProps) {
  const { node, editing, canManage, onEdit } = props;
  const { unit } = node;
  const manage = canManage(unit.id);
  const open = editing?.id === unit.id ? editing.mode : null;
  return (
    <li>
      <div className="unit-row">
        <div className="unit-info">
          <span className="unit-name">{unit.name}</span>{" "}
          <span className="badge">{t(KIND_KEYS[unit.kind] ?? "kindSchool")}</span>{" "}
          <code className="slug">{unit.slug}</code>
          {unit.address && <span className="muted unit-address">{unit.address}</span>}
        </div>
        {manage && (
          <div className="row-actions">
            <button
              type="button"
              id={`unit-${unit.id}-rename`}
              className="button small"
              aria-expanded={open === "rename"}
              aria-label={t("renameUnitLabel", { name: unit.name })}
              onClick={() => onEdit(unit.id, "rename")}
            >
              {t("renameUnit")}
            </button>
            <button
              type="button"
              id={`unit-${unit.id}-move`}
              className="button small"
              aria-expanded={open === "move"}
              aria-label={t("moveUnitLabel", { name: unit.name })}
              onClick={() => onEdit(unit.id, "move")}
            >
              {t("moveUnit")}
            </button>
            <button
              type="button"
              className="button small danger"
              aria-label={t("archiveUnitLabel", { name: unit.name })}
              onClick={() => props.onArchive(unit)}
            >
              {t("archiveUnit")}
            </button>
          </div>
        )}
      </div>
      {open === "rename" && <RenameForm {...props} />}
      {open === "move" && <MoveForm {...props} />}
      {node.children.length > 0 && (
        <ul>
          {node.children.map((child) => (
            <UnitItem key={child.unit.id} {...props} node={child} />
          ))}
        </ul>
      )}
    </li>
  );
}

function RenameForm({ node, onCancel, onDone, onUnauthorized }: ItemProps) {
  const { unit } = node;
  const [name, setName] = useState(unit.name);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const id = `rename-${unit.id}`;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const trimmed = name.trim();
    if (trimmed.length < 2) {
      setError(t("errUnitName"));
      focusFirstProblem(formRef.current);
      return;
    }
    if (trimmed === unit.name) return onCancel();
    setBusy(true);
    try {
      const updated = await updateUnit(unit.id, { name: trimmed });
      await onDone(t("unitRenamed", { name: updated.name }));
      focusById(`unit-${unit.id}-rename`);
    } catch (err) {
      if (isSessionExpired(err)) return onUnauthorized();
      const apiError = toApiError(err);
      setError(fieldErrorsOf(apiError, ["name"]).name ?? apiError.detail);
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} className="inline-form" noValidate onSubmit={onSubmit} aria-busy={busy || undefined}>
      <TextField
        id={id}
        label={t("newUnitName")}
        value={name}
        onValueChange={setName}
        error={error}
        autoComplete="off"
        autoFocus
      />
      <div className="form-actions">
        <button type="submit" className="button primary small" aria-disabled={busy || undefined}>
          {t("save")}
        </button>
        <button type="button" className="button small" onClick={onCancel}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}

function MoveForm({ node, units, canManage, onCancel, onDone, onUnauthorized }: ItemProps) {
  const { unit } = node;
  const excluded = subtreeIds(units, unit.id);
  const targets = flattenTree(units).filter(({ unit: u }) => !excluded.has(u.id) && canManage(u.id));
  const [parentId, setParentId] = useState(
    unit.parentId && targets.some(({ unit: u }) => u.id === unit.parentId) ? unit.parentId : "",
  );
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const id = `move-${unit.id}`;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!parentId) {
      setError(t("errParentRequired"));
      focusFirstProblem(formRef.current);
      return;
    }
    if (parentId === unit.parentId) return onCancel();
    setBusy(true);
    try {
      await updateUnit(unit.id, { parentId });
      const parent = units.find((u) => u.id === parentId);
      await onDone(t("unitMoved", { name: unit.name, parent: parent?.name ?? "" }));
      focusById(`unit-${unit.id}-move`);
    } catch (err) {
      if (isSessionExpired(err)) return onUnauthorized();
      const apiError = toApiError(err);
      // A cycle's field message is generic; the detail says what is wrong.
      setError(
        apiError.code === "unit_cycle"
          ? apiError.detail
          : (fieldErrorsOf(apiError, ["parentId"]).parentId ?? apiError.detail),
      );
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  if (targets.length === 0) {
    return (
      <div className="inline-form">
        <p>{t("noMoveTargets")}</p>
        <button type="button" className="button small" onClick={onCancel}>
          {t("cancel")}
        </button>
      </div>
    );
  }

  return (
    <form ref={formRef} className="inline-form" noValidate onSubmit={onSubmit} aria-busy={busy || undefined}>
      <SelectField
        id={id}
        label={t("moveUnitTo", { name: unit.name })}
        value={parentId}
        onValueChange={setParentId}
        error={error}
        autoFocus
      >
        <option value="">{t("chooseParent")}</option>
        {targets.map(({ unit: u, depth }) => (
          <option key={u.id} value={u.id}>
            {indentLabel(u.name, depth)}
          </option>
        ))}
      </SelectField>
      <div className="form-actions">
        <button type="submit" className="button primary small" aria-disabled={busy || undefined}>
          {t("moveUnit")}
        </button>
        <button type="button" className="button small" onClick={onCancel}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}

type CreateField = "name" | "slug" | "kind" | "parentId" | "address";
const CREATE_FIELDS: readonly CreateField[] = ["name", "slug", "kind", "parentId", "address"];

interface CreateProps {
  units: Unit[];
  selectedUnitId: string | null;
  isSuperadmin: boolean;
  canManage: (unitId: string) => boolean;
  onSubmitStart: () => void;
  onCreated: (unit: Unit) => Promise<void>;
  onUnauthorized: () => void;
}

function CreateUnitForm({
  units,
  selectedUnitId,
  isSuperadmin,
  canManage,
  onSubmitStart,
  onCreated,
  onUnauthorized,
}: CreateProps) {
  const parents = flattenTree(units).filter(({ unit }) => canManage(unit.id));
  const defaultParent =
    selectedUnitId && canManage(selectedUnitId) ? selectedUnitId : (parents[0]?.unit.id ?? "");
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [kind, setKind] = useState<UnitKind>("school");
  const [parentId, setParentId] = useState(defaultParent);
  const [address, setAddress] = useState("");
  const [errors, setErrors] = useState<Partial<Record<CreateField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const local: Partial<Record<CreateField, string>> = {};
    if (name.trim().length < 2) local.name = t("errUnitName");
    if (!SLUG_PATTERN.test(slug.trim())) local.slug = t("errSlug");
    if (!parentId && !isSuperadmin) local.parentId = t("errParentRequired");
    setErrors(local);
    setFormError(null);
    onSubmitStart();
    if (Object.keys(local).length > 0) {
      focusFirstProblem(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const created = await createUnit({
        name: name.trim(),
        slug: slug.trim(),
        kind,
        parentId: parentId || null,
        ...(address.trim() && { address: address.trim() }),
      });
      setName("");
      setSlug("");
      setSlugEdited(false);
      setAddress("");
      await onCreated(created);
    } catch (err) {
      if (isSessionExpired(err)) return onUnauthorized();
      const apiError = toApiError(err);
      const mapped = fieldErrorsOf(apiError, CREATE_FIELDS);
      if (apiError.code === "slug_taken" && !mapped.slug) mapped.slug = apiError.detail;
      setErrors(mapped);
      setFormError(Object.keys(mapped).length > 0 ? null : apiError.detail);
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="create-unit-title">
      <h2 id="create-unit-title">{t("createUnitTitle")}</h2>
      <form ref={formRef} noValidate onSubmit={onSubmit} aria-busy={busy || undefined} className="grid-form">
        {formError && (
          <p className="form-error wide" role="alert" tabIndex={-1}>
            {formError}
          </p>
        )}
        <TextField
          id="unit-name"
          label={t("unitName")}
          value={name}
          onValueChange={(value) => {
            setName(value);
            if (!slugEdited) setSlug(slugify(value));
          }}
          error={errors.name}
          autoComplete="off"
          required
        />
        <TextField
          id="unit-slug"
          label={t("unitSlug")}
          hint={t("unitSlugHint")}
          value={slug}
          onValueChange={(value) => {
            setSlug(value);
            setSlugEdited(value !== "");
          }}
          error={errors.slug}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
        <SelectField
          id="unit-kind"
          label={t("unitKind")}
          value={kind}
          onValueChange={(value) => setKind(value as UnitKind)}
          error={errors.kind}
        >
          {UNIT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(KIND_KEYS[k])}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="unit-parent"
          label={t("unitParent")}
          value={parentId}
          onValueChange={setParentId}
          error={errors.parentId}
        >
          {isSuperadmin ? (
            <option value="">{t("noParent")}</option>
          ) : (
            <option value="" disabled>
              {t("chooseParent")}
            </option>
          )}
          {parents.map(({ unit, depth }) => (
            <option key={unit.id} value={unit.id}>
              {indentLabel(unit.name, depth)}
            </option>
          ))}
        </SelectField>
        <TextField
          id="unit-address"
          className="wide"
          label={t("unitAddress")}
          value={address}
          onValueChange={setAddress}
          error={errors.address}
          autoComplete="street-address"
        />
        <div className="form-actions wide">
          <button type="submit" className="button primary" aria-disabled={busy || undefined}>
            {busy ? t("saving") : t("createUnit")}
          </button>
        </div>
      </form>
    </section>
  );
}
