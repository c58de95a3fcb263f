import { dictionary } from "@zxcvbn-ts/language-common";
import type { FieldIssue } from "../errors.ts";

export const MIN_PASSWORD_LENGTH = 10;

let common: Set<string> | undefined;
/** The ~50,000 most common passwords, from zxcvbn's dictionary, loaded on first use. */
function commonPasswords(): Set<string> {
  common ??= new Set(
    (dictionary as Record<string, string[]>)["passwords-common"]!.map((p) => p.toLowerCase()),
  );
  return common;
}

/** Problems with a new password, named after `field`; empty when it is acceptable. */
export function checkNewPassword(password: string, field: string, email?: string): FieldIssue[] {
  const normalized = password.normalize("NFC");
  if ([...normalized].length < MIN_PASSWORD_LENGTH) {
    return [{ field, message: "password_too_short", params: { min: MIN_PASSWORD_LENGTH } }];
  }
  const lower = normalized.toLowerCase();
  if (commonPasswords().has(lower) || (email && lower.includes(email.split("@")[0]!.toLowerCase()))) {
    return [{ field, message: "password_common" }];
  }
  return [];
}
