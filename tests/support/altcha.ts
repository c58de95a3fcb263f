import { solveChallenge } from "altcha-lib/v1";

/** An ALTCHA challenge as the survey API sends it (`GET …/challenge`, or a 428's `challenge`). */
export interface Challenge {
  algorithm: string;
  challenge: string;
  salt: string;
  signature: string;
  maxnumber: number;
}

/**
 * Solves a challenge as a script would, in process: the `altcha` field to send with the answer,
 * and the number found (the hashes it took, less one).
 */
export async function solveAltcha(c: Challenge): Promise<{ altcha: string; number: number }> {
  const solution = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
  if (!solution) throw new Error(`no solution up to ${c.maxnumber}`);
  const { algorithm, challenge, salt, signature } = c;
  const payload = { algorithm, challenge, number: solution.number, salt, signature };
  return { altcha: Buffer.from(JSON.stringify(payload)).toString("base64"), number: solution.number };
}
