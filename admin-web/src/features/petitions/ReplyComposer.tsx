import { type FormEvent, useRef, useState } from "react";
import { useConfirm } from "../../components/ConfirmDialog";
import { focusFirstProblem, TextAreaField } from "../../components/Field";
import { t } from "../../i18n";
import type { PetitionDetail } from "./api";
import { maskFindings, PersonalDataReview } from "./PersonalDataReview";
import { REPLY_TEMPLATES, type ReplyTemplate, unfilledPlaceholders } from "./templates";
import type { MoveState } from "./useMove";

interface Props {
  petition: PetitionDetail;
  move: MoveState;
  onAnswered: () => void;
  onCancel: () => void;
}

/**
 * The reply the citizen reads on the tracking page (and by email when they left one). Templates
 * insert a structure to fill in; a reply still holding a [placeholder] is not sent.
 */
export function ReplyComposer({ petition, move, onAnswered, onCancel }: Props) {
  const [answer, setAnswer] = useState("");
  const [announcement, setAnnouncement] = useState("");
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // Where the caret was when the text area was last used: a template goes there.
  const caret = useRef<{ start: number; end: number } | null>(null);
  const { dialog, confirm } = useConfirm();

  const insert = (template: ReplyTemplate) => {
    const at = caret.current ?? { start: answer.length, end: answer.length };
    const before = answer.slice(0, at.start);
    const after = answer.slice(at.end);
    const separator = before && !before.endsWith("\n") ? "\n\n" : "";
    const next = `${before}${separator}${template.text}${after}`;
    const from = before.length + separator.length;
    setAnswer(next);
    setAnnouncement(t("templateInserted", { name: t(template.label) }));
    move.setErrors({});
    // Select the first placeholder of the inserted text, ready to be typed over.
    requestAnimationFrame(() => {
      const area = areaRef.current;
      if (!area) return;
      area.focus();
      const open = next.indexOf("[", from);
      const close = open >= 0 ? next.indexOf("]", open) : -1;
      if (open >= 0 && close > open) area.setSelectionRange(open, close + 1);
      else area.setSelectionRange(from + template.text.length, from + template.text.length);
    });
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const text = answer.trim();
    if (!text) {
      move.setErrors({ answer: t("errAnswerRequired") });
      focusFirstProblem(formRef.current);
      return;
    }
    const left = unfilledPlaceholders(text);
    if (left.length > 0) {
      move.setErrors({ answer: t("errPlaceholdersLeft", { first: left[0] ?? "", count: left.length }) });
      focusFirstProblem(formRef.current);
      return;
    }
    const ok = await confirm({
      title: t("sendAnswerTitle"),
      message: petition.contactHidden
        ? t("sendAnswerConfirm")
        : petition.contact?.email
          ? t("sendAnswerConfirmEmail", { email: petition.contact.email })
          : t("sendAnswerConfirm"),
      confirmLabel: t("sendAnswer"),
      tone: "primary",
    });
    if (!ok) return;
    const made = await move.run({ event: "answer", answer: text }, formRef.current);
    if (made) onAnswered();
  };

  // The answer shows on the tracking page: personal data the API found is masked or confirmed.
  const sentText = answer.trim();
  const onMask = () => {
    const masked = maskFindings(sentText, "answer", move.findings);
    setAnswer(masked);
    setAnnouncement(t("pdMasked", { count: move.findings.length }));
    move.clearFindings();
    areaRef.current?.focus();
  };
  const onConfirmAsWritten = async () => {
    const made = await move.run(
      { event: "answer", answer: sentText, confirmPersonalData: true },
      formRef.current,
    );
    if (made) onAnswered();
  };

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} aria-busy={move.busy || undefined}>
      {dialog}
      <p className="notice">{t("answerAdvice")}</p>
      <fieldset className="suggestions templates">
        <legend>{t("replyTemplates")}</legend>
        <div className="suggestion-buttons">
          {REPLY_TEMPLATES.map((template) => (
            <button
              key={template.id}
              type="button"
              className="button small"
              aria-label={t("insertTemplate", { name: t(template.label) })}
              onClick={() => insert(template)}
            >
              {t(template.label)}
            </button>
          ))}
        </div>
      </fieldset>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <TextAreaField
        id="answer-text"
        className="answer-field"
        label={t("answerLabel")}
        hint={t("answerHint")}
        value={answer}
        onValueChange={setAnswer}
        textareaRef={areaRef}
        onSelect={(event) => {
          const area = event.currentTarget;
          caret.current = { start: area.selectionStart, end: area.selectionEnd };
        }}
        error={move.errors.answer}
        maxLength={10_000}
        rows={12}
        lang="vi"
      />
      <PersonalDataReview
        findings={move.findings}
        fieldLabels={{ answer: t("answerLabel") }}
        busy={move.busy}
        onMask={onMask}
        onConfirm={() => void onConfirmAsWritten()}
      />
      <div className="form-actions">
        <button type="submit" className="button primary" aria-disabled={move.busy || undefined}>
          {move.busy ? t("sending") : t("sendAnswer")}
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
    </form>
  );
}
