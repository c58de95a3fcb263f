import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("configuration from the environment", () => {
  it("has working defaults for a first start", () => {
    const config = loadConfig({}, "/srv/gopy");
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      dataDir: "/srv/gopy/data",
      publicBaseUrl: "http://localhost:3000",
      seedDemo: true,
      secureCookies: false,
    });
  });

  it("uses HTTPS cookies behind an HTTPS public URL and trims its trailing slash", () => {
    const config = loadConfig({ PUBLIC_BASE_URL: "https://gopy.truong.edu.vn/", SEED_DEMO: "0" }, "/srv");
    expect(config.publicBaseUrl).toBe("https://gopy.truong.edu.vn");
    expect(config.secureCookies).toBe(true);
    expect(config.seedDemo).toBe(false);
  });

  it("takes the survey limits from the environment, by default no answer without a proof of work", () => {
    expect(loadConfig({}, "/").surveyLimits).toEqual({ perIp: 0, perLink: 0 });
    expect(
      loadConfig({ SURVEY_LIMIT_PER_IP: "50", SURVEY_LIMIT_PER_LINK: "100000" }, "/").surveyLimits,
    ).toEqual({ perIp: 50, perLink: 100_000 });
    expect(() => loadConfig({ SURVEY_LIMIT_PER_LINK: "-1" }, "/")).toThrow(/SURVEY_LIMIT_PER_LINK/);
  });

  it("takes the burst limits from the environment", () => {
    expect(loadConfig({}, "/").surveyBursts).toEqual({ perAddress: 10, perNetwork: 30, sameAnswers: 10 });
    expect(loadConfig({ SURVEY_BURST_PER_ADDRESS: "50" }, "/").surveyBursts.perAddress).toBe(50);
    expect(() => loadConfig({ SURVEY_BURST_SAME_ANSWERS: "0" }, "/")).toThrow(/SURVEY_BURST_SAME_ANSWERS/);
  });

  it("refuses webhooks to private addresses unless told otherwise", () => {
    expect(loadConfig({}, "/").webhookAllowPrivate).toBe(false);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: "1" }, "/").webhookAllowPrivate).toBe(true);
  });

  it("names each bad variable", () => {
    expect(() =>
      loadConfig({ PORT: "abc", DATABASE_URL: "mysql://x", ADMIN_PASSWORD: "short" }, "/"),
    ).toThrow(ConfigError);
    try {
      loadConfig({ PORT: "abc", DATABASE_URL: "mysql://x", ADMIN_PASSWORD: "short" }, "/");
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/DATABASE_URL/);
      expect((error as Error).message).toMatch(/ADMIN_PASSWORD/);
    }
  });
});
