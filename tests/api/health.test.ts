import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { serve } from "@hono/node-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, fullSipasAnswers, type TestApp } from "../support/app.ts";

let t: TestApp;
let closed = false;
beforeEach(async () => {
  t = await createTestApp();
  closed = false;
});
afterEach(async () => {
  if (!closed) await t.close();
});

describe("health and common headers", () => {
  it("answers 200 ok while the database answers", async () => {
    const res = await t.app.request("/healthz");
    expect(res.status).toBe(200);
    expect((await res.json()) as any).toEqual({ status: "ok" });
  });

  it("answers 503 when the database does not", async () => {
    await t.close();
    closed = true;
    const res = await t.app.request("/healthz");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
  });

  it("gives every response a request id, keeping a sane incoming one", async () => {
    const fresh = await t.app.request("/healthz");
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await t.app.request("/healthz", { headers: { "X-Request-Id": "proxy-abc-12345" } });
    expect(kept.headers.get("x-request-id")).toBe("proxy-abc-12345");
    const refused = await t.app.request("/healthz", { headers: { "X-Request-Id": "<script>" } });
    expect(refused.headers.get("x-request-id")).not.toBe("<script>");
  });

  it("sends security headers on pages and API answers", async () => {
    for (const path of ["/s/abc", "/api/public/s/zzzzzzzz", "/admin/"]) {
      const res = await t.app.request(path);
      expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
  });

  it("compresses API answers of 1 KB or more for clients that accept gzip", async () => {
    const plain = await t.app.request(`/api/public/s/${t.demoCode}`);
    const text = await plain.text();
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(text.length).toBeGreaterThan(1024);
    const zipped = await t.app.request(`/api/public/s/${t.demoCode}`, {
      headers: { "Accept-Encoding": "gzip, deflate, br" },
    });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(zipped.headers.get("vary")).toContain("Accept-Encoding");
    const body = Buffer.from(await zipped.arrayBuffer());
    expect(body.length).toBeLessThan(text.length / 2);
    expect(JSON.parse(gunzipSync(body).toString("utf8"))).toEqual(JSON.parse(text));
    // Small answers are left alone.
    const small = await t.app.request("/healthz", { headers: { "Accept-Encoding": "gzip" } });
    expect(small.headers.get("content-encoding")).toBeNull();
  });

  it("refuses bodies over 64 KB over real HTTP, by their declared length or as they stream in", async () => {
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/public/s/${t.demoCode}/responses`;
    const big = JSON.stringify({
      submissionId: crypto.randomUUID(),
      answers: { ...fullSipasAnswers(), comment: "x".repeat(100_000) },
    });
    try {
      const declared = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: big,
      });
      expect(declared.status).toBe(413);
      const chunks = [big.slice(0, 50_000), big.slice(50_000)];
      const streamed = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: new ReadableStream({
          pull(controller) {
            const next = chunks.shift();
            if (next) controller.enqueue(new TextEncoder().encode(next));
            else controller.close();
          },
        }),
        duplex: "half",
      } as RequestInit);
      expect(streamed.status).toBe(413);
      const fine = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ submissionId: crypto.randomUUID(), answers: fullSipasAnswers() }),
      });
      expect(fine.status).toBe(201);
      expect(await t.database.db.selectFrom("survey_response").select("id").execute()).toHaveLength(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("answers an unknown API path with a 404 problem, not a page", async () => {
    const res = await t.app.request("/api/nothing-here");
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).code).toBe("not_found");
  });
});

describe("the built web apps", () => {
  it("serve the survey page for /s/{code} and the console under /admin, HTML never cached", async () => {
    const survey = await t.app.request(`/s/${t.demoCode}`);
    expect(survey.status).toBe(200);
    expect(survey.headers.get("cache-control")).toBe("no-cache");
    const html = await survey.text();
    expect(html).toContain('lang="vi"');
    const admin = await t.app.request("/admin/");
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain("/admin/assets/");
  });

  it("serve hashed assets as immutable and refuse path traversal", async () => {
    const html = await (await t.app.request(`/s/${t.demoCode}`)).text();
    const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(asset).toBeDefined();
    const res = await t.app.request(asset!);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(res.headers.get("content-type")).toContain("javascript");
    const traversal = await t.app.request("/assets/..%2f..%2fpackage.json");
    expect(await traversal.text()).not.toContain('"workspaces"');
  });

  it("send scripts compressed to phones that accept it, the same bytes once decoded", async () => {
    const { brotliDecompressSync, gunzipSync } = await import("node:zlib");
    const html = await (await t.app.request(`/s/${t.demoCode}`)).text();
    const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)![1]!;
    const plain = Buffer.from(await (await t.app.request(asset)).arrayBuffer());
    const br = await t.app.request(asset, { headers: { "Accept-Encoding": "gzip, deflate, br" } });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("vary")).toBe("Accept-Encoding");
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(plain.length / 2);
    expect(brotliDecompressSync(brBytes).equals(plain)).toBe(true);
    const gz = await t.app.request(asset, { headers: { "Accept-Encoding": "gzip" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(plain)).toBe(true);
  });
});
