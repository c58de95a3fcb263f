import { AppError } from "../errors.ts";
import { findPersonalData, type PersonalDataFinding } from "./personal-data.ts";

/** A finding in one of the request's fields (`answer`, `excerpts.2`…). */
export interface PublicTextFinding extends PersonalDataFinding {
  field: string;
}

/**
 * Checks the texts of a request that will become public (on the tracking page, in the published
 * questions and answers, in the monthly summary). Personal data found answers 422
 * `personal_data_found` with each finding (field, kind, text, offsets) so the console can highlight
 * them, unless the staff member confirmed that they checked the text (`confirmed`). Returns what was
 * found, for the audit log of a confirmation.
 */
export function checkPublicText(
  texts: Record<string, string | null | undefined>,
  confirmed: boolean | undefined,
): PublicTextFinding[] {
  const findings: PublicTextFinding[] = [];
  for (const [field, text] of Object.entries(texts)) {
    if (!text) continue;
    for (const f of findPersonalData(text)) findings.push({ field, ...f });
  }
  if (findings.length > 0 && confirmed !== true) {
    throw new AppError("personal_data_found", 422, { extensions: { findings } });
  }
  return findings;
}

/**
 * What the audit log keeps of a confirmation: where and what kind, never the text itself (the log
 * must not become a copy of the personal data).
 */
export function confirmationSummary(findings: readonly PublicTextFinding[]) {
  return findings.map(({ field, kind, start, end }) => ({ field, kind, start, end }));
}
