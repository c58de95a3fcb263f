// ALTCHA v1 proof of work (https://altcha.org/docs/proof-of-work/), hand-written because the
// official widget would cost more than the whole page's JavaScript budget. The server sends
// {algorithm, challenge, salt, signature, maxnumber}; the browser finds n in 0..maxnumber with
// hex(SHA-256(salt + n)) === challenge and returns base64(JSON {algorithm, challenge, number, salt,
// signature}). WebCrypto does the hashing; pages served over plain http (a school LAN) are not a
// secure context and have no crypto.subtle, so a small pure-JS SHA-256 stands in there.

export interface AltchaChallenge {
  algorithm: string;
  challenge: string;
  salt: string;
  signature: string;
  maxnumber?: number;
}

export function isChallenge(value: unknown): value is AltchaChallenge {
  const c = value as AltchaChallenge | null;
  return (
    !!c &&
    typeof c.challenge === "string" &&
    typeof c.salt === "string" &&
    typeof c.signature === "string" &&
    typeof c.algorithm === "string"
  );
}

const encoder = new TextEncoder();

function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += (b < 16 ? "0" : "") + b.toString(16);
  return out;
}

/** A macrotask that background tabs do not throttle the way they throttle setTimeout. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(0);
  });
}

/** The solution payload, or null when the challenge cannot be solved (or `cancelled()` turns true). */
export async function solveChallenge(
  challenge: AltchaChallenge,
  cancelled: () => boolean,
): Promise<string | null> {
  if (challenge.algorithm.toUpperCase() !== "SHA-256") return null;
  const subtle = globalThis.crypto?.subtle;
  const digest = subtle
    ? async (bytes: Uint8Array<ArrayBuffer>) => toHex(new Uint8Array(await subtle.digest("SHA-256", bytes)))
    : async (bytes: Uint8Array<ArrayBuffer>) => toHex(sha256(bytes));
  const target = challenge.challenge.toLowerCase();
  const max = challenge.maxnumber ?? 1_000_000;
  for (let n = 0; n <= max; n++) {
    if (n % 1000 === 0) {
      await yieldToEventLoop();
      if (cancelled()) return null;
    }
    if ((await digest(encoder.encode(challenge.salt + n))) === target) {
      const { algorithm, salt, signature } = challenge;
      return btoa(JSON.stringify({ algorithm, challenge: challenge.challenge, number: n, salt, signature }));
    }
  }
  return null;
}

// ---------- SHA-256 (FIPS 180-4) for non-secure contexts ----------

let K: number[] | undefined;
let H0: number[] | undefined;

/** First 32 bits of the fractional parts of the square (H0) and cube (K) roots of the first primes. */
function constants(): [number[], number[]] {
  if (!K || !H0) {
    K = [];
    H0 = [];
    for (let candidate = 2; K.length < 64; candidate++) {
      let prime = true;
      for (let d = 2; d * d <= candidate; d++) if (candidate % d === 0) prime = false;
      if (!prime) continue;
      if (H0.length < 8) H0.push((candidate ** 0.5 * 2 ** 32) | 0);
      K.push((Math.cbrt(candidate) * 2 ** 32) | 0);
    }
  }
  return [K, H0];
}

export function sha256(message: Uint8Array): Uint8Array {
  const [k, h0] = constants();
  const bitLength = message.length * 8;
  const padded = new Uint8Array((((message.length + 8) >> 6) + 1) << 6);
  padded.set(message);
  padded[message.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = h0.slice();
  const w = new Array<number>(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 64; i++) {
      if (i < 16) w[i] = view.getUint32(offset + i * 4);
      else {
        const a = w[i - 15]!;
        const b = w[i - 2]!;
        const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
        const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
        w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
      }
    }
    let [a, b, c, d, e, f, g, hh] = h as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i]! + w[i]!) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    [a, b, c, d, e, f, g, hh].forEach((value, i) => {
      h[i] = (h[i]! + value) | 0;
    });
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  h.forEach((value, i) => {
    outView.setUint32(i * 4, value >>> 0);
  });
  return out;
}
