import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Mutation testing (stryker.config.mjs) runs only the pure unit tests of the petition rules: no
// database, no browser, nothing but the files Stryker mutates and the tests that exercise them.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["api/src/petitions/**/*.test.ts"],
    maxWorkers: 1,
  },
});
