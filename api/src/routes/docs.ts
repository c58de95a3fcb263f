import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Hono } from "hono";
import { z } from "zod";
import { buildOpenApi, describe } from "../http/openapi.ts";
import { type Encoded, encode, send } from "../http/static.ts";
import type { AppEnv } from "../http/types.ts";

const require = createRequire(import.meta.url);
const { version } = require("../../package.json") as { version: string };

/** The files of the reference page, from the swagger-ui-dist package (no CDN: schools' networks vary). */
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Góp Ý API reference</title>
<link rel="icon" href="/api/docs/favicon-32x32.png">
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<main id="reference"><noscript>The reference needs JavaScript; the document itself is at <a href="/api/openapi.json">/api/openapi.json</a>.</noscript></main>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>`;

const INIT = `window.ui = SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#reference",
  deepLinking: true,
  docExpansion: "none",
  tryItOutEnabled: false,
  validatorUrl: null,
});
`;

/**
 * `/api/openapi.json` (generated from the app's own routes and zod schemas, once per process)
 * and `/api/docs`, a reference page rendered by Swagger UI from that document.
 */
export function docsRoutes(getApp: () => Hono<AppEnv>) {
  let document: string | undefined;
  const assets = new Map<string, Encoded>();
  const uiDir = path.dirname(require.resolve("swagger-ui-dist/package.json"));

  return new Hono<AppEnv>()
    .get(
      "/openapi.json",
      describe({
        summary: "This OpenAPI 3.1 document",
        tags: ["Reference"],
        responses: { 200: z.looseObject({ openapi: z.literal("3.1.0") }) },
      }),
      (c) => {
        document ??= JSON.stringify(
          buildOpenApi(getApp(), { version, serverUrl: c.var.deps.config.publicBaseUrl }),
        );
        return c.body(document, 200, {
          "Content-Type": "application/json; charset=utf-8",
          "Cache-Control": "public, max-age=300",
          "Access-Control-Allow-Origin": "*",
        });
      },
    )
    .get(
      "/docs",
      describe({
        summary: "The API reference page",
        tags: ["Reference"],
        responses: { 200: { contentType: "text/html", description: "An HTML page" } },
      }),
      (c) =>
        send(c, (assets.get("") ?? assets.set("", encode(Buffer.from(PAGE), ".html")).get(""))!, {
          "Content-Type": "text/html; charset=utf-8",
          "Cache-Control": "no-cache",
        }),
    )
    .get(
      "/docs/:file",
      describe({
        summary: "A file of the reference page",
        tags: ["Reference"],
        responses: {
          200: { contentType: ["text/javascript", "text/css", "image/png"], description: "A static file" },
        },
      }),
      (c) => {
        const name = c.req.param("file");
        if (name === "init.js") {
          return c.body(INIT, 200, {
            "Content-Type": "text/javascript; charset=utf-8",
            "Cache-Control": "no-cache",
          });
        }
        const type = ASSETS[name];
        if (!type) return c.notFound();
        let file = assets.get(name);
        if (!file) {
          file = encode(readFileSync(path.join(uiDir, name)), path.extname(name));
          assets.set(name, file);
        }
        return send(c, file, { "Content-Type": type, "Cache-Control": "public, max-age=86400" });
      },
    );
}
