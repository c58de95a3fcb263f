import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { t } from "../i18n";

export interface ConfirmOptions {
  title: string;
  message: string;
  confirmLabel: string;
  /** The confirming button's style: "danger" (default) for destructive actions, else "primary". */
  tone?: "danger" | "primary";
}

interface Pending extends ConfirmOptions {
  resolve: (confirmed: boolean) => void;
}

/**
 * A modal confirmation built on the native <dialog> (focus trap, Escape and focus return come from
 * the browser). Render `dialog` once; `confirm()` resolves true only on the explicit action.
 */
export function useConfirm(): { dialog: ReactNode; confirm: (options: ConfirmOptions) => Promise<boolean> } {
  const [pending, setPending] = useState<Pending | null>(null);
  const ref = useRef<HTMLDialogElement>(null);

  const confirm = useCallback(
    (options: ConfirmOptions) =>
      new Promise<boolean>((resolve) => {
        setPending({ ...options, resolve });
      }),
    [],
  );

  useEffect(() => {
    const dialog = ref.current;
    if (pending && dialog && !dialog.open) dialog.showModal();
  }, [pending]);

  const finish = (confirmed: boolean) => {
    if (!pending) return;
    pending.resolve(confirmed);
    setPending(null);
    if (ref.current?.open) ref.current.close();
  };

  const dialog = pending ? (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-message"
      onClose={() => finish(false)}
    >
      <h2 id="confirm-title">{pending.title}</h2>
      <p id="confirm-message">{pending.message}</p>
      <div className="dialog-actions">
        {/* biome-ignore lint/a11y/noAutofocus: the safe choice takes focus when the dialog opens */}
        <button type="button" className="button" autoFocus onClick={() => finish(false)}>
          {t("cancel")}
        </button>
        <button
          type="button"
          className={pending.tone === "primary" ? "button primary" : "button danger"}
          onClick={() => finish(true)}
        >
          {pending.confirmLabel}
        </button>
      </div>
    </dialog>
  ) : null;

  return { dialog, confirm };
}
