import { useEffect, useState } from "react";
import { t } from "../i18n";

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Fallback for plain-HTTP deployments where the Clipboard API is unavailable.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy failed");
}

interface Props {
  text: string;
  /** Accessible name of the button, e.g. what is being copied. */
  label: string;
  /** Status message after a successful copy; defaults to "link copied". */
  copiedText?: string;
}

export function CopyButton({ text, label, copiedText }: Props) {
  const [result, setResult] = useState<"copied" | "failed" | null>(null);

  useEffect(() => {
    if (!result) return;
    const timer = setTimeout(() => setResult(null), 4000);
    return () => clearTimeout(timer);
  }, [result]);

  return (
    <span className="copy">
      <button
        type="button"
        className="button small"
        aria-label={label}
        onClick={() =>
          copyText(text).then(
            () => setResult("copied"),
            () => setResult("failed"),
          )
        }
      >
        {t("copy")}
      </button>
      <span role="status" className={result === "failed" ? "copy-status error-text" : "copy-status"}>
        {result === "copied" ? (copiedText ?? t("copied")) : result === "failed" ? t("copyFailed") : ""}
      </span>
    </span>
  );
}
