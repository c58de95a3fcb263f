import { gunzipSync, inflateSync } from "node:zlib";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Hono } from "hono";

type Json = Record<string, any>;

interface Operation {
  template: string;
  pattern: RegExp;
  responses: Json;
}

/**
 * Checks every response the API suites receive against the OpenAPI document the app serves:
 * an `/api` response whose status, content type or JSON body does not match the documented
 * operation throws, so the test that made the request fails.
 */
export class ResponseChecker {
  private operations = new Map<string, Operation[]>();
  private validators = new Map<string, ValidateFunction>();
  private ajv = new Ajv2020({ strict: false, allErrors: true });

  constructor(private readonly document: Json) {
    (addFormats as unknown as (ajv: Ajv2020) => void)(this.ajv);
    for (const [template, item] of Object.entries<Json>(document.paths)) {
      const pattern = new RegExp(
        `^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`,
      );
      for (const [method, operation] of Object.entries<Json>(item)) {
        const list = this.operations.get(method.toUpperCase()) ?? [];
        list.push({ template, pattern, responses: operation.responses });
        this.operations.set(method.toUpperCase(), list);
      }
    }
  }

  static async forApp(app: Hono<any>): Promise<ResponseChecker> {
    const res = await app.request("/api/openapi.json");
    return new ResponseChecker((await res.json()) as Json);
  }

  /** The documented operation for a request, or undefined (not part of the JSON API). */
  find(method: string, path: string): Operation | undefined {
    const candidates = (this.operations.get(method) ?? []).filter((o) => o.pattern.test(path));
    // The most specific template wins: `/surveys/{id}/links` over `/surveys/{id}`-like overlaps.
    return candidates.sort((a, b) => literalLength(b.template) - literalLength(a.template))[0];
  }

  async check(method: string, url: string, res: Response): Promise<void> {
    const path = new URL(url, "http://x").pathname;
    if (!path.startsWith("/api/") && path !== "/healthz") return;
    const operation = this.find(method, path);
    if (!operation) return; // unknown routes answer 404 problem JSON from the catch-all
    const status = String(res.status);
    const key =
      operation.responses[status] !== undefined
        ? status
        : operation.responses[`${status[0]}XX`] !== undefined
          ? `${status[0]}XX`
          : undefined;
    const where = `${method} ${operation.template} → ${status}`;
    if (!key) throw new Error(`OpenAPI: ${where} is not a documented response`);
    const content: Json | undefined = operation.responses[key].content;
    const type = (res.headers.get("content-type") ?? "").split(";")[0]!.trim();
    if (!content) {
      if (res.status !== 204 && (await res.clone().arrayBuffer()).byteLength > 0) {
        throw new Error(`OpenAPI: ${where} has a body but the document describes none`);
      }
      return;
    }
    const media = content[type];
    if (!media) {
      throw new Error(
        `OpenAPI: ${where} sent ${type || "no content type"}, documented ${Object.keys(content)}`,
      );
    }
    if (!/json$/.test(type)) return;
    const cacheKey = `${where} ${type}`;
    let validate = this.validators.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile(this.inline(media.schema) as Json);
      this.validators.set(cacheKey, validate);
    }
    const raw = Buffer.from(await res.clone().arrayBuffer());
    // What a client reads: a compressed answer is read after decompressing it.
    const encoding = res.headers.get("content-encoding");
    const body = JSON.parse(
      (encoding === "gzip" ? gunzipSync(raw) : encoding === "deflate" ? inflateSync(raw) : raw).toString(
        "utf8",
      ),
    );
    if (!validate(body)) {
      throw new Error(
        `OpenAPI: ${where} does not match its schema: ${this.ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 800)}`,
      );
    }
  }
  /** Replaces `#/components/schemas/X` references with the schema itself (ajv compiles one schema). */
  private inline(schema: unknown): unknown {
    if (Array.isArray(schema)) return schema.map((item) => this.inline(item));
    if (!schema || typeof schema !== "object") return schema;
    const ref = (schema as Json).$ref;
    if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) {
      return this.inline(this.document.components.schemas[ref.slice("#/components/schemas/".length)]);
    }
    return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, this.inline(v)]));
  }
}

const literalLength = (template: string) => template.replace(/\{[^}]+\}/g, "").length;
