import { type FormEvent, useRef, useState } from "react";
import { fieldErrorsOf, isSessionExpired, toApiError } from "../../api/client";
import { useConfirm } from "../../components/ConfirmDialog";
import { CopyButton } from "../../components/CopyButton";
import { focusFirstProblem, TextField } from "../../components/Field";
import { formatNumber, loc, t } from "../../i18n";
import { addLink, archiveLink, renameLink, type SurveyDetail, type SurveyLink } from "./api";
import { CHANNEL_SUGGESTIONS } from "./labels";

const CHANNEL_MAX = 80;

interface Props {
  survey: SurveyDetail;
  canManage: boolean;
  onChanged: () => Promise<void>;
  onUnauthorized: () => void;
}

function focusById(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

function checkChannel(channel: string): string | undefined {
  const trimmed = channel.trim();
  if (!trimmed) return t("errChannelRequired");
  if (trimmed.length > CHANNEL_MAX) return t("errChannelTooLong", { max: CHANNEL_MAX });
  return undefined;
}

/** The survey's links: one per place it is shared, each with its QR code, poster and count. */
export function LinksTab({ survey, canManage, onChanged, onUnauthorized }: Props) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [actionError, setActionError] = useState<string | null>(null);
  const { dialog, confirm } = useConfirm();
  const links = survey.links.filter((link) => !link.archivedAt);
  const title = loc(survey.title);

  const onArchive = async (link: SurveyLink) => {
    const ok = await confirm({
      title: t("archiveLinkTitle"),
      message: t("archiveLinkConfirm", { channel: link.channel }),
      confirmLabel: t("archiveLink"),
    });
    if (!ok) return;
    setStatus("");
    setActionError(null);
    try {
      await archiveLink(survey.id, link.id);
      setStatus(t("linkArchived", { channel: link.channel }));
      await onChanged();
      focusById("links-title");
    } catch (error) {
      if (isSessionExpired(error)) return onUnauthorized();
      setActionError(toApiError(error).detail);
    }
  };

  return (
    <section aria-labelledby="links-title">
      <div className="page-head">
        <h2 id="links-title" tabIndex={-1} data-nav-focus>
          {t("tabLinks")}
        </h2>
        <p className="status-line" aria-live="polite">
          {status}
        </p>
      </div>
      <p className="muted">{t("linksIntro")}</p>
      {survey.status === "draft" && <p className="warning">{t("linksDraftWarning")}</p>}
      {actionError && (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      )}
      {links.length === 0 ? (
        <p>{t("noLinks")}</p>
      ) : (
        <ul className="links links-manage" aria-label={t("linksLabel", { title })}>
          {links.map((link) => (
            <li key={link.id} className="link-card" aria-labelledby={`link-${link.id}-channel`}>
              <div className="qr-preview">
                <img
                  src={link.qrSvgUrl}
                  alt={t("qrAlt", { channel: link.channel, title })}
                  width={132}
                  height={132}
                  loading="lazy"
                />
              </div>
              <div className="link-info">
                <h3 id={`link-${link.id}-channel`} className="link-channel">
                  {link.channel}
                </h3>
                <p className="url">
                  <a href={link.url} target="_blank" rel="noopener noreferrer">
                    {link.url}
                  </a>
                </p>
                <CopyButton text={link.url} label={t("copyLabel", { channel: link.channel })} />
                <p data-testid="link-response-count">
                  {t("linkResponses", { count: formatNumber(link.responseCount) })}
                </p>
                <ul className="download-list">
                  <li>
                    <a
                      href={link.qrSvgUrl}
                      download={`gop-y-qr-${link.code}.svg`}
                      aria-label={`${t("downloadQrSvg")} – ${link.channel}`}
                    >
                      {t("downloadQrSvg")}
                    </a>
                  </li>
                  <li>
                    <a
                      href={link.qrPngUrl}
                      download={`gop-y-qr-${link.code}.png`}
                      aria-label={`${t("downloadQrPng")} – ${link.channel}`}
                    >
                      {t("downloadQrPng")}
                    </a>
                  </li>
                  <li>
                    <a
                      href={link.posterUrl}
                      download={`gop-y-poster-${link.code}.pdf`}
                      aria-label={`${t("downloadPoster")} – ${link.channel}`}
                    >
                      {t("downloadPoster")}
                    </a>
                  </li>
                </ul>
                {canManage &&
                  (renaming === link.id ? (
                    <RenameForm
                      surveyId={survey.id}
                      link={link}
                      onCancel={() => {
                        setRenaming(null);
                        focusById(`link-${link.id}-rename`);
                      }}
                      onDone={async (channel) => {
                        setRenaming(null);
                        setActionError(null);
                        setStatus(t("linkRenamed", { channel }));
                        await onChanged();
                        focusById(`link-${link.id}-rename`);
                      }}
                      onUnauthorized={onUnauthorized}
                    />
                  ) : (
                    <div className="row-actions">
                      <button
                        type="button"
                        id={`link-${link.id}-rename`}
                        className="button small"
                        aria-label={t("renameLinkLabel", { channel: link.channel })}
                        onClick={() => {
                          setStatus("");
                          setRenaming(link.id);
                        }}
                      >
                        {t("renameLink")}
                      </button>
                      <button
                        type="button"
                        className="button small danger"
                        aria-label={t("archiveLinkLabel", { channel: link.channel })}
                        onClick={() => void onArchive(link)}
                      >
                        {t("archiveLink")}
                      </button>
                    </div>
                  ))}
              </div>
            </li>
          ))}
        </ul>
      )}
      {canManage && (
        <AddLinkForm
          surveyId={survey.id}
          onAdded={async (channel) => {
            setActionError(null);
            setStatus(t("linkAdded", { channel }));
            await onChanged();
          }}
          onUnauthorized={onUnauthorized}
        />
      )}
      {dialog}
    </section>
  );
}

interface AddProps {
  surveyId: string;
  onAdded: (channel: string) => Promise<void>;
  onUnauthorized: () => void;
}

function AddLinkForm({ surveyId, onAdded, onUnauthorized }: AddProps) {
  const [channel, setChannel] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const local = checkChannel(channel);
    setError(local);
    if (local) {
      focusFirstProblem(formRef.current);
      return;
    }
    setBusy(true);
    try {
      await addLink(surveyId, channel.trim());
      const added = channel.trim();
      setChannel("");
      await onAdded(added);
    } catch (err) {
      if (isSessionExpired(err)) return onUnauthorized();
      const apiError = toApiError(err);
      setError(fieldErrorsOf(apiError, ["channel"]).channel ?? apiError.detail);
      focusFirstProblem(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="add-link-title">
      <h3 id="add-link-title">{t("addLinkTitle")}</h3>
      <form
        ref={formRef}
        noValidate
        onSubmit={onSubmit}
        aria-busy={busy || undefined}
        className="narrow-form"
      >
        <TextField
          id="new-link-channel"
          label={t("channelName")}
          hint={t("channelNameHint")}
          value={channel}
          onValueChange={setChannel}
          error={error}
          maxLength={CHANNEL_MAX}
          autoComplete="off"
          inputRef={inputRef}
        />
        <fieldset className="suggestions">
          <legend>{t("channelSuggestions")}</legend>
          <div className="suggestion-buttons">
            {CHANNEL_SUGGESTIONS.map((suggestion) => (
              <button
                key={suggestion}
                type="button"
                className="button small"
                lang="vi"
                onClick={() => {
                  setChannel(suggestion);
                  setError(undefined);
                  requestAnimationFrame(() => {
                    const input = inputRef.current;
                    if (!input) return;
                    input.focus();
                    input.setSelectionRange(suggestion.length, suggestion.length);
                  });
                }}
              >
                {suggestion.endsWith(" ") ? `${suggestion}…` : suggestion}
              </button>
            ))}
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button primary" aria-disabled={busy || undefined}>
            {busy ? t("saving") : t("addLink")}
          </button>
        </div>
      </form>
    </section>
  );
}

interface RenameProps {
  surveyId: string;
  link: SurveyLink;
  onCancel: () => void;
  onDone: (channel: string) => Promise<void>;
  onUnauthorized: () => void;
}

function RenameForm({ surveyId, link, onCancel, onDone, onUnauthorized }: RenameProps) {
  const [channel, setChannel] = useState(link.channel);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const id = `link-${link.id}-new-channel`;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const local = checkChannel(channel);
    setError(local);
    if (local) {
      focusFirstProblem(formRef.current);
      return;
    }
    setBusy(true);
    try {
      await renameLink(surveyId, link.id, channel.trim());
      await onDone(channel.trim());
    } catch (err) {
      if (isSessionExpired(err)) return onUnauthorized();
      const apiError = toApiError(err);
      setError(fieldErrorsOf(apiError, ["channel"]).channel ?? apiError.detail);
      focusFirstProblem(formRef.current);
      setBusy(false);
    }
  };

  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={onSubmit}
      className="inline-form"
      aria-busy={busy || undefined}
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
    >
      <TextField
        id={id}
        label={t("newChannelName")}
        value={channel}
        onValueChange={setChannel}
        error={error}
        maxLength={CHANNEL_MAX}
        autoComplete="off"
        autoFocus
      />
      <div className="form-actions">
        <button type="submit" className="button small primary" aria-disabled={busy || undefined}>
          {busy ? t("saving") : t("save")}
        </button>
        <button type="button" className="button small" onClick={onCancel}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}
