import { type FormEvent, useRef, useState } from "react";
import { fieldErrorsOf, isSessionExpired, type PersonalDataFinding, toApiError } from "../../api/client";
import { useConfirm } from "../../components/ConfirmDialog";
import { focusFirstProblem, TextAreaField } from "../../components/Field";
import { t } from "../../i18n";
import { type PetitionDetail, publish, unpublish } from "./api";
import { formatCaseTime } from "./format";
import { maskFindings, PersonalDataReview } from "./PersonalDataReview";

type Field = "question" | "answer";
const FIELDS: readonly Field[] = ["question", "answer"];

/** True when the case may be published: the sender agreed, it is answered, and not a denunciation. */
export function canPublish(petition: PetitionDetail): boolean {
  return (
    petition.consentToPublish &&
    petition.kind !== "denunciation" &&
    (petition.state === "answered" || petition.state === "closed")
  );
}

interface Props {
  petition: PetitionDetail;
  onChanged: (message: string) => Promise<void>;
  onUnauthorized: () => void;
}

/**
 * The redacted question and answer shown on the unit's public page: prefilled from the case, edited
 * by a principal or vice-principal to remove anything that identifies someone, then published.
 */
export function PublicationPanel({ petition, onChanged, onUnauthorized }: Props) {
  const published = petition.publication ?? null;
  const [question, setQuestion] = useState(published?.question ?? petition.content);
  const [answer, setAnswer] = useState(published?.answer ?? petition.answer ?? "");
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [findings, setFindings] = useState<PersonalDataFinding[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  const { dialog, confirm } = useConfirm();
  const allowed = canPublish(petition);

  const fail = (caught: unknown) => {
    if (isSessionExpired(caught)) return onUnauthorized();
    const apiError = toApiError(caught);
    if (apiError.code === "personal_data_found" && apiError.findings.length > 0) {
      setFindings(apiError.findings);
      return;
    }
    const mapped = fieldErrorsOf(apiError, FIELDS);
    setErrors(mapped);
    setFormError(
      Object.keys(mapped).length > 0
        ? null
        : apiError.code === "publish_not_allowed"
          ? t("publishNotAllowed")
          : apiError.detail,
    );
    focusFirstProblem(formRef.current);
  };

  const send = async (confirmPersonalData: boolean) => {
    setBusy(true);
    setFindings([]);
    try {
      await publish(petition.id, {
        question: question.trim(),
        answer: answer.trim(),
        ...(confirmPersonalData && { confirmPersonalData }),
      });
      await onChanged(published ? t("publicationUpdated") : t("publicationDone"));
    } catch (caught) {
      fail(caught);
    } finally {
      setBusy(false);
    }
  };

  const onMask = () => {
    setQuestion(maskFindings(question.trim(), "question", findings));
    setAnswer(maskFindings(answer.trim(), "answer", findings));
    setFindings([]);
  };

  const onPublish = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const local: Partial<Record<Field, string>> = {};
    if (!question.trim()) local.question = t("publishErrQuestion");
    if (!answer.trim()) local.answer = t("publishErrAnswer");
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) {
      focusFirstProblem(formRef.current);
      return;
    }
    await send(false);
  };

  const onUnpublish = async () => {
    if (busy) return;
    const ok = await confirm({
      title: t("unpublishTitle"),
      message: t("unpublishConfirm"),
      confirmLabel: t("unpublish"),
    });
    if (!ok) return;
    setBusy(true);
    setFormError(null);
    try {
      await unpublish(petition.id);
      await onChanged(t("unpublished"));
    } catch (caught) {
      fail(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="publication-title" className="panel">
      <h2 id="publication-title">{t("publicationTitle")}</h2>
      <p className="hint">{t("publicationIntro")}</p>
      {published && (
        <p className="notice success">{t("publishedAt", { time: formatCaseTime(published.publishedAt) })}</p>
      )}
      <form ref={formRef} noValidate onSubmit={(event) => void onPublish(event)}>
        {formError && (
          <p className="form-error" role="alert" tabIndex={-1}>
            {formError}
          </p>
        )}
        {allowed && (
          <>
            <p className="warning">{t("publicationRedactWarning")}</p>
            <TextAreaField
              id="publication-question"
              label={t("publicationQuestion")}
              value={question}
              onValueChange={setQuestion}
              error={errors.question}
              rows={6}
              maxLength={4000}
              lang="vi"
            />
            <TextAreaField
              id="publication-answer"
              label={t("publicationAnswer")}
              value={answer}
              onValueChange={setAnswer}
              error={errors.answer}
              rows={8}
              maxLength={10000}
              lang="vi"
            />
          </>
        )}
        <PersonalDataReview
          findings={findings}
          fieldLabels={{ question: t("publicationQuestion"), answer: t("publicationAnswer") }}
          busy={busy}
          onMask={onMask}
          onConfirm={() => void send(true)}
        />
        <div className="form-actions">
          {allowed && (
            <button type="submit" className="button primary" aria-busy={busy || undefined}>
              {published ? t("publishUpdate") : t("publishSubmit")}
            </button>
          )}
          {published && (
            <button type="button" className="button danger" onClick={() => void onUnpublish()}>
              {t("unpublish")}
            </button>
          )}
        </div>
      </form>
      {dialog}
    </section>
  );
}
