import { type ChangeEvent, type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { getLang, t, useLang } from "../i18n";
import { newSubmissionId } from "../submission";
import type { FieldProblem } from "../types";
import {
  ACCEPTED_TYPES,
  cachedUnit,
  freshPetition,
  loadPetition,
  loadUnit,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  markSent,
  type PetitionFields,
  PetitionSender,
  type SenderEvent,
  type StoredPetition,
  savePetition,
  type Upload,
  type UploadResult,
  uploadAttachment,
} from "./api";
import { formatDay, formatNumber, formatSize } from "./format";
import { type PetitionMessageKey, pt } from "./messages";
import { CodeBlock, ErrorText, KeyBlock, type Message, messageText, StatusPanel } from "./parts";
import {
  type AttachmentRef,
  PETITION_KINDS,
  type PetitionKind,
  type PetitionPayload,
  trackingHref,
  type UnitInfo,
} from "./types";
import "./petition.css";

const SUBJECT_MAX = 200;
const CONTENT_MAX = 4000;
const NAME_MAX = 100;
const PHONE = /^\+?[0-9 .-]{8,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ACCEPT = ACCEPTED_TYPES.join(",");
const EXTENSIONS = /\.(jpe?g|png|pdf)$/i;

type FieldKey =
  | "kind"
  | "subject"
  | "content"
  | "attachments"
  | "contact"
  | "name"
  | "phone"
  | "email"
  | "consentToContact"
  | "consentToPublish"
  | "website";
type Errors = Partial<Record<FieldKey, Message>>;

type Phase =
  | { kind: "form" }
  | { kind: "pending"; sending: boolean; retryAt: number | null }
  | { kind: "done"; fresh: boolean }
  | { kind: "notFound" };

/** One file in the list: uploaded (with its server id), on its way, or refused. */
interface Item {
  localId: string;
  name: string;
  size: number;
  status: "uploading" | "done" | "error";
  progress: number;
  error?: Message;
  /** Refused for what it is (type, size, empty): never sent, does not count towards the limit. */
  refused?: boolean;
  /** Failed because of the network: tried again when the browser is back online. */
  retryable?: boolean;
  ref?: AttachmentRef;
  file?: File;
}

const SERVER_FIELDS: Record<string, FieldKey> = {
  kind: "kind",
  subject: "subject",
  content: "content",
  attachments: "attachments",
  contact: "contact",
  "contact.name": "name",
  "contact.phone": "phone",
  "contact.email": "email",
  consentToContact: "consentToContact",
  consentToPublish: "consentToPublish",
  website: "website",
};

let localIds = 0;
const nextLocalId = () => `f${++localIds}`;

function itemsFrom(refs: AttachmentRef[]): Item[] {
  return refs.map((ref) => ({
    localId: nextLocalId(),
    name: ref.filename,
    size: ref.size,
    status: ref.expired ? "error" : "done",
    progress: 1,
    ref,
    ...(ref.expired ? { error: { key: "attachErrExpired" as const } } : {}),
  }));
}

function initialPhase(state: StoredPetition): Phase {
  if (state.status === "submitted" && state.receipt) return { kind: "done", fresh: false };
  if (state.status === "pending" && state.pending) return { kind: "pending", sending: true, retryAt: null };
  return { kind: "form" };
}

function acceptable(file: File): boolean {
  return file.type ? ACCEPTED_TYPES.includes(file.type) : EXTENSIONS.test(file.name);
}

/** The checks the server makes, made first on the phone so the person hears at once. */
function validate(fields: PetitionFields, items: Item[]): Errors {
  const errors: Errors = {};
  const subject = fields.subject.trim();
  const content = fields.content.trim();
  const name = fields.name.trim();
  const phone = fields.phone.trim();
  const email = fields.email.trim();
  if (!fields.kind) errors.kind = { key: "errKind" };
  if (!subject) errors.subject = { key: "errRequired" };
  else if (subject.length > SUBJECT_MAX) errors.subject = { key: "errTooLong", params: { max: SUBJECT_MAX } };
  if (!content) errors.content = { key: "errRequired" };
  else if (content.length > CONTENT_MAX)
    errors.content = { key: "errTooLong", params: { max: formatNumber(CONTENT_MAX, getLang()) } };
  if (items.some((i) => !i.refused && i.status !== "done")) errors.attachments = { key: "attachBusy" };
  if (name.length > NAME_MAX) errors.name = { key: "errTooLong", params: { max: NAME_MAX } };
  if (phone && !PHONE.test(phone)) errors.phone = { key: "errPhone" };
  if (email && !EMAIL.test(email)) errors.email = { key: "errEmail" };
  const reachable = !!(phone || email);
  if (fields.kind === "denunciation" && (!name || !reachable)) {
    errors.contact = { key: "errDenunciationIdentity" };
  } else if (fields.consentToContact && !reachable) {
    errors.contact = { key: "errContactNeeded" };
  }
  return errors;
}

function buildPayload(state: StoredPetition, items: Item[], website: string): PetitionPayload {
  const f = state.fields;
  const contact: PetitionPayload["contact"] = {};
  if (f.name.trim()) contact.name = f.name.trim();
  if (f.phone.trim()) contact.phone = f.phone.trim();
  if (f.email.trim()) contact.email = f.email.trim();
  const attachments = items.filter((i) => i.status === "done" && i.ref).map((i) => i.ref!.id);
  const kind = f.kind as PetitionKind;
  const payload: PetitionPayload = {
    submissionId: state.submissionId,
    kind,
    subject: f.subject.trim(),
    content: f.content.trim(),
    consentToContact: f.consentToContact,
    // A denunciation is never published: the denouncer must stay unidentifiable.
    consentToPublish: kind === "denunciation" ? false : f.consentToPublish,
  };
  if (Object.keys(contact).length > 0) payload.contact = contact;
  if (attachments.length > 0) payload.attachments = attachments;
  if (website) payload.website = website;
  return payload;
}

export function PetitionApp({ unitSlug }: { unitSlug: string }) {
  const lang = useLang();
  const [state, setState] = useState<StoredPetition>(() => loadPetition(unitSlug));
  const stateRef = useRef(state);
  const [phase, setPhase] = useState<Phase>(() => initialPhase(state));
  const [unit, setUnit] = useState<UnitInfo | null>(() => cachedUnit(unitSlug));
  const [offline, setOffline] = useState(false);
  const [items, setItems] = useState<Item[]>(() => itemsFrom(state.attachments));
  const [errors, setErrors] = useState<Errors>({});
  const [formMessage, setFormMessage] = useState<Message | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [website, setWebsite] = useState(() => state.pending?.website ?? "");
  const [showHoneypot, setShowHoneypot] = useState(false);
  const [focusTick, setFocusTick] = useState(0);
  const uploads = useRef(new Map<string, Upload>());
  const senderRef = useRef<PetitionSender | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const update = useCallback(
    (next: StoredPetition) => {
      stateRef.current = next;
      savePetition(unitSlug, next);
      setState(next);
    },
    [unitSlug],
  );

  // ---------- the unit ----------
  useEffect(() => {
    let live = true;
    void loadUnit(unitSlug, getLang()).then((result) => {
      if (!live) return;
      if (result.kind === "ok") {
        setUnit(result.unit);
        setOffline(false);
      } else if (result.kind === "notFound") {
        setPhase((p) => (p.kind === "form" ? { kind: "notFound" } : p));
      } else {
        setOffline(true);
      }
    });
    return () => {
      live = false;
    };
  }, [unitSlug]);

  useEffect(() => {
    const title = `${phase.kind === "done" ? pt("doneTitle") : pt("formTitle")} – ${t("appName")}`;
    document.title = title;
  });

  // ---------- attachments ----------
  const patchItem = useCallback((localId: string, patch: Partial<Item>) => {
    setItems((list) => list.map((i) => (i.localId === localId ? { ...i, ...patch } : i)));
  }, []);

  // What has been uploaded is part of the draft: a reload keeps it.
  useEffect(() => {
    const refs = items.filter((i) => i.ref).map((i) => i.ref!);
    const current = stateRef.current;
    if (current.status !== "draft") return;
    if (JSON.stringify(refs) !== JSON.stringify(current.attachments))
      update({ ...current, attachments: refs });
  }, [items, update]);

  const upload = useCallback(
    (localId: string, file: File) => {
      patchItem(localId, { status: "uploading", progress: 0, error: undefined, retryable: false });
      const started = uploadAttachment(unitSlug, file, getLang(), (fraction) =>
        patchItem(localId, { progress: fraction }),
      );
      uploads.current.set(localId, started);
      void started.result.then((result: UploadResult) => {
        if (uploads.current.get(localId) !== started) return; // removed meanwhile
        uploads.current.delete(localId);
        if (result.kind === "ok") {
          patchItem(localId, { status: "done", progress: 1, ref: result.ref, file: undefined });
          setAnnouncement(pt("attachAnnounceDone", { name: file.name }));
          return;
        }
        let error: Message;
        const patch: Partial<Item> = { status: "error" };
        switch (result.kind) {
          case "type":
            error = { key: "attachErrType" };
            patch.refused = true;
            break;
          case "size":
            error = { key: "attachErrSize", params: { size: formatSize(file.size, getLang()) } };
            patch.refused = true;
            break;
          case "empty":
            error = { key: "attachErrEmpty" };
            patch.refused = true;
            break;
          case "network":
            error = { key: "attachErrNetwork" };
            patch.retryable = true;
            break;
          default:
            error = result.detail ? { text: result.detail } : { key: "attachErrFailed" };
        }
        patchItem(localId, { ...patch, error });
        setAnnouncement(pt("attachAnnounceError", { name: file.name, error: messageText(error) }));
      });
    },
    [unitSlug, patchItem],
  );

  // Uploads cut by a lost connection start again by themselves when it comes back.
  useEffect(() => {
    const onOnline = () => {
      for (const item of items) if (item.retryable && item.file) upload(item.localId, item.file);
    };
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [items, upload]);

  useEffect(() => {
    const running = uploads.current;
    return () => {
      for (const u of running.values()) u.abort();
      running.clear();
    };
  }, []);

  const onPickFiles = (event: ChangeEvent<HTMLInputElement>) => {
    const picked = Array.from(event.target.files ?? []);
    event.target.value = ""; // the same file can be picked again after removing it
    let room = MAX_ATTACHMENTS - items.filter((i) => !i.refused).length;
    const added: Item[] = [];
    const toUpload: [string, File][] = [];
    const leftOut: string[] = [];
    for (const file of picked) {
      const base: Item = {
        localId: nextLocalId(),
        name: file.name,
        size: file.size,
        status: "error",
        progress: 0,
      };
      if (!acceptable(file)) added.push({ ...base, refused: true, error: { key: "attachErrType" } });
      else if (file.size > MAX_ATTACHMENT_BYTES)
        added.push({
          ...base,
          refused: true,
          error: { key: "attachErrSize", params: { size: formatSize(file.size, getLang()) } },
        });
      else if (file.size === 0) added.push({ ...base, refused: true, error: { key: "attachErrEmpty" } });
      else if (room <= 0) leftOut.push(file.name);
      else {
        room -= 1;
        added.push({ ...base, status: "uploading", file });
        toUpload.push([base.localId, file]);
      }
    }
    setItems((list) => [...list, ...added]);
    for (const [localId, file] of toUpload) upload(localId, file);
    setErrors((prev) => {
      const { attachments: _, ...rest } = prev;
      return leftOut.length
        ? {
            ...rest,
            attachments: {
              key: "attachErrTooMany",
              params: { max: MAX_ATTACHMENTS, names: leftOut.join(", ") },
            },
          }
        : rest;
    });
  };

  const removeItem = (item: Item) => {
    uploads.current.get(item.localId)?.abort();
    uploads.current.delete(item.localId);
    setItems((list) => list.filter((i) => i.localId !== item.localId));
    if (errors.attachments) setErrors(({ attachments: _, ...rest }) => rest);
    // Focus would be lost with the removed row: put it back on the file picker.
    requestAnimationFrame(() => document.getElementById("attachments")?.focus());
  };

  // ---------- editing ----------
  const setField = <K extends keyof PetitionFields>(key: K, value: PetitionFields[K]) => {
    const current = stateRef.current;
    update({ ...current, fields: { ...current.fields, [key]: value } });
    const touched: FieldKey[] = [key as FieldKey];
    if (key === "name" || key === "phone" || key === "email" || key === "kind" || key === "consentToContact")
      touched.push("contact");
    if (touched.some((k) => errors[k])) {
      const rest = { ...errors };
      for (const k of touched) delete rest[k];
      setErrors(rest);
      if (Object.keys(rest).length === 0) setFormMessage(null);
    }
  };

  // ---------- sending ----------
  const showForm = useCallback((message: Message | null) => {
    setFormMessage(message);
    setPhase({ kind: "form" });
    setFocusTick((n) => n + 1);
  }, []);

  const applyServerErrors = useCallback(
    (detail: string | null, problems: FieldProblem[]) => {
      const found: Errors = {};
      const general: string[] = [];
      let newId = false;
      for (const problem of problems) {
        const key = SERVER_FIELDS[problem.field];
        if (key) {
          if (!found[key]) found[key] = { text: problem.message };
        } else {
          if (problem.field === "submissionId") newId = true;
          general.push(problem.message);
        }
      }
      if (found.website) setShowHoneypot(true);
      if (found.attachments) {
        // The server no longer has a file (too old, or already used): it must be picked again.
        setItems((list) =>
          list.map((i) =>
            i.status === "done" && i.ref
              ? {
                  ...i,
                  status: "error",
                  error: { key: "attachErrExpired" },
                  ref: { ...i.ref, expired: true },
                }
              : i,
          ),
        );
      }
      const current = stateRef.current;
      update({
        ...current,
        status: "draft",
        pending: undefined,
        submissionId: newId ? newSubmissionId() : current.submissionId,
      });
      setErrors(found);
      showForm(
        general.length
          ? { text: general.join(" ") }
          : Object.keys(found).length
            ? { key: "errSummary" }
            : detail
              ? { text: detail }
              : { key: "errGeneric" },
      );
    },
    [update, showForm],
  );

  const onSenderEvent = useCallback(
    (event: SenderEvent) => {
      const backToDraft = () => update({ ...stateRef.current, status: "draft", pending: undefined });
      switch (event.kind) {
        case "sending":
          setPhase((p) => ({
            kind: "pending",
            sending: true,
            retryAt: p.kind === "pending" ? p.retryAt : null,
          }));
          break;
        case "waiting":
          setPhase({ kind: "pending", sending: false, retryAt: event.retryAt });
          break;
        case "ok": {
          const current = stateRef.current;
          const sent = current.pending;
          update(
            markSent(unitSlug, current, {
              ...event.receipt,
              kind: sent?.kind ?? current.fields.kind ?? "reflection",
              emailSent: !!sent?.contact?.email,
              ...(unit ? { unitName: unit.name } : {}),
            }),
          );
          setItems([]);
          setPhase({ kind: "done", fresh: true });
          break;
        }
        case "invalid":
          applyServerErrors(event.detail, event.errors);
          break;
        case "spam":
          backToDraft();
          setShowHoneypot(true);
          setErrors({ website: event.detail ? { text: event.detail } : { key: "errGeneric" } });
          showForm({ key: "errSummary" });
          break;
        case "notFound":
          backToDraft();
          setPhase({ kind: "notFound" });
          break;
        case "rejected":
          backToDraft();
          showForm(event.detail ? { text: event.detail } : { key: "errGeneric" });
          break;
      }
    },
    [unitSlug, unit, update, applyServerErrors, showForm],
  );
  const onSenderEventRef = useRef(onSenderEvent);
  onSenderEventRef.current = onSenderEvent;

  const startSender = useCallback(
    (payload: PetitionPayload) => {
      senderRef.current?.stop();
      const sender = new PetitionSender(unitSlug, payload, getLang, (e) => onSenderEventRef.current(e));
      senderRef.current = sender;
      sender.start();
    },
    [unitSlug],
  );

  // A message interrupted by a reload or a crash is sent again on page load, with the same id.
  useEffect(() => {
    const current = stateRef.current;
    if (current.status === "pending" && current.pending) startSender(current.pending);
    return () => senderRef.current?.stop();
  }, [startSender]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const current = stateRef.current;
    const found = validate(current.fields, items);
    if (Object.keys(found).length > 0) {
      setErrors(found);
      setFormMessage({ key: "errSummary" });
      setFocusTick((n) => n + 1);
      return;
    }
    const payload = buildPayload(current, items, website);
    update({ ...current, status: "pending", pending: payload });
    setErrors({});
    setFormMessage(null);
    setPhase({ kind: "pending", sending: true, retryAt: null });
    startSender(payload);
  };

  const sendAnother = () => {
    update(freshPetition());
    setItems([]);
    setErrors({});
    setFormMessage(null);
    setWebsite("");
    setPhase({ kind: "form" });
    setFocusTick((n) => n + 1);
  };

  // ---------- focus: the first field in error, or the heading ----------
  useEffect(() => {
    if (focusTick === 0) return;
    const invalid = document.querySelector<HTMLElement>("form [aria-invalid='true']");
    if (invalid) {
      invalid.focus();
      invalid.closest(".question")?.scrollIntoView({ block: "start" });
      return;
    }
    window.scrollTo(0, 0);
    headingRef.current?.focus();
  }, [focusTick]);

  // ---------- rendering ----------
  if (phase.kind === "notFound") {
    return <StatusPanel title={pt("unitNotFoundTitle")} text={pt("unitNotFoundText")} />;
  }
  if (phase.kind === "pending") {
    return <PendingPanel phase={phase} onRetry={() => senderRef.current?.retryNow()} />;
  }
  if (phase.kind === "done" && state.receipt) {
    return <DonePanel state={state} fresh={phase.fresh} onAnother={sendAnother} />;
  }

  const f = state.fields;
  const denunciation = f.kind === "denunciation";
  const err = (key: FieldKey) => (errors[key] ? messageText(errors[key]) : null);
  const ids = (...list: (string | false | null | undefined)[]) => list.filter(Boolean).join(" ") || undefined;
  const contactError = err("contact");
  // Which contact fields the group error is about: they are marked invalid and get focus first.
  const contactMissing = {
    name: !!contactError && denunciation && !f.name.trim(),
    reach: !!contactError && !f.phone.trim() && !f.email.trim(),
  };
  // The kinds this unit takes (all six unless it says otherwise), and the one already chosen.
  const kinds = PETITION_KINDS.filter((k) => !unit || unit.petitionKinds.includes(k) || f.kind === k);
  const counted = items.filter((i) => !i.refused).length;
  const remaining = CONTENT_MAX - f.content.length;
  const bucket = remaining <= 0 ? 0 : [50, 100, 200].find((b) => remaining <= b);
  const contentLive =
    bucket === undefined
      ? ""
      : bucket === 0
        ? pt("charsNone", { max: formatNumber(CONTENT_MAX, lang) })
        : pt("charsLeft", { count: bucket });

  return (
    <>
      <header className="survey-header">
        {unit && <p className="unit">{unit.name}</p>}
        <h1 ref={headingRef} tabIndex={-1}>
          {pt("formTitle")}
        </h1>
        <p>{pt("formIntro")}</p>
        <p className="small">
          <a href="/t">{pt("trackExisting")}</a>
        </p>
      </header>
      {offline && (
        <p className="notice" role="status">
          {pt("offlineNotice")}
        </p>
      )}
      <div className="intro">
        <details className="privacy">
          <summary>{pt("privacySummary")}</summary>
          <ul>
            <li>{pt("privacyStored")}</li>
            <li>{pt("privacyWho")}</li>
            <li>{pt("privacyTracking")}</li>
            <li>{pt("privacyPublish")}</li>
            <li>{pt("privacyRetention")}</li>
            <li>{pt("privacyLocal")}</li>
          </ul>
        </details>
      </div>
      <form className="section-form petition-form" noValidate onSubmit={onSubmit}>
        <p className="muted small">{pt("requiredHint")}</p>
        {formMessage && (
          <p className="form-message" role="alert">
            {messageText(formMessage)}
          </p>
        )}

        <fieldset className={`question${errors.kind ? " has-error" : ""}`} aria-labelledby="kind-legend">
          <legend id="kind-legend" className="q-label">
            {pt("kindLegend")} <span className="q-required">({pt("required")})</span>
          </legend>
          <div className="options">
            {kinds.map((kind) => (
              <label key={kind} htmlFor={`kind-${kind}`} className="option kind-option">
                <input
                  id={`kind-${kind}`}
                  type="radio"
                  name="kind"
                  value={kind}
                  checked={f.kind === kind}
                  aria-labelledby={`kind-${kind}-name`}
                  aria-describedby={ids(`kind-${kind}-help`, !!errors.kind && "kind-error")}
                  aria-invalid={errors.kind ? true : undefined}
                  onChange={(event) => event.target.checked && setField("kind", kind)}
                />
                <span className="option-text">
                  <span id={`kind-${kind}-name`} className="option-name">
                    {pt(`kind_${kind}` as PetitionMessageKey)}
                  </span>
                  <span id={`kind-${kind}-help`} className="option-desc">
                    {pt(`kindHelp_${kind}` as PetitionMessageKey)}
                  </span>
                </span>
              </label>
            ))}
          </div>
          <ErrorText id="kind-error" error={err("kind")} />
        </fieldset>

        <div className={`question${errors.subject ? " has-error" : ""}`}>
          <label htmlFor="subject" className="q-label">
            {pt("subjectLabel")} <span className="q-required">({pt("required")})</span>
          </label>
          <p id="subject-help" className="q-help">
            {pt("subjectHelp")}
          </p>
          <input
            id="subject"
            name="subject"
            type="text"
            className="text-input"
            maxLength={SUBJECT_MAX}
            value={f.subject}
            aria-required="true"
            aria-invalid={errors.subject ? true : undefined}
            aria-describedby={ids("subject-help", !!errors.subject && "subject-error")}
            onChange={(event) => setField("subject", event.target.value)}
          />
          <ErrorText id="subject-error" error={err("subject")} />
        </div>

        <div className={`question${errors.content ? " has-error" : ""}`}>
          <label htmlFor="content" className="q-label">
            {pt("contentLabel")} <span className="q-required">({pt("required")})</span>
          </label>
          <p id="content-help" className="q-help">
            {pt("contentHelp")}
          </p>
          <textarea
            id="content"
            name="content"
            rows={8}
            maxLength={CONTENT_MAX}
            value={f.content}
            aria-required="true"
            aria-invalid={errors.content ? true : undefined}
            aria-describedby={ids("content-help", "content-counter", !!errors.content && "content-error")}
            onChange={(event) => setField("content", event.target.value)}
          />
          <p id="content-counter" className="q-counter">
            {pt("charCount", {
              count: formatNumber(f.content.length, lang),
              max: formatNumber(CONTENT_MAX, lang),
            })}
          </p>
          <p className="visually-hidden" aria-live="polite">
            {contentLive}
          </p>
          <ErrorText id="content-error" error={err("content")} />
        </div>

        <div className={`question${errors.attachments ? " has-error" : ""}`}>
          {/* Not a second <label>: the field's name comes from here, the picker's label is the button. */}
          <div id="attachments-label" className="q-label">
            {pt("attachLabel")} <span className="q-required">({pt("optional")})</span>
          </div>
          <p id="attachments-help" className="q-help">
            {counted >= MAX_ATTACHMENTS
              ? pt("attachFull", { max: MAX_ATTACHMENTS })
              : pt("attachHelp", { max: MAX_ATTACHMENTS })}
          </p>
          {/* The native picker's own button speaks the browser's language: a label in ours stands in. */}
          <div className="file-picker">
            <input
              id="attachments"
              name="attachments"
              type="file"
              className="visually-hidden"
              accept={ACCEPT}
              multiple
              aria-labelledby="attachments-label"
              disabled={counted >= MAX_ATTACHMENTS}
              aria-invalid={errors.attachments ? true : undefined}
              aria-describedby={ids("attachments-help", !!errors.attachments && "attachments-error")}
              onChange={onPickFiles}
            />
            <label htmlFor="attachments" className="button file-button">
              {pt("attachChoose")}
            </label>
          </div>
          {items.length > 0 && (
            <ul className="file-list" aria-label={pt("attachListLabel")}>
              {items.map((item) => (
                <FileRow
                  key={item.localId}
                  item={item}
                  onRemove={() => removeItem(item)}
                  onRetry={item.file && !item.refused ? () => upload(item.localId, item.file!) : undefined}
                />
              ))}
            </ul>
          )}
          <p className="visually-hidden" aria-live="polite">
            {announcement}
          </p>
          <ErrorText id="attachments-error" error={err("attachments")} />
        </div>

        <fieldset className={`question${contactError ? " has-error" : ""}`} aria-describedby="contact-help">
          <legend className="q-label">
            {denunciation ? pt("contactLegendDenunciation") : pt("contactLegend")}{" "}
            <span className="q-required">({denunciation ? pt("required") : pt("optional")})</span>
          </legend>
          {denunciation ? (
            <p id="contact-help" className="notice denunciation-notice">
              {pt("denunciationNotice")}
            </p>
          ) : (
            <p id="contact-help" className="q-help">
              {pt("contactHelp")}
            </p>
          )}
          <ErrorText id="contact-error" error={contactError} />
          <div className="field">
            <label htmlFor="contact-name" className="field-label">
              {pt("nameLabel")}
              {denunciation && <span className="q-required"> ({pt("required")})</span>}
            </label>
            <input
              id="contact-name"
              name="name"
              type="text"
              className="text-input"
              autoComplete="name"
              maxLength={NAME_MAX}
              value={f.name}
              aria-required={denunciation || undefined}
              aria-invalid={errors.name || contactMissing.name ? true : undefined}
              aria-describedby={ids(contactMissing.name && "contact-error", !!errors.name && "name-error")}
              onChange={(event) => setField("name", event.target.value)}
            />
            <ErrorText id="name-error" error={err("name")} />
          </div>
          <div className="field">
            <label htmlFor="contact-phone" className="field-label">
              {pt("phoneLabel")}
            </label>
            <input
              id="contact-phone"
              name="phone"
              type="tel"
              inputMode="tel"
              className="text-input"
              autoComplete="tel"
              maxLength={20}
              value={f.phone}
              aria-invalid={errors.phone || contactMissing.reach ? true : undefined}
              aria-describedby={ids(
                "phone-help",
                contactMissing.reach && "contact-error",
                !!errors.phone && "phone-error",
              )}
              onChange={(event) => setField("phone", event.target.value)}
            />
            <p id="phone-help" className="q-help field-help">
              {pt("phoneHelp")}
            </p>
            <ErrorText id="phone-error" error={err("phone")} />
          </div>
          <div className="field">
            <label htmlFor="contact-email" className="field-label">
              {pt("emailLabel")}
            </label>
            <input
              id="contact-email"
              name="email"
              type="email"
              inputMode="email"
              className="text-input"
              autoComplete="email"
              maxLength={254}
              value={f.email}
              aria-invalid={errors.email || contactMissing.reach ? true : undefined}
              aria-describedby={ids(contactMissing.reach && "contact-error", !!errors.email && "email-error")}
              onChange={(event) => setField("email", event.target.value)}
            />
            <ErrorText id="email-error" error={err("email")} />
          </div>
        </fieldset>

        <div className={`question${errors.consentToContact ? " has-error" : ""}`}>
          <label htmlFor="consent-contact" className="option">
            <input
              id="consent-contact"
              name="consentToContact"
              type="checkbox"
              checked={f.consentToContact}
              aria-invalid={errors.consentToContact ? true : undefined}
              aria-describedby={ids(
                "consent-contact-help",
                !!errors.consentToContact && "consent-contact-error",
              )}
              onChange={(event) => setField("consentToContact", event.target.checked)}
            />
            <span>{pt("consentContact")}</span>
          </label>
          <p id="consent-contact-help" className="q-help consent-help">
            {pt("consentContactHelp")}
          </p>
          <ErrorText id="consent-contact-error" error={err("consentToContact")} />
        </div>

        <div className={`question${errors.consentToPublish ? " has-error" : ""}`}>
          {denunciation ? (
            <p className="q-help">{pt("publishDenunciation")}</p>
          ) : (
            <>
              <label htmlFor="consent-publish" className="option">
                <input
                  id="consent-publish"
                  name="consentToPublish"
                  type="checkbox"
                  checked={f.consentToPublish}
                  aria-invalid={errors.consentToPublish ? true : undefined}
                  aria-describedby={ids(
                    "consent-publish-help",
                    !!errors.consentToPublish && "consent-publish-error",
                  )}
                  onChange={(event) => setField("consentToPublish", event.target.checked)}
                />
                <span>{pt("consentPublish")}</span>
              </label>
              <p id="consent-publish-help" className="q-help consent-help">
                {pt("consentPublishHelp")}
              </p>
            </>
          )}
          <ErrorText id="consent-publish-error" error={err("consentToPublish")} />
        </div>

        <div
          className={showHoneypot ? "question" : "visually-hidden"}
          aria-hidden={!showHoneypot || undefined}
        >
          <label htmlFor="website" className="q-label">
            {t("honeypotLabel")}
          </label>
          {showHoneypot && <p className="q-help">{t("honeypotHint")}</p>}
          <input
            id="website"
            name="website"
            type="text"
            className="text-input"
            tabIndex={showHoneypot ? undefined : -1}
            autoComplete="off"
            value={website}
            aria-invalid={showHoneypot && errors.website ? true : undefined}
            aria-describedby={showHoneypot && errors.website ? "website-error" : undefined}
            onChange={(event) => {
              setWebsite(event.target.value);
              if (errors.website) setErrors(({ website: _, ...rest }) => rest);
            }}
          />
          {showHoneypot && <ErrorText id="website-error" error={err("website")} />}
        </div>

        <div className="nav">
          <button type="submit" className="button primary">
            {pt("submit")}
          </button>
        </div>
        <p className="muted small">{pt("autosave")}</p>
      </form>
    </>
  );
}

function FileRow({ item, onRemove, onRetry }: { item: Item; onRemove: () => void; onRetry?: () => void }) {
  const lang = useLang();
  const statusId = `${item.localId}-status`;
  const percent = Math.round(item.progress * 100);
  return (
    <li className={`file-row${item.status === "error" ? " has-error" : ""}`}>
      <div className="file-main">
        <span className="file-name">{item.name}</span>
        <span className="file-size muted">{formatSize(item.size, lang)}</span>
      </div>
      {item.status === "uploading" && (
        <progress
          className="file-progress"
          max={100}
          value={percent}
          aria-label={pt("attachProgressLabel", { name: item.name })}
          aria-describedby={statusId}
        />
      )}
      <p id={statusId} className={item.status === "error" ? "q-error file-status" : "file-status muted"}>
        {item.status === "error" && <span aria-hidden="true">⚠ </span>}
        {item.status === "uploading" && pt("attachUploading", { percent })}
        {item.status === "done" && (
          <>
            <span aria-hidden="true">✓ </span>
            {pt("attachUploaded")}
          </>
        )}
        {item.status === "error" && item.error && messageText(item.error)}
      </p>
      <div className="file-actions">
        {item.status === "error" && onRetry && (
          <button
            type="button"
            className="button small-button"
            aria-label={pt("attachRetryLabel", { name: item.name })}
            onClick={onRetry}
          >
            {pt("attachRetry")}
          </button>
        )}
        <button
          type="button"
          className="button small-button"
          aria-label={pt("attachRemoveLabel", { name: item.name })}
          onClick={onRemove}
        >
          {pt("attachRemove")}
        </button>
      </div>
    </li>
  );
}

function PendingPanel({
  phase,
  onRetry,
}: {
  phase: Extract<Phase, { kind: "pending" }>;
  onRetry: () => void;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (phase.retryAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [phase.retryAt]);
  const waiting = !phase.sending && phase.retryAt !== null;
  const seconds = phase.retryAt === null ? 0 : Math.max(0, Math.ceil((phase.retryAt - now) / 1000));
  return (
    <section className="panel" aria-labelledby="pending-title">
      <h1 id="pending-title">{pt("pendingTitle")}</h1>
      <div role="status" data-testid="submit-status">
        <p className="status-line">{pt("pendingText")}</p>
      </div>
      {waiting && <p className="muted">{pt("pendingRetryIn", { seconds })}</p>}
      {waiting && (
        <button type="button" className="button primary" onClick={onRetry}>
          {pt("retryNow")}
        </button>
      )}
    </section>
  );
}

function DonePanel({
  state,
  fresh,
  onAnother,
}: {
  state: StoredPetition;
  fresh: boolean;
  onAnother: () => void;
}) {
  const lang = useLang();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!fresh) return;
    window.scrollTo(0, 0);
    headingRef.current?.focus();
  }, [fresh]);
  const receipt = state.receipt!;
  const kind = pt(`kindNoun_${receipt.kind}` as PetitionMessageKey);
  return (
    <section className="panel thanks" aria-labelledby="done-title">
      {receipt.unitName && <p className="unit">{receipt.unitName}</p>}
      <h1 id="done-title" ref={headingRef} tabIndex={-1}>
        {pt("doneTitle")}
      </h1>
      <p>
        {receipt.unitName ? pt("doneText", { unit: receipt.unitName, kind }) : pt("doneTextNoUnit", { kind })}
      </p>
      <CodeBlock code={receipt.trackingCode} />
      {receipt.citizenKey && <KeyBlock citizenKey={receipt.citizenKey} />}
      <dl className="facts">
        <div>
          <dt>{pt("acknowledgeByLabel")}</dt>
          <dd>{formatDay(receipt.acknowledgeBy, lang)}</dd>
        </div>
        <div>
          <dt>{pt("dueByLabel")}</dt>
          <dd>{formatDay(receipt.dueBy, lang)}</dd>
        </div>
      </dl>
      {receipt.emailSent && <p>{pt("emailSent")}</p>}
      <p>
        <a
          className="button primary link-button"
          href={trackingHref(receipt.trackingCode, receipt.citizenKey)}
        >
          {pt("trackLink")}
        </a>
      </p>
      <button type="button" className="button" onClick={onAnother}>
        {pt("sendAnother")}
      </button>
    </section>
  );
}
