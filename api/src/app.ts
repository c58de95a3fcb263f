import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { compress } from "hono/compress";
import { csrf } from "hono/csrf";
import { secureHeaders } from "hono/secure-headers";
import { AppError } from "./errors.ts";
import { problemResponse, toAppError } from "./http/problem.ts";
import { webApp } from "./http/static.ts";
import type { AppDeps, AppEnv } from "./http/types.ts";
import { jsonOnly } from "./middleware/json-only.ts";
import { requestContext, setResponseHeader } from "./middleware/request-context.ts";
import { requireSession } from "./middleware/session.ts";
import { open311Routes } from "./open311/georeport.ts";
import { adminAuditRoutes } from "./routes/admin/audit.ts";
import { adminCalendarRoutes } from "./routes/admin/calendar.ts";
import { adminMemberRoutes } from "./routes/admin/members.ts";
import { adminNationalCalendarRoutes } from "./routes/admin/national-calendar.ts";
import { adminOpen311KeyRoutes } from "./routes/admin/open311-keys.ts";
import { adminPetitionSettingsRoutes } from "./routes/admin/petition-settings.ts";
import {
  adminPetitionRoutes,
  adminUnitPetitionFigureRoutes,
  adminUnitPetitionRoutes,
} from "./routes/admin/petitions.ts";
import { adminReportDocumentRoutes } from "./routes/admin/report-documents.ts";
import { adminReportRoutes } from "./routes/admin/reports.ts";
import { adminSurveyReviewRoutes } from "./routes/admin/survey-review.ts";
import {
  adminSurveyCommentRoutes,
  adminSurveyRoutes,
  adminSurveyTemplateRoutes,
  adminUnitSurveyRoutes,
} from "./routes/admin/surveys.ts";
import { adminTokenRoutes } from "./routes/admin/tokens.ts";
import { adminUnitRoutes } from "./routes/admin/units.ts";
import { adminWebhookRoutes } from "./routes/admin/webhooks.ts";
import { authRoutes } from "./routes/auth.ts";
import { docsRoutes } from "./routes/docs.ts";
import { healthRoutes } from "./routes/health.ts";
import { publicPetitionRoutes, UPLOAD_PATH } from "./routes/public/petitions.ts";
import { publicReportRoutes } from "./routes/public/reports.ts";
import { publicSurveyRoutes } from "./routes/public/surveys.ts";

export type { AppDeps } from "./http/types.ts";

/** Largest accepted JSON body: a full survey with every text answer at its limit fits easily. */
export const MAX_BODY_BYTES = 64 * 1024;

const CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** `/embed/r/{unit}`: the public results widget for an iframe on a school's website. */
const EMBED_PATH = /^\/embed\//;

/** The one request shape that is not JSON: a file sent with a petition. */
const isUpload = (c: Context<AppEnv>) =>
  c.req.method === "POST" && (UPLOAD_PATH.test(c.req.path) || STAFF_UPLOAD_PATH.test(c.req.path));
/** Staff add files to a case: `POST /api/admin/petitions/{id}/attachments`. */
const STAFF_UPLOAD_PATH = /^\/api\/admin\/petitions\/[^/]+\/attachments$/;

/**
 * The whole HTTP service. Everything it needs comes in `deps`; nothing here reads the environment,
 * opens a database or listens.
 *
 * @example
 * const app = createApp({ database, clock: systemClock, config, logger });
 * const res = await app.request("/healthz");
 */
export function createApp(deps: AppDeps) {
  const compressor = compress();
  const streamedLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError("payload_too_large", 413);
    },
  });
  // With a Content-Length (every browser's JSON request) the header decides, without touching the
  // body: the Node server then reads it straight into a buffer instead of building a web stream
  // for it. A streamed body of unknown length is counted as it arrives.
  const jsonLimit = (c: Context<AppEnv>, next: () => Promise<void>) => {
    const length = c.req.header("content-length");
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    if (length !== undefined && !c.req.header("transfer-encoding")) {
      if (Number.parseInt(length, 10) > MAX_BODY_BYTES) throw new AppError("payload_too_large", 413);
      return next();
    }
    return streamedLimit(c, next);
  };
  // The OpenAPI document is built from the finished app, which the docs routes are part of.
  const whole: { app?: Hono<AppEnv> } = {};
  const api = new Hono<AppEnv>()
    // Answers to GET of 1 KB or more go gzip-compressed to clients that accept it (a survey is
    // about 7 KB of JSON, 2 KB compressed, on a parent's mobile data); ETags become weak. Writes
    // answer a few bytes: they skip it, and its cost.
    .use((c, next) => (c.req.method === "GET" ? compressor(c, next) : next()))
    // File uploads carry their own size limit and type check; everything else is small JSON.
    .use((c, next) => (isUpload(c) ? next() : jsonLimit(c, next)))
    .use((c, next) => (isUpload(c) ? next() : jsonOnly(c, next)))
    .route("/public/s", publicSurveyRoutes)
    .route("/public/units/:unitSlug/reports", publicReportRoutes)
    .route("/public", publicPetitionRoutes)
    .use("/auth/*", csrf())
    .route("/auth", authRoutes)
    .use("/admin/*", csrf(), requireSession)
    .route("/admin/surveys", adminSurveyRoutes)
    .route("/admin/survey-templates", adminSurveyTemplateRoutes)
    .route("/admin/surveys", adminSurveyCommentRoutes)
    .route("/admin/surveys", adminSurveyReviewRoutes)
    .route("/admin/units/:unitId/surveys", adminUnitSurveyRoutes)
    .route("/admin/petitions", adminPetitionRoutes)
    .route("/admin/units/:unitId/petitions", adminUnitPetitionRoutes)
    .route("/admin/units/:unitId/petition-figures", adminUnitPetitionFigureRoutes)
    .route("/admin/units/:unitId/calendar", adminCalendarRoutes)
    .route("/admin/national-calendar", adminNationalCalendarRoutes)
    .route("/admin/units/:unitId/petition-settings", adminPetitionSettingsRoutes)
    .route("/admin/units/:unitId/open311-keys", adminOpen311KeyRoutes)
    .route("/admin/units/:unitId/webhooks", adminWebhookRoutes)
    .route("/admin/units/:unitId/reports", adminReportRoutes)
    .route("/admin/units/:unitId/report-documents", adminReportDocumentRoutes)
    .route("/admin/units", adminUnitRoutes)
    .route("/admin/units/:unitId/members", adminMemberRoutes)
    .route("/admin/tokens", adminTokenRoutes)
    .route("/admin", adminAuditRoutes)
    .route(
      "/",
      docsRoutes(() => whole.app!),
    )
    .all("*", () => {
      throw new AppError("not_found", 404);
    });

  const app = new Hono<AppEnv>()
    .use(requestContext(deps))
    // Outside the security headers below, so it sees (and relaxes) what they set.
    .use(async (c, next) => {
      await next();
      if (EMBED_PATH.test(c.req.path)) {
        // The results widget is made to be framed by the school's own website: only this path.
        c.res.headers.delete("X-Frame-Options");
        c.res.headers.set("Cross-Origin-Resource-Policy", "cross-origin");
        c.res.headers.set(
          "Content-Security-Policy",
          CSP.replace("frame-ancestors 'none'", "frame-ancestors *"),
        );
      }
    })
    .use(
      secureHeaders({
        contentSecurityPolicy: undefined,
        xFrameOptions: "DENY",
        referrerPolicy: "strict-origin-when-cross-origin",
        crossOriginResourcePolicy: "same-origin",
        // No page needs these: a script injected anyway cannot reach them.
        permissionsPolicy: {
          camera: false,
          microphone: false,
          geolocation: false,
          payment: false,
          usb: false,
        },
      }),
    )
    .use(async (c, next) => {
      await next();
      setResponseHeader(c, "Content-Security-Policy", CSP);
    })
    .route("/", healthRoutes)
    .route("/api", api)
    .route("/open311/v2", open311Routes)
    .route("/admin", webApp(deps.config.adminWebDir, "/admin"))
    .route("/", webApp(deps.config.surveyWebDir, ""));

  app.onError((error, c) => {
    const appError = toAppError(error);
    if (appError.status >= 500) {
      c.var.logger?.error({ err: error, code: appError.code }, "request failed");
    }
    const res = problemResponse(c, appError);
    res.headers.set("X-Request-Id", c.get("requestId") ?? "");
    return res;
  });
  app.notFound((c) => problemResponse(c, new AppError("not_found", 404)));
  whole.app = app as unknown as Hono<AppEnv>;
  return app;
}

export type AppType = ReturnType<typeof createApp>;
