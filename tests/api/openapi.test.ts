import { registeredRoutes } from "@gopy/api/http/openapi.ts";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.ts";
import { ResponseChecker } from "../support/openapi.ts";

type Json = Record<string, any>;

describe("the OpenAPI document", () => {
  let t: TestApp;
  let document: Json;
  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.app.request("/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    document = (await res.json()) as Json;
  });
  afterAll(() => t.close());

  it("is a valid OpenAPI 3.1 document (checked by an independent validator)", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("documents every route the API serves, and nothing it does not", () => {
    const served = registeredRoutes(t.app)
      .filter((r) => r.path.startsWith("/api/") || r.path === "/healthz")
      .filter((r) => r.path !== "/api/*")
      .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}")}`)
      .sort();
    const documented = Object.entries<Json>(document.paths)
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(served);
    expect(served.length).toBeGreaterThan(70);
  });

  it("gives every operation a summary, a unique id, a success response and the problem responses", () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries<Json>(document.paths)) {
      for (const [method, op] of Object.entries<Json>(item)) {
        const where = `${method} ${path}`;
        expect(op.summary, where).toMatch(/\S/);
        expect(ids.has(op.operationId), `${where} duplicates ${op.operationId}`).toBe(false);
        ids.add(op.operationId);
        expect(
          Object.keys(op.responses).some((s) => /^[23]\d\d$/.test(s)),
          where,
        ).toBe(true);
        expect(op.responses["4XX"].content["application/problem+json"], where).toBeDefined();
        const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const declared = (op.parameters ?? []).filter((p: Json) => p.in === "path").map((p: Json) => p.name);
        expect(declared, where).toEqual(params);
        if (path.startsWith("/api/admin"))
          expect(op.security, where).toEqual([{ session: [] }, { bearer: [] }]);
        if (path.startsWith("/api/public")) expect(op.security, where).toEqual([]);
      }
    }
  });

  it("describes request bodies from the same zod schemas that validate them", async () => {
    const submit = document.paths["/api/public/units/{unitSlug}/petitions"].post;
    const schema = submit.requestBody.content["application/json"].schema;
    expect(schema.required).toEqual(expect.arrayContaining(["submissionId", "kind", "subject", "content"]));
    expect(schema.properties.kind.enum).toEqual(
      expect.arrayContaining(["reflection", "complaint", "denunciation"]),
    );
    expect(schema.properties.content.maxLength).toBe(4000);
    expect(submit.requestBody.content["application/json"].example).toBeDefined();
    // The schema refuses what the validator refuses: an unknown field is a 422 naming it.
    const res = await t.app.request("/api/public/units/demo/petitions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ surprise: 1 }),
    });
    expect(res.status).toBe(422);
    expect(schema.additionalProperties).toBe(false);
  });

  it("the response checker refuses a body that does not match, so the suites' checks can fail", async () => {
    const checker = new ResponseChecker(document);
    const wrong = new Response(JSON.stringify({ status: 42 }), {
      status: 200,
      headers: { "Content-Type": "application/json" },
    });
    await expect(checker.check("GET", "/healthz", wrong)).rejects.toThrow(/does not match its schema/);
    const undocumented = new Response(null, { status: 302 });
    await expect(checker.check("GET", "/healthz", undocumented)).rejects.toThrow(/not a documented response/);
    const ok = new Response(JSON.stringify({ status: "ok" }), {
      status: 200,
      headers: { "Content-Type": "application/json" },
    });
    await expect(checker.check("GET", "/healthz", ok)).resolves.toBeUndefined();
  });

  it("serves a reference page rendered from the document, with its files served locally", async () => {
    const page = await t.app.request("/api/docs");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('src="/api/docs/swagger-ui-bundle.js"');
    const init = await (await t.app.request("/api/docs/init.js")).text();
    expect(init).toContain('"/api/openapi.json"');
    const bundle = await t.app.request("/api/docs/swagger-ui-bundle.js");
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toMatch(/javascript/);
    expect((await t.app.request("/api/docs/..%2F..%2Fpackage.json")).status).toBe(404);
    expect((await t.app.request("/api/docs/index.html")).status).toBe(404);
  });
});
