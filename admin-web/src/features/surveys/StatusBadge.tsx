import { t } from "../../i18n";
import { statusKey } from "./labels";

/** The campaign state as words (never colour alone). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`status status-${status}`}>{t(statusKey(status))}</span>;
}
