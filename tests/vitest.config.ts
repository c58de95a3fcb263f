import { fileURLToPath } from "node:url";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));
const databaseSuite = ["tests/api/**/*.test.ts"];

// The database suite runs once per engine: always on the embedded PGlite, and on PostgreSQL when
// TEST_DATABASE_URL points at a server (CI starts one).
const projects: TestProjectInlineConfiguration[] = [
  { test: { name: "unit", root, include: ["api/src/**/*.test.ts", "db/src/**/*.test.ts"] } },
  {
    test: {
      name: "pglite",
      root,
      include: databaseSuite,
      env: { TEST_ENGINE: "pglite" },
      globalSetup: ["tests/support/global-setup.ts"],
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  },
  {
    test: {
      name: "browser",
      root,
      include: ["tests/browser/**/*.test.ts"],
      env: { TEST_ENGINE: "pglite" },
      globalSetup: ["tests/support/global-setup.ts"],
      testTimeout: 90_000,
      hookTimeout: 90_000,
    },
  },
];
if (process.env.TEST_DATABASE_URL) {
  projects.push({
    test: {
      name: "postgres",
      root,
      include: databaseSuite,
      env: { TEST_ENGINE: "postgres" },
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  });
} else {
  console.log("[tests] TEST_DATABASE_URL is not set: the PostgreSQL suite is skipped (CI sets it).");
}

export default defineConfig({
  test: {
    projects,
    // Two cores: more workers only add memory pressure from several embedded databases.
    maxWorkers: 2,
  },
});
