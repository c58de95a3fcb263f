import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppDeps, AppEnv } from "../http/types.ts";
import { pickLang } from "../i18n/messages.ts";
import { LOG_SERIALIZERS, pathForLog } from "../logging.ts";

const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Gives every request an id (kept from `X-Request-Id` when it is sane), a child logger carrying
 * it, the client's language, and one structured log line when the response is sent.
 */
export function requestContext(deps: AppDeps) {
  return createMiddleware<AppEnv>(async function requestContext(c, next) {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && INCOMING_ID.test(incoming) ? incoming : crypto.randomUUID();
    // Errors logged while answering keep their database values out of the log.
    const logger = deps.logger.child({ requestId }, { serializers: LOG_SERIALIZERS });
    c.set("deps", deps);
    c.set("requestId", requestId);
    c.set("logger", logger);
    c.set("lang", pickLang(c.req.header("accept-language")));
    const started = performance.now();
    await next();
    setResponseHeader(c, "X-Request-Id", requestId);
    // Paths carry no personal data (survey codes and ids only; tracking codes are masked); bodies and
    // queries are never logged.
    logger.info(
      {
        method: c.req.method,
        path: pathForLog(c.req.path),
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      "request",
    );
  });
}

/**
 * Sets a header on the response a handler already made, in place. (Hono's `c.header` after the
 * handler rebuilds the response around its body, which turns the Node server's light response into
 * a web stream: a tenth of a small answer's CPU.) A response whose headers are immutable is rebuilt.
 */
export function setResponseHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.header(name, value);
  }
}
