import { type ReactNode, useState } from "react";
import { type PetitionMessageKey, pt } from "./messages";

/** A message kept as a key (so it follows a language change) or as the server's own words. */
export type Message =
  | { key: PetitionMessageKey; params?: Record<string, string | number> }
  | { text: string };

export function messageText(message: Message): string {
  return "text" in message ? message.text : pt(message.key, message.params);
}

export function ErrorText({ id, error }: { id: string; error: string | null }) {
  if (!error) return null;
  return (
    <p id={id} className="q-error">
      <span aria-hidden="true">⚠ </span>
      {error}
    </p>
  );
}

export function StatusPanel({
  title,
  text,
  busy,
  children,
}: {
  title: string;
  text?: string | null;
  busy?: boolean;
  children?: ReactNode;
}) {
  return (
    <section className="panel" aria-busy={busy || undefined}>
      <h1>{title}</h1>
      {text && <p>{text}</p>}
      {children}
    </section>
  );
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API outside a secure context (a school LAN over http): the old way.
  }
  try {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  } catch {
    return false;
  }
}

/** A value the sender must keep, large, with a button to copy it and what the copy did. */
function CopyBlock(props: {
  id: string;
  label: string;
  shown: string;
  value: string;
  copy: string;
  copied: string;
  failed: string;
  hint: string;
}) {
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <div className="code-block">
      <p className="code-label" id={`${props.id}-label`}>
        {props.label}
      </p>
      <p className="tracking-code" data-testid={props.id} aria-describedby={`${props.id}-label`}>
        {props.shown}
      </p>
      <button
        type="button"
        className="button"
        onClick={() => {
          setCopied(null);
          void copyText(props.value).then(setCopied);
        }}
      >
        {props.copy}
      </button>
      <p role="status" className="small copy-status">
        {copied === true && props.copied}
        {copied === false && props.failed}
      </p>
      <p className="muted small">{props.hint}</p>
    </div>
  );
}

/** The tracking code, large, with a button to copy it. */
export function CodeBlock({ code }: { code: string }) {
  return (
    <CopyBlock
      id="tracking-code"
      label={pt("trackingCodeLabel")}
      shown={code}
      value={code}
      copy={pt("copyCode")}
      copied={pt("copied", { code })}
      failed={pt("copyFailed", { code })}
      hint={pt("codeHint")}
    />
  );
}

/** The sender's secret key, as large as the code, in two groups, with a button to copy it. */
export function KeyBlock({ citizenKey }: { citizenKey: string }) {
  const grouped = `${citizenKey.slice(0, 5)} ${citizenKey.slice(5)}`;
  return (
    <CopyBlock
      id="citizen-key"
      label={pt("citizenKeyLabel")}
      shown={grouped}
      value={citizenKey}
      copy={pt("copyKey")}
      copied={pt("keyCopied")}
      failed={pt("keyCopyFailed", { key: grouped })}
      hint={pt("keyHint")}
    />
  );
}
