// Lighthouse on the public survey page, as a parent's phone sees it (Lighthouse's default mobile
// profile: a mid-range phone on a throttled 4G connection).
//
//   npm run lighthouse                 one run: scores and metrics
//   npm run lighthouse -- --assert     the budget (tests/budgets.ts), as CI runs it (`.ci/run`)
//
// (`npm run lighthouse` builds the web apps first; `npx tsx tests/lighthouse/run.ts` skips that.)
//
// Starts the real server (`api/src/server.ts`) on a free loopback port with a throwaway embedded
// database, runs Lighthouse against `/s/{demo code}`, prints the scores as a table and as one JSON
// line, and writes the full HTML report to `.tmp/lighthouse/report.html` (and the JSON result next
// to it, `report.json`).
//
// With `--assert` it exits non-zero unless performance ≥ 95 and accessibility = 100. The
// performance score is noisy on a shared 2-core machine (another process stealing the CPU during
// the trace costs points), so it runs up to three times and stops at the first run that meets both
// budgets: the best run's performance counts, and accessibility must be 100 in that same run.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { LIGHTHOUSE_ATTEMPTS, LIGHTHOUSE_MIN_SCORES } from "../budgets.ts";
import { chromiumPath } from "../support/browser.ts";
import { freePort } from "../support/server-process.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The server as `npm start` runs it; resolves with the demo survey's code once it listens. */
function startServer(port: number, dataDir: string): Promise<{ child: ChildProcess; code: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    ADMIN_PASSWORD: "lighthouse-only-password",
    SEED_DEMO: "1",
    LOG_LEVEL: "warn",
  };
  delete env.DATABASE_URL;
  const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["api/src/server.ts"], {
    cwd: root,
    env,
    detached: true, // its own process group, so stopping it also stops tsx's child
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Public survey:\s+\S+\/s\/([a-z0-9]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, code: match[1] });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (status) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${status}:\n${output}`));
    });
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || !child.pid) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    process.kill(-child.pid!, "SIGTERM");
  });
}

interface Run {
  attempt: number;
  seconds: number;
  scores: { performance: number; accessibility: number };
  metrics: Record<string, number | null>;
  failedA11y: string[];
  runtimeError: string | null;
  lighthouseVersion: string;
  html: string;
  json: string;
}

const meetsBudget = (run: Run) =>
  run.scores.performance >= LIGHTHOUSE_MIN_SCORES.performance &&
  run.scores.accessibility >= LIGHTHOUSE_MIN_SCORES.accessibility;

/** One Lighthouse run in a fresh Chromium. */
async function runOnce(url: string, attempt: number): Promise<Run> {
  const started = Date.now();
  const chrome = await chromeLauncher.launch({
    chromePath: chromiumPath,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: ["html", "json"],
      logLevel: "error",
      onlyCategories: ["performance", "accessibility"],
      formFactor: "mobile", // the default, stated: phone screen, slow 4G and 4x CPU slowdown
    });
    if (!result) throw new Error("Lighthouse returned no result");
    const { lhr } = result;
    const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
    const metric = (id: string) => lhr.audits[id]?.numericValue ?? null;
    const failedA11y = Object.values(lhr.audits)
      .filter((a) => lhr.categories.accessibility?.auditRefs.some((r) => r.id === a.id && r.weight > 0))
      .filter((a) => a.score !== null && a.score < 1)
      .map((a) => a.id);
    const [html, json] = Array.isArray(result.report) ? result.report : [result.report, JSON.stringify(lhr)];
    return {
      attempt,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      scores: { performance: score("performance"), accessibility: score("accessibility") },
      metrics: {
        firstContentfulPaintMs: metric("first-contentful-paint"),
        largestContentfulPaintMs: metric("largest-contentful-paint"),
        totalBlockingTimeMs: metric("total-blocking-time"),
        cumulativeLayoutShift: metric("cumulative-layout-shift"),
        speedIndexMs: metric("speed-index"),
        totalByteWeight: metric("total-byte-weight"),
      },
      failedA11y,
      runtimeError: lhr.runtimeError ? `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` : null,
      lighthouseVersion: lhr.lighthouseVersion,
      html: html ?? "",
      json: json ?? "",
    };
  } finally {
    chrome.kill();
  }
}

function printRun(url: string, run: Run) {
  const { scores, metrics } = run;
  const rows: [string, string][] = [
    ["performance", String(scores.performance)],
    ["accessibility", String(scores.accessibility)],
    ["first contentful paint", `${Math.round(metrics.firstContentfulPaintMs ?? 0)} ms`],
    ["largest contentful paint", `${Math.round(metrics.largestContentfulPaintMs ?? 0)} ms`],
    ["total blocking time", `${Math.round(metrics.totalBlockingTimeMs ?? 0)} ms`],
    ["cumulative layout shift", (metrics.cumulativeLayoutShift ?? 0).toFixed(3)],
    ["speed index", `${Math.round(metrics.speedIndexMs ?? 0)} ms`],
    ["bytes transferred", `${Math.round((metrics.totalByteWeight ?? 0) / 1024)} KiB`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const valueWidth = Math.max(5, ...rows.map(([, value]) => value.length));
  console.log(`\nLighthouse ${run.lighthouseVersion}, mobile, ${url} (run ${run.attempt})\n`);
  console.log(`| ${"".padEnd(width)} | ${"value".padStart(valueWidth)} |`);
  console.log(`| ${"-".repeat(width)} | ${"-".repeat(valueWidth)} |`);
  for (const [name, value] of rows) console.log(`| ${name.padEnd(width)} | ${value.padStart(valueWidth)} |`);
  if (run.failedA11y.length) console.log(`\naccessibility audits not passed: ${run.failedA11y.join(", ")}`);
}

async function main() {
  const assert = process.argv.includes("--assert");
  if (!chromiumPath) throw new Error("no Chromium found: install chromium or set CHROME_PATH");
  if (!existsSync(path.join(root, "survey-web", "dist", "index.html"))) {
    throw new Error("survey-web is not built: run `npm run build -w survey-web` first");
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "gopy-lighthouse-"));
  const port = await freePort();
  const { child, code } = await startServer(port, dataDir);
  const url = `http://127.0.0.1:${port}/s/${code}`;
  const runs: Run[] = [];
  try {
    // Without --assert: one run. With it: until a run meets the budget, at most LIGHTHOUSE_ATTEMPTS.
    for (let attempt = 1; attempt <= (assert ? LIGHTHOUSE_ATTEMPTS : 1); attempt++) {
      const run = await runOnce(url, attempt);
      runs.push(run);
      const ms = (value?: number | null) => `${Math.round(value ?? 0)} ms`;
      console.log(
        `[lighthouse] run ${attempt}: performance ${run.scores.performance}, ` +
          `accessibility ${run.scores.accessibility} (${run.seconds} s; ` +
          `FCP ${ms(run.metrics.firstContentfulPaintMs)}, LCP ${ms(run.metrics.largestContentfulPaintMs)}, ` +
          `TBT ${ms(run.metrics.totalBlockingTimeMs)}, SI ${ms(run.metrics.speedIndexMs)})` +
          (run.runtimeError ? `; error ${run.runtimeError}` : ""),
      );
      if (meetsBudget(run)) break;
    }
  } finally {
    await stopServer(child);
    rmSync(dataDir, { recursive: true, force: true });
  }

  // The best run: one within the budget if any, then the highest performance, then accessibility.
  const best = [...runs].sort(
    (a, b) =>
      Number(meetsBudget(b)) - Number(meetsBudget(a)) ||
      b.scores.performance - a.scores.performance ||
      b.scores.accessibility - a.scores.accessibility,
  )[0]!;
  const reportDir = path.join(root, ".tmp", "lighthouse");
  mkdirSync(reportDir, { recursive: true });
  const reportFile = path.join(reportDir, "report.html");
  writeFileSync(reportFile, best.html);
  writeFileSync(path.join(reportDir, "report.json"), best.json);

  printRun(url, best);
  console.log(`\nfull report: ${reportFile}\n`);
  console.log(
    JSON.stringify({
      url,
      lighthouse: best.lighthouseVersion,
      ...best.scores,
      metrics: best.metrics,
      failedA11y: best.failedA11y,
      runs: runs.map((r) => ({ ...r.scores, seconds: r.seconds })),
    }),
  );
  if (!assert) return;

  const { performance, accessibility } = LIGHTHOUSE_MIN_SCORES;
  const of = `best of ${runs.length} run${runs.length === 1 ? "" : "s"}`;
  console.log(
    `[budget] Lighthouse performance: ${best.scores.performance} (${of}; budget ≥ ${performance})\n` +
      `[budget] Lighthouse accessibility: ${best.scores.accessibility} (same run; budget ${accessibility})`,
  );
  if (!meetsBudget(best)) {
    console.error(
      `Lighthouse budget exceeded on ${url}: performance ${best.scores.performance} (needs ≥ ${performance}), ` +
        `accessibility ${best.scores.accessibility} (needs ${accessibility}); see ${reportFile}`,
    );
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
