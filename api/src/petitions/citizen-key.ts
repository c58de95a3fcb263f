import { timingSafeEqual } from "node:crypto";
import type { Petition } from "@gopy/db";
import { sha256 } from "../auth/links.ts";
import { randomCode, UNAMBIGUOUS_UPPER } from "../codes.ts";

/** Characters of a citizen key: 32^10 ≈ 10^15 values, typed by hand from a receipt if need be. */
export const CITIZEN_KEY_LENGTH = 10;
/** The header that carries the key on the public citizen routes (never the URL: logs keep URLs). */
export const CITIZEN_KEY_HEADER = "X-Citizen-Key";

/** A new key for the sender of a case: the tracking code names the case, the key proves the sender. */
export const newCitizenKey = () => randomCode(CITIZEN_KEY_LENGTH, UNAMBIGUOUS_UPPER);

/** The key as a person may type it: any case, with spaces or dashes between groups; null if malformed. */
export function normalizeCitizenKey(raw: string | undefined | null): string | null {
  if (!raw) return null;
  const key = raw.replace(/[\s-]/g, "").toUpperCase();
  return key.length === CITIZEN_KEY_LENGTH && [...key].every((ch) => UNAMBIGUOUS_UPPER.includes(ch))
    ? key
    : null;
}

/** Stored in place of the key: bound to the case's code so one hash cannot serve another case. */
export const citizenKeyHash = (trackingCode: string, key: string) => sha256(`${trackingCode}:${key}`);

/**
 * Whether the request holds the sender's right to this case: its key (compared in constant time),
 * or — for a case registered before keys existed — the tracking code alone. A case with no key
 * handed out (registered by staff from an anonymous survey comment) opens to no one publicly.
 */
export function holdsCitizenKey(
  p: Pick<Petition, "tracking_code" | "citizen_key_hash" | "legacy_code_access">,
  rawKey: string | undefined | null,
): boolean {
  if (p.citizen_key_hash === null) return p.legacy_code_access;
  const key = normalizeCitizenKey(rawKey);
  const expected = Buffer.from(p.citizen_key_hash, "hex");
  // A missing or malformed key is still compared, so the answer takes as long either way.
  const given = Buffer.from(citizenKeyHash(p.tracking_code, key ?? ""), "hex");
  return timingSafeEqual(expected, given) && key !== null;
}
