import { describe, expect, it } from "vitest";
import {
  ADDRESS_STEP,
  answerPattern,
  BASE_DIFFICULTY,
  burstReason,
  challengeDifficulty,
  LINK_STEP,
  MAX_DIFFICULTY,
  networkOf,
} from "./stuffing.ts";

describe("challengeDifficulty", () => {
  it("asks a quiet source for the base proof of work", () => {
    expect(challengeDifficulty({ fromAddress: 0, onLink: 0 })).toBe(BASE_DIFFICULTY);
    expect(challengeDifficulty({ fromAddress: ADDRESS_STEP - 1, onLink: LINK_STEP - 1 })).toBe(
      BASE_DIFFICULTY,
    );
  });

  it("doubles with each few answers from the address and each few hundred through the link", () => {
    expect(challengeDifficulty({ fromAddress: ADDRESS_STEP, onLink: 0 })).toBe(2 * BASE_DIFFICULTY);
    expect(challengeDifficulty({ fromAddress: 3 * ADDRESS_STEP, onLink: 0 })).toBe(8 * BASE_DIFFICULTY);
    expect(challengeDifficulty({ fromAddress: 0, onLink: LINK_STEP })).toBe(2 * BASE_DIFFICULTY);
    expect(challengeDifficulty({ fromAddress: ADDRESS_STEP, onLink: 2 * LINK_STEP })).toBe(
      8 * BASE_DIFFICULTY,
    );
  });

  it("never goes past the cap, however large the burst", () => {
    expect(challengeDifficulty({ fromAddress: 1000, onLink: 0 })).toBe(MAX_DIFFICULTY);
    expect(challengeDifficulty({ fromAddress: 1e9, onLink: 1e9 })).toBe(MAX_DIFFICULTY);
  });
});

describe("burstReason", () => {
  const limits = { perAddress: 10, perNetwork: 30, sameAnswers: 10 };
  it("counts answers up to each limit and holds those past it", () => {
    expect(burstReason({ address: 10, network: 30, pattern: 10 }, limits)).toBeNull();
    expect(burstReason({ address: 11, network: 11, pattern: 1 }, limits)).toBe("address");
    expect(burstReason({ address: 1, network: 31, pattern: 1 }, limits)).toBe("network");
    expect(burstReason({ address: 1, network: 1, pattern: 11 }, limits)).toBe("pattern");
  });
});

describe("networkOf", () => {
  it("keeps the /24 of an IPv4 address and the /48 of an IPv6 one, never the address", () => {
    expect(networkOf("203.0.113.7")).toBe("203.0.113.0/24");
    expect(networkOf("::ffff:203.0.113.7")).toBe("203.0.113.0/24");
    expect(networkOf("2001:db8:abcd:12::1")).toBe("2001:db8:abcd::/48");
    expect(networkOf("2001:0db8:0000:0012:0000:0000:0000:0001")).toBe("2001:db8:0::/48");
    expect(networkOf("::1")).toBe("0:0:0::/48");
    expect(networkOf("unknown")).toBe("unknown");
  });
});

describe("answerPattern", () => {
  it("is the same for the same answers in any key order, and differs otherwise", () => {
    expect(answerPattern({ a: 1, b: ["x"] })).toBe(answerPattern({ b: ["x"], a: 1 }));
    expect(answerPattern({ a: 1, b: ["x"] })).not.toBe(answerPattern({ a: 2, b: ["x"] }));
  });
});
