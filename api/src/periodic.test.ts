import pino from "pino";
import { describe, expect, it } from "vitest";
import { startPeriodic } from "./periodic.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a periodic background job", () => {
  it("runs at once when asked, one run at a time, goes on after a failure, and stops after the run in progress", async () => {
    const warnings: string[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => warnings.push(JSON.parse(line).msg) });
    let runs = 0;
    let concurrent = 0;
    let most = 0;
    let finished = 0;
    const job = startPeriodic(
      async () => {
        runs++;
        concurrent++;
        most = Math.max(most, concurrent);
        await sleep(15);
        concurrent--;
        finished++;
        if (runs === 2) throw new Error("database away");
      },
      { intervalMs: 2, logger, failure: "job failed", immediately: true },
    );
    expect(runs).toBe(0); // started on the next turn of the promise chain, not inside startPeriodic
    await sleep(120);
    await job.stop();
    const stoppedAt = runs;
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(most).toBe(1);
    expect(finished).toBe(runs);
    expect(warnings).toEqual(["job failed"]);
    await sleep(30);
    expect(runs).toBe(stoppedAt);
  });

  it("waits for the first interval unless asked to run at once", async () => {
    let runs = 0;
    const job = startPeriodic(async () => void runs++, {
      intervalMs: 60_000,
      logger: pino({ level: "silent" }),
      failure: "job failed",
    });
    await sleep(20);
    await job.stop();
    expect(runs).toBe(0);
  });
});
