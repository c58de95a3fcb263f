/**
 * `npm run bench [-- <name>…] [-- --smoke]`: runs the benchmarks side by side in one process so
 * their ratios are comparable on a noisy machine. Each prints a table and one JSON line.
 * Benchmarks are not tests: nothing here fails on a slow machine.
 */
import { benchCrash } from "./crash.ts";
import { benchFuzz } from "./fuzz.ts";
import { benchStuffing } from "./stuffing.ts";
import { benchSubmissions } from "./submissions.ts";
import { benchSummary } from "./summary.ts";

const args = process.argv.slice(2);
const smoke = args.includes("--smoke");
const names = args.filter((a) => !a.startsWith("--"));
const all: Record<string, (smoke: boolean) => Promise<unknown>> = {
  submissions: benchSubmissions,
  summary: benchSummary,
  fuzz: benchFuzz,
  crash: benchCrash,
  stuffing: benchStuffing,
};
for (const name of names.length > 0 ? names : Object.keys(all)) {
  const bench = all[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(all).join(", ")}`);
    process.exit(2);
  }
  await bench(smoke);
}
