import { type FormEvent, useEffect, useRef, useState } from "react";
import { fieldErrorsOf, isSessionExpired, toApiError } from "../../api/client";
import {
  CheckboxField,
  focusFirstProblem,
  SelectField,
  TextAreaField,
  TextField,
} from "../../components/Field";
import { t } from "../../i18n";
import { isoToVietnamLocal } from "../surveys/time";
import {
  type NewPetition,
  PETITION_KINDS,
  type PetitionKind,
  REGISTER_CHANNELS,
  type RegisterChannel,
  registerPetition,
} from "./api";
import { CHANNEL_KEYS, KIND_KEYS } from "./labels";

type RegisterField =
  | "kind"
  | "channel"
  | "subject"
  | "content"
  | "receivedAt"
  | "contact.name"
  | "contact.phone"
  | "contact.email"
  | "contact";
const REGISTER_FIELDS: readonly RegisterField[] = [
  "kind",
  "channel",
  "subject",
  "content",
  "receivedAt",
  "contact.name",
  "contact.phone",
  "contact.email",
  "contact",
];

const LOCAL_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const PHONE_PATTERN = /^\+?[0-9 .-]{8,20}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Props {
  unit: { id: string; name: string };
  onCancel: () => void;
  /** `citizenKey`: the sender's secret key, shown this once to be handed to them. */
  onRegistered: (created: { id: string; trackingCode: string; citizenKey: string; dueBy: string }) => void;
  onUnauthorized: () => void;
}

/**
 * Staff enter what arrives on paper, by phone, by email or in person. The deadlines count from when
 * it was received (Vietnam time), not from when it is typed in.
 */
export function RegisterPetitionForm({ unit, onCancel, onRegistered, onUnauthorized }: Props) {
  const [kind, setKind] = useState<PetitionKind>("reflection");
  const [channel, setChannel] = useState<RegisterChannel>("paper");
  const [subject, setSubject] = useState("");
  const [content, setContent] = useState("");
  const [receivedAt, setReceivedAt] = useState(() => isoToVietnamLocal(new Date().toISOString()));
  const [name, setName] = useState("");
  const [phone, setPhone] = useState("");
  const [email, setEmail] = useState("");
  const [consentToContact, setConsentToContact] = useState(false);
  const [consentToPublish, setConsentToPublish] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<RegisterField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const local: Partial<Record<RegisterField, string>> = {};
    if (!subject.trim()) local.subject = t("errSubjectRequired");
    if (!content.trim()) local.content = t("errContentRequired");
    if (!LOCAL_PATTERN.test(receivedAt)) local.receivedAt = t("errDateTime");
    if (phone.trim() && !PHONE_PATTERN.test(phone.trim())) local["contact.phone"] = t("errPhoneInvalid");
    if (email.trim() && !EMAIL_PATTERN.test(email.trim())) local["contact.email"] = t("errEmailInvalid");
    if (consentToContact && !phone.trim() && !email.trim()) local["contact.phone"] = t("errContactNeeded");
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) {
      focusFirstProblem(formRef.current);
      return;
    }
    const contact = {
      ...(name.trim() && { name: name.trim() }),
      ...(phone.trim() && { phone: phone.trim() }),
      ...(email.trim() && { email: email.trim() }),
    };
    const input: NewPetition = {
      kind,
      channel,
      subject: subject.trim(),
      content: content.trim(),
      // Entered as Vietnam wall-clock time: say so to the server.
      receivedAt: `${receivedAt}:00+07:00`,
      ...(Object.keys(contact).length > 0 && { contact }),
      consentToContact,
      consentToPublish,
    };
    setBusy(true);
    try {
      const created = await registerPetition(unit.id, input);
      onRegistered(created);
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      const apiError = toApiError(error);
      const mapped = fieldErrorsOf(apiError, REGISTER_FIELDS);
      if (mapped.contact && !mapped["contact.phone"]) mapped["contact.phone"] = mapped.contact;
      setErrors(mapped);
      setFormError(Object.keys(mapped).length > 0 ? null : apiError.detail);
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section id="register-petition" className="panel" aria-labelledby="register-petition-title">
      <h2 id="register-petition-title" ref={headingRef} tabIndex={-1}>
        {t("registerPetitionTitle", { unit: unit.name })}
      </h2>
      <p className="muted">{t("registerPetitionIntro")}</p>
      <form ref={formRef} noValidate onSubmit={onSubmit} aria-busy={busy || undefined} className="grid-form">
        {formError && (
          <p className="form-error wide" role="alert" tabIndex={-1}>
            {formError}
          </p>
        )}
        <SelectField
          id="register-kind"
          label={t("colKind")}
          value={kind}
          onValueChange={(value) => setKind(value as PetitionKind)}
          error={errors.kind}
          hint={kind === "denunciation" ? t("denunciationHint") : undefined}
        >
          {PETITION_KINDS.map((value) => (
            <option key={value} value={value}>
              {t(KIND_KEYS[value])}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="register-channel"
          label={t("colChannel")}
          value={channel}
          onValueChange={(value) => setChannel(value as RegisterChannel)}
          error={errors.channel}
        >
          {REGISTER_CHANNELS.map((value) => (
            <option key={value} value={value}>
              {t(CHANNEL_KEYS[value])}
            </option>
          ))}
        </SelectField>
        <TextField
          id="register-received"
          type="datetime-local"
          label={t("receivedAtLabel")}
          hint={t("receivedAtHint")}
          value={receivedAt}
          onValueChange={setReceivedAt}
          error={errors.receivedAt}
          required
        />
        <TextField
          id="register-subject"
          label={t("colSubject")}
          value={subject}
          onValueChange={setSubject}
          error={errors.subject}
          maxLength={200}
          required
          autoComplete="off"
        />
        <TextAreaField
          id="register-content"
          className="wide"
          label={t("petitionContent")}
          hint={t("petitionContentHint")}
          value={content}
          onValueChange={setContent}
          error={errors.content}
          maxLength={4000}
          rows={5}
          required
        />
        <fieldset className="wide contact-fields">
          <legend>{t("contactLegend")}</legend>
          <p className="hint">{t("contactOptionalHint")}</p>
          <div className="grid-form three">
            <TextField
              id="register-contact-name"
              label={t("fullName")}
              value={name}
              onValueChange={setName}
              error={errors["contact.name"]}
              maxLength={100}
              autoComplete="off"
            />
            <TextField
              id="register-contact-phone"
              type="tel"
              label={t("phone")}
              value={phone}
              onValueChange={setPhone}
              error={errors["contact.phone"]}
              autoComplete="off"
            />
            <TextField
              id="register-contact-email"
              type="email"
              label={t("email")}
              value={email}
              onValueChange={setEmail}
              error={errors["contact.email"]}
              autoComplete="off"
            />
          </div>
          <CheckboxField
            id="register-consent-contact"
            label={t("consentToContact")}
            checked={consentToContact}
            onCheckedChange={setConsentToContact}
          />
          <CheckboxField
            id="register-consent-publish"
            label={t("consentToPublish")}
            checked={consentToPublish}
            onCheckedChange={setConsentToPublish}
          />
        </fieldset>
        <div className="form-actions wide">
          <button type="submit" className="button primary" aria-disabled={busy || undefined}>
            {busy ? t("saving") : t("registerPetitionSubmit")}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            {t("cancel")}
          </button>
        </div>
      </form>
    </section>
  );
}
