import { hash, verify } from "@node-rs/argon2";
import { randomCode, UNAMBIGUOUS_LOWER } from "../codes.ts";

// argon2id with the OWASP minimum (19 MiB, 2 passes, 1 lane): ~20 ms here.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password.normalize("NFC"), OPTIONS);

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password.normalize("NFC"));
  } catch {
    return false;
  }
}

/** A password for a generated account, printed once: 4 groups of 5 easy-to-read characters. */
export const generatePassword = () =>
  Array.from({ length: 4 }, () => randomCode(5, UNAMBIGUOUS_LOWER)).join("-");

/** Emails are compared trimmed, lower-cased and NFC-normalised. */
export const normalizeEmail = (email: string) => email.trim().normalize("NFC").toLowerCase();
