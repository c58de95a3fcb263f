/**
 * The fuzz suite at benchmark size: 10,000+ generated requests over every public and Open311
 * endpoint (CI runs the same file with a smaller number inside `npm test`).
 */
import { spawnSync } from "node:child_process";
import { repoRoot } from "../support/template.ts";

export async function benchFuzz(smoke: boolean): Promise<{ runs: number; ok: boolean; seconds: number }> {
  const runs = smoke ? 200 : 10_000;
  const started = performance.now();
  const result = spawnSync(
    "npx",
    ["vitest", "run", "--config", "tests/vitest.config.ts", "--project", "pglite", "tests/api/fuzz.test.ts"],
    { cwd: repoRoot, env: { ...process.env, FUZZ_RUNS: String(runs) }, encoding: "utf8" },
  );
  const seconds = (performance.now() - started) / 1000;
  const output = `${result.stdout}${result.stderr}`;
  const summary = output.split("\n").filter((line) => /fuzz|cases|Tests|statuses/i.test(line));
  console.log(`\nFuzzing, ${runs} generated requests (PGlite)`);
  console.log(summary.slice(-12).join("\n"));
  const ok = result.status === 0;
  console.log(JSON.stringify({ bench: "fuzz", smoke, runs, ok, seconds }));
  return { runs, ok, seconds };
}
