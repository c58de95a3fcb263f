// Mutation testing of the rules behind the published figures: the petition rules (working-day
// calendar, statutory and official days, deadlines, the legal clocks of complaints and
// denunciations, the case lifecycle, the month's figures) and the survey figures (satisfaction
// index, small-cell suppression and what each figure may publish), and the survey batch's
// per-submission rules (retries, conflicts, followers, caps, devices, honeypot).
// `npm run mutate` runs it over all of them (a few minutes on two cores); `npm run mutate:smoke`
// over the lifecycle alone (CI). Both exit non-zero below `thresholds.break`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "tests/stryker/vitest.config.ts", related: false },
  plugins: ["@stryker-mutator/vitest-runner"],
  coverageAnalysis: "perTest",
  // Mutants of module-level constants would rerun every test for each; the constants' values are
  // asserted directly by the tests that use them.
  ignoreStatic: true,
  concurrency: 2,
  mutate: [
    "api/src/petitions/calendar.ts",
    "api/src/petitions/statutory-days.ts",
    "api/src/petitions/official-days.ts",
    "api/src/petitions/deadlines.ts",
    "api/src/petitions/lifecycle.ts",
    "api/src/petitions/clocks.ts",
    "api/src/petitions/figures.ts",
    "api/src/reports/satisfaction-index.ts",
    "api/src/reports/disclosure.ts",
    "api/src/surveys/batch-rules.ts",
  ],
  // The sandbox holds only what the unit tests import; the web apps, database suites and the
  // mutation reports stay out (and node_modules is linked, not copied).
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
