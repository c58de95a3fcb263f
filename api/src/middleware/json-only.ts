import { createMiddleware } from "hono/factory";
import { AppError } from "../errors.ts";

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\b/i;

/**
 * Writes must be JSON. Besides giving a clear 415, this is half of the CSRF defence: a cross-site
 * HTML form cannot send `application/json`, and a cross-site script cannot without a CORS preflight
 * that this API never grants.
 */
export const jsonOnly = createMiddleware(async function jsonOnly(c, next) {
  const method = c.req.method;
  if (method === "POST" || method === "PUT" || method === "PATCH" || method === "DELETE") {
    const type = c.req.header("content-type");
    const hasBody = c.req.header("content-length") !== "0" && (type !== undefined || method !== "DELETE");
    if (hasBody && !(type && JSON_TYPE.test(type))) throw new AppError("unsupported_media_type", 415);
  }
  await next();
});
