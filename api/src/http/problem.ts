import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { AppError, isDatabaseUnavailable } from "../errors.ts";
import { type Lang, translate } from "../i18n/messages.ts";
import type { AppEnv } from "./types.ts";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  410: "Gone",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** Renders an AppError as RFC 9457 problem details in the client's language. */
export function problemResponse(c: Context<AppEnv>, error: AppError): Response {
  const lang: Lang = c.get("lang") ?? "vi";
  const body = {
    type: `about:blank#${error.code}`,
    title: TITLES[error.status] ?? "Error",
    status: error.status,
    code: error.code,
    detail: translate(lang, error.code, error.params),
    requestId: c.get("requestId"),
    ...error.extensions,
    ...(error.fields.length > 0 && {
      errors: error.fields.map((f) => ({ field: f.field, message: translate(lang, f.message, f.params) })),
    }),
  };
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: {
      "Content-Type": "application/problem+json; charset=utf-8",
      "Cache-Control": "no-store",
      ...error.headers,
    },
  });
}

/** The single error path: every thrown error becomes problem JSON; a 500 never leaks details. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 400 && /JSON/i.test(error.message)) return new AppError("malformed_json", 400);
    if (error.status === 413) return new AppError("payload_too_large", 413);
    if (error.status === 401) return new AppError("unauthenticated", 401);
    if (error.status === 403) return new AppError("csrf_rejected", 403);
    return new AppError(error.status >= 500 ? "internal_error" : "validation_failed", error.status);
  }
  if (isDatabaseUnavailable(error)) {
    return new AppError("database_unavailable", 503, { headers: { "Retry-After": "5" } });
  }
  return new AppError("internal_error", 500);
}
