// Mutation testing of the petition rules: working-day calendar, statutory and official days,
// deadlines, the legal clocks of complaints and denunciations, and the case lifecycle.
// `npm run mutate` runs it over all of them (a few minutes on two cores); `npm run mutate:smoke`
// over the lifecycle alone (CI). Both exit non-zero below `thresholds.break`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "tests/stryker/vitest.config.ts", related: false },
  plugins: ["@stryker-mutator/vitest-runner"],
  coverageAnalysis: "perTest",
  concurrency: 2,
  mutate: [
    "api/src/petitions/calendar.ts",
    "api/src/petitions/statutory-days.ts",
    "api/src/petitions/official-days.ts",
    "api/src/petitions/deadlines.ts",
    "api/src/petitions/lifecycle.ts",
    "api/src/petitions/clocks.ts",
  ],
  // The sandbox holds only what the petition tests import; the web apps, database suites and
  // reports stay out (and node_modules is linked, not copied).
  ignorePatterns: [
    "/admin-web",
    "/survey-web",
    "/db",
    "/tests",
    "!/tests/stryker",
    "/reports",
    "/.tmp",
    "/backups",
    "/data",
  ],
  tempDirName: ".tmp/stryker",
  cleanTempDir: true,
  reporters: ["clear-text", "progress", "html", "json"],
  clearTextReporter: { logTests: false },
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 95, low: 90, break: 90 },
};
