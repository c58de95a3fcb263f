import type { MessageKey } from "./i18n/messages.ts";

export interface FieldIssue {
  /** Dotted path of the field, e.g. `answers.q_access_1` or `email`. */
  field: string;
  message: MessageKey;
  params?: Record<string, string | number>;
}

/**
 * An error the client can act on. `code` is stable and also the key of the user message; the
 * optional `internal` text goes to the log only.
 */
export class AppError extends Error {
  readonly code: MessageKey;
  readonly status: number;
  readonly fields: FieldIssue[];
  readonly headers: Record<string, string>;
  /** Values for the placeholders of the user message. */
  readonly params: Record<string, string | number>;
  /** Extra members of the problem body (RFC 9457 extensions), e.g. a receipt or a challenge. */
  readonly extensions: Record<string, unknown>;

  constructor(
    code: MessageKey,
    status: number,
    options: {
      fields?: FieldIssue[];
      headers?: Record<string, string>;
      params?: Record<string, string | number>;
      extensions?: Record<string, unknown>;
      internal?: string;
    } = {},
  ) {
    super(options.internal ?? code);
    this.code = code;
    this.status = status;
    this.fields = options.fields ?? [];
    this.headers = options.headers ?? {};
    this.params = options.params ?? {};
    this.extensions = options.extensions ?? {};
  }
}

export const notFound = (code: MessageKey = "not_found") => new AppError(code, 404);
export const validationFailed = (fields: FieldIssue[]) => new AppError("validation_failed", 422, { fields });

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08000",
  "08001",
  "08003",
  "08006",
  "53300", // too_many_connections
]);

/** True when an error means the database cannot be reached (answer 503, not 500). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|did not answer within/i.test(
    error.message,
  );
}
