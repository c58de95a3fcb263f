import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { type Context, Hono } from "hono";
import type { AppEnv } from "./types.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

const NOT_BUILT = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Góp Ý</title>
<p>Giao diện chưa được biên dịch. Chạy <code>npm run build</code> rồi khởi động lại.</p>
<p lang="en">The web app is not built. Run <code>npm run build</code> and restart.</p></html>`;

const COMPRESSIBLE = new Set([".html", ".js", ".css", ".svg", ".json", ".webmanifest", ".txt"]);

export interface Encoded {
  raw: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

/** Text files are compressed once, at first request, with the strongest settings (files never change). */
export function encode(content: Buffer, ext: string): Encoded {
  if (!COMPRESSIBLE.has(ext) || content.length < 1024) return { raw: content };
  return {
    raw: content,
    br: brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    gzip: gzipSync(content, { level: 9 }),
  };
}

/** The best encoding the client accepts: what a phone on weak mobile data downloads. */
export function send(
  c: Context<AppEnv>,
  file: Encoded,
  headers: Record<string, string>,
  status: 200 | 503 = 200,
) {
  const accepted = c.req.header("accept-encoding") ?? "";
  const all = { ...headers, Vary: "Accept-Encoding" };
  if (file.br && /\bbr\b/.test(accepted)) {
    return c.body(new Uint8Array(file.br), status, { ...all, "Content-Encoding": "br" });
  }
  if (file.gzip && /\bgzip\b/.test(accepted)) {
    return c.body(new Uint8Array(file.gzip), status, { ...all, "Content-Encoding": "gzip" });
  }
  return c.body(new Uint8Array(file.raw), status, all);
}

/**
 * Serves one built Vite app: files under `assets/` are content-hashed and cached for a year;
 * anything else that is not a file gets `index.html` (client-side routes), never cached.
 */
export function webApp(distDir: string, basePath: string) {
  const files = new Map<string, Encoded>();
  const read = (relative: string): Encoded | undefined => {
    const cached = files.get(relative);
    if (cached) return cached;
    const full = path.join(distDir, relative);
    // path.join normalises "..": anything that escapes the folder is simply not found.
    if (!full.startsWith(distDir + path.sep) || !existsSync(full)) return undefined;
    try {
      const content = encode(readFileSync(full), path.extname(relative));
      files.set(relative, content);
      return content;
    } catch {
      return undefined;
    }
  };

  return new Hono<AppEnv>().get("*", (c) => {
    let relative: string;
    try {
      relative = decodeURIComponent(c.req.path.slice(basePath.length)).replace(/^\/+/, "");
    } catch {
      return c.notFound();
    }
    const ext = path.extname(relative);
    const file = relative && ext ? read(relative) : undefined;
    if (file) {
      const immutable = relative.startsWith("assets/");
      return send(c, file, {
        "Content-Type": TYPES[ext] ?? "application/octet-stream",
        "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "public, max-age=300",
      });
    }
    if (ext && relative.startsWith("assets/")) return c.notFound();
    const index = read("index.html");
    if (!index)
      return c.body(NOT_BUILT, 503, { "Content-Type": TYPES[".html"]!, "Cache-Control": "no-cache" });
    return send(c, index, { "Content-Type": TYPES[".html"]!, "Cache-Control": "no-cache" });
  });
}
