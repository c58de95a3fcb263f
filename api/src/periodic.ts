import type { Logger } from "pino";

/** A background job started by `startPeriodic`. */
export interface PeriodicJob {
  /** Stops the timer and resolves once a run in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `run` every `intervalMs` (and at once with `immediately`), one run at a time: a run that
 * takes longer than the interval delays the next instead of overlapping it. A failed run is logged
 * as `failure` and the job goes on. The timer does not keep the process alive.
 */
export function startPeriodic(
  run: () => Promise<unknown>,
  options: { intervalMs: number; logger: Logger; failure: string; immediately?: boolean },
): PeriodicJob {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = running
      .then(() => (stopped ? undefined : run()))
      .catch((error) => options.logger.warn({ err: error }, options.failure));
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  if (options.immediately) tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
