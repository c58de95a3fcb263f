/**
 * What reaches the logs: ids, methods, paths and statuses, never a secret or personal data. Two
 * things would carry them there without care: a tracking code in a path, and a database error
 * (whose `detail`, `params` and `query` hold the values of the failed statement: a citizen's name,
 * phone, text).
 */

/**
 * `DEMO-2611-7Q4MXK`: whoever holds a tracking code may rate, reopen or withdraw the case, so only
 * its unit and month (`DEMO-2611-******`) are logged.
 */
const TRACKING_CODE = /(^|\/)([A-Za-z0-9]{1,6}-\d{4}-)[2-9A-HJ-NP-Za-hj-np-z]{6}(?=$|[/.])/g;

/** A request path as it may be logged. */
export function pathForLog(path: string): string {
  return path.replace(TRACKING_CODE, "$1$2******");
}

/** The fields of an error worth logging that never hold a statement's values. */
const SAFE_FIELDS = ["code", "severity", "constraint", "table", "column", "routine", "status"] as const;

/**
 * pino's `err` serializer, keeping the type, message, stack and the database error's code and
 * constraint, but not the values (`detail`, `params`, `query`, `where`…) the failed statement carried.
 */
export function errorForLog(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const fields = error as Error & Record<string, unknown>;
  const out: Record<string, unknown> = {
    type: error.constructor?.name ?? error.name,
    message: error.message,
    stack: error.stack,
  };
  for (const key of SAFE_FIELDS) {
    const value = fields[key];
    if (typeof value === "string" || typeof value === "number") out[key] = value;
  }
  if (error.cause !== undefined && depth < 3) out.cause = errorForLog(error.cause, depth + 1);
  return out;
}

/** Serializers for every logger of the service: `logger.child({}, { serializers: LOG_SERIALIZERS })`. */
export const LOG_SERIALIZERS = { err: errorForLog };
