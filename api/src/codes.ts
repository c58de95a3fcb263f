import { randomInt } from "node:crypto";

/** Upper-case letters and digits without the look-alikes 0/O and 1/I. */
export const UNAMBIGUOUS_UPPER = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/** Lower-case for URLs: no 0/o, 1/l/i. */
export const UNAMBIGUOUS_LOWER = "23456789abcdefghjkmnpqrstuvwxyz";

export function randomCode(length: number, alphabet: string): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A response receipt such as `R-7Q4M-K2XP` (32^8 ≈ 10^12 values). */
export const newReceipt = () => `R-${randomCode(4, UNAMBIGUOUS_UPPER)}-${randomCode(4, UNAMBIGUOUS_UPPER)}`;

/** The code in a survey link and its QR: short enough to type, long enough not to be guessed. */
export const newLinkCode = () => randomCode(8, UNAMBIGUOUS_LOWER);
