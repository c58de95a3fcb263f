import type { PersonalDataFinding } from "../../api/client";
import { type MessageKey, t } from "../../i18n";
import { MASK } from "./templates";

const KIND_LABELS: Record<PersonalDataFinding["kind"], MessageKey> = {
  name: "pdKindName",
  phone: "pdKindPhone",
  email: "pdKindEmail",
  id_number: "pdKindIdNumber",
  address: "pdKindAddress",
  class: "pdKindClass",
};

/**
 * The text of one field with its findings replaced by the mask. Offsets are those of the text as it
 * was sent; a finding whose text is no longer at its place (the field was edited since) is left.
 */
export function maskFindings(text: string, field: string, findings: readonly PersonalDataFinding[]): string {
  let out = text;
  const mine = findings.filter((f) => f.field === field).sort((a, b) => b.start - a.start);
  for (const f of mine) {
    if (out.slice(f.start, f.end) !== f.text) continue;
    out = out.slice(0, f.start) + MASK + out.slice(f.end);
  }
  return out;
}

interface Props {
  findings: readonly PersonalDataFinding[];
  /** Field names as the form shows them (`answer` → "Nội dung trả lời"). */
  fieldLabels: Record<string, string>;
  busy: boolean;
  onMask: () => void;
  onConfirm: () => void;
}

/**
 * The places the API took for personal data in a text about to become public, with the two ways
 * on: mask them all, or confirm after checking (the confirmation is audited).
 */
export function PersonalDataReview({ findings, fieldLabels, busy, onMask, onConfirm }: Props) {
  if (findings.length === 0) return null;
  const fields = [...new Set(findings.map((f) => f.field))];
  return (
    <div className="notice warning" role="alert" aria-labelledby="pd-title">
      <h3 id="pd-title">{t("pdTitle")}</h3>
      <p>{t("pdIntro")}</p>
      {fields.map((field) => (
        <div key={field}>
          {fields.length > 1 && <p>{t("pdInField", { field: fieldLabels[field] ?? field })}</p>}
          <ul>
            {findings
              .filter((f) => f.field === field)
              .map((f) => (
                <li key={`${f.field}-${f.start}`}>
                  {t("pdItem", { kind: t(KIND_LABELS[f.kind] ?? "pdKindName"), text: f.text })}
                </li>
              ))}
          </ul>
        </div>
      ))}
      <p className="hint">{t("pdMaskHint")}</p>
      <div className="form-actions">
        <button type="button" className="button primary" onClick={onMask} aria-disabled={busy || undefined}>
          {t("pdMask")}
        </button>
        <button type="button" className="button" onClick={onConfirm} aria-disabled={busy || undefined}>
          {t("pdConfirm")}
        </button>
      </div>
    </div>
  );
}
