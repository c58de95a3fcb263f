import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Mutation testing (stryker.config.mjs) runs only the pure unit tests of the petition, report and
// survey batch rules: no database, no browser, nothing but the files Stryker mutates and the tests
// that exercise them. Property tests run fewer cases per mutant (PROPERTY_RUNS).
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: [
      "api/src/petitions/**/*.test.ts",
      "api/src/reports/**/*.test.ts",
      "api/src/surveys/batch-rules.test.ts",
    ],
    env: { PROPERTY_RUNS: "120" },
    maxWorkers: 1,
  },
});
