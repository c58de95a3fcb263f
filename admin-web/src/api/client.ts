import { getLang, t } from "../i18n";

export interface FieldError {
  field: string;
  message: string;
}

/** Personal data the API found in a text that would become public (422 `personal_data_found`). */
export interface PersonalDataFinding {
  /** The request field: `answer`, `question`, `excerpts.2`… */
  field: string;
  kind: "name" | "phone" | "email" | "id_number" | "address" | "class";
  text: string;
  /** UTF-16 offsets into the text as it was sent. */
  start: number;
  end: number;
}

interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  requestId?: string;
  errors?: FieldError[];
  findings?: PersonalDataFinding[];
}

/** An RFC 9457 problem response (or a network failure, with status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** With 422 `personal_data_found`: what was found, for the form to highlight or mask. */
  readonly findings: PersonalDataFinding[];
  readonly requestId: string | undefined;
  /** Seconds from the Retry-After header, when present. */
  readonly retryAfter: number | null;

  constructor(status: number, body: ProblemBody, retryAfter: number | null = null) {
    const detail = body.detail || body.title || t("errGeneric");
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.code = body.code ?? (status === 0 ? "network_error" : "unknown_error");
    this.detail = detail;
    this.errors = Array.isArray(body.errors) ? body.errors : [];
    this.findings = Array.isArray(body.findings) ? body.findings : [];
    this.requestId = body.requestId;
    this.retryAfter = retryAfter;
  }
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The single fetch wrapper: same-origin cookies, JSON in and out, problem JSON to ApiError. */
export async function apiFetch<T>(
  path: string,
  options: { method?: Method; body?: unknown } = {},
): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = {
    Accept: "application/json, application/problem+json",
    "Accept-Language": getLang(),
  };
  const init: RequestInit = { method, headers, credentials: "same-origin", cache: "no-store" };
  if (method !== "GET") {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(options.body ?? {});
  }

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, { detail: t("errNetwork") });
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const body = data && typeof data === "object" ? (data as ProblemBody) : {};
    throw new ApiError(response.status, body, parseRetryAfter(response.headers.get("Retry-After")));
  }
  return data as T;
}

/**
 * True when the session is gone and the user must sign in again. A wrong current password is also
 * a 401 but keeps the session.
 */
export function isSessionExpired(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.code !== "invalid_credentials";
}

/** Any thrown value as an ApiError, so callers can always show `detail`. */
export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, { detail: t("errGeneric") });
}

/** The first message for each known field of a problem response (`errors[].field`). */
export function fieldErrorsOf<F extends string>(
  error: ApiError,
  fields: readonly F[],
): Partial<Record<F, string>> {
  const mapped: Partial<Record<F, string>> = {};
  for (const item of error.errors) {
    const field = fields.find((name) => name === item.field);
    if (field) mapped[field] ??= item.message;
  }
  return mapped;
}
