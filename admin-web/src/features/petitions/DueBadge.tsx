import { t } from "../../i18n";
import type { DueStatus } from "./api";
import { DUE_KEYS } from "./labels";

/** How close a case is to its answer-by day, in words and colour (never colour alone). */
export function DueBadge({ due }: { due: DueStatus }) {
  return <span className={`status due-${due}`}>{t(DUE_KEYS[due] ?? "dueOnTrack")}</span>;
}

/** The case's state as words. */
export function StateBadge({ label }: { label: string }) {
  return <span className="status state">{label}</span>;
}
