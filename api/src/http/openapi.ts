import type { MiddlewareHandler } from "hono";
import { z } from "zod";

/** What the generator reads from a Hono app: its registered routes. */
export interface RouteTable {
  routes: readonly { method: string; path: string; handler: unknown }[];
}

/**
 * The OpenAPI 3.1 document is generated from the running app, never kept by hand: each route
 * carries a `describe(...)` marker (summary and response schemas) and its `validate(...)`
 * middlewares carry the zod schemas that check the request. `buildOpenApi(app)` walks the
 * registered routes and turns both into the document served at `/api/openapi.json`.
 */

const META = Symbol.for("gopy.openapi");

export type ResponseSpec =
  | z.ZodType
  | {
      description?: string;
      /** JSON body schema (as sent: timestamps are ISO 8601 strings). */
      schema?: z.ZodType;
      /** A non-JSON body, e.g. `application/pdf`; described as binary (or text for text types). */
      contentType?: string | string[];
      headers?: Record<string, string>;
    };

export interface RouteSpec {
  summary: string;
  description?: string;
  tags?: string[];
  /** Default: `public` under /api/public and /healthz, `session` under /api/admin. */
  auth?: "public" | "session";
  /** Success responses by status; problem responses (4XX, 503) are added to every operation. */
  responses: Record<number, ResponseSpec>;
  /** A request body that is not JSON (file uploads). */
  requestBody?: { contentType: string; schema: Record<string, unknown>; description?: string };
  /** An example JSON request body, shown by the reference page. */
  requestExample?: unknown;
  /** Query parameters not checked by a validator (e.g. read directly from the URL). */
  query?: z.ZodObject;
}

interface ValidatorMeta {
  kind: "validator";
  target: string;
  schema: z.ZodType;
}
interface DescribeMeta {
  kind: "describe";
  spec: RouteSpec;
}
type Meta = ValidatorMeta | DescribeMeta;

function tag<T extends object>(fn: T, meta: Meta): T {
  Object.defineProperty(fn, META, { value: meta });
  return fn;
}
function metaOf(fn: unknown): Meta | undefined {
  return typeof fn === "function" ? (fn as unknown as { [META]?: Meta })[META] : undefined;
}

/** Documents a route; place it first in the route's handler list. It does nothing at request time. */
export function describe(spec: RouteSpec): MiddlewareHandler {
  return tag<MiddlewareHandler>((_c, next) => next(), { kind: "describe", spec });
}

/** Marks a validator middleware with the schema it applies, for the document. */
export function markValidator<T extends object>(fn: T, target: string, schema: z.ZodType): T {
  return tag(fn, { kind: "validator", target, schema });
}

// ---------- shared response schemas ----------

export const ZTimestamp = z.iso.datetime({ offset: true }).meta({ description: "ISO 8601 timestamp" });
export const ZDay = z.iso.date();
export const ZUuid = z.uuid();

export const ZProblem = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().meta({ description: "Stable machine-readable error code" }),
    detail: z.string().meta({ description: "Human-readable explanation in the client's language" }),
    requestId: z.string().optional(),
    errors: z
      .array(z.strictObject({ field: z.string(), message: z.string() }))
      .optional()
      .meta({ description: "One entry per rejected field, named as the client sent it" }),
  })
  .meta({
    description: "RFC 9457 problem details",
    examples: [
      {
        type: "about:blank#validation_failed",
        title: "Unprocessable Content",
        status: 422,
        code: "validation_failed",
        detail: "Dữ liệu gửi lên chưa hợp lệ.",
        requestId: "3f1c8a2e-6f1d-4d2a-9a55-1b0e2f0c9d11",
        errors: [{ field: "subject", message: "Trường này là bắt buộc." }],
      },
    ],
  });

// ---------- document ----------

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  delete out.$schema;
  return out;
}

/** `/api/admin/units/:unitId` → `/api/admin/units/{unitId}` (also drops `{regex}` constraints). */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}");
}

function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
}

function operationId(method: string, path: string): string {
  const words = openApiPath(path)
    .replace(/^\/api\//, "")
    .split(/[/{}.-]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join("");
}

const TAGS: [RegExp, string][] = [
  [/^\/healthz/, "Health"],
  [/^\/api\/public\/s\//, "Public surveys"],
  [/^\/api\/public\/units\/:unitSlug\/reports/, "Public results"],
  [/^\/api\/public\//, "Public petitions"],
  [/^\/api\/auth\//, "Authentication"],
  [/^\/api\/admin\/(surveys|survey-templates|units\/:unitId\/surveys)/, "Surveys"],
  [/^\/api\/admin\/(petitions|units\/:unitId\/(petitions|petition-))/, "Petitions"],
  [/^\/api\/admin\/units\/:unitId\/calendar/, "Calendar"],
  [/^\/api\/admin\/units\/:unitId\/(open311-keys|webhooks)/, "Integrations"],
  [/^\/api\/admin\/(units|tokens)/, "Units and staff"],
  [/^\/api\/admin\/units\/:unitId\/reports/, "Monthly results"],
  [/^\/api\/admin\/audit/, "Audit"],
  [/^\/api\//, "Other"],
];

function queryParameters(schema: z.ZodType, location: "query" | "header" = "query"): Operation[] {
  const json = jsonSchema(schema, "input");
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return {
      name,
      in: location,
      required: required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function responseObject(status: number, spec: ResponseSpec): Operation {
  const r = spec instanceof z.ZodType ? { schema: spec } : spec;
  const description = r.description ?? (status === 204 ? "No content" : "Success");
  const headers = r.headers
    ? Object.fromEntries(
        Object.entries(r.headers).map(([name, text]) => [
          name,
          { description: text, schema: { type: "string" } },
        ]),
      )
    : undefined;
  let content: Operation | undefined;
  if (r.schema) content = { "application/json": { schema: jsonSchema(r.schema, "output") } };
  if (r.contentType) {
    // Other representations of the same resource (with a schema: e.g. the JSON's CSV twin).
    const types = Array.isArray(r.contentType) ? r.contentType : [r.contentType];
    content = {
      ...content,
      ...Object.fromEntries(
        types.map((type) => [
          type,
          {
            schema: /^text\/|svg|csv/.test(type)
              ? { type: "string" }
              : { type: "string", contentMediaType: type },
          },
        ]),
      ),
    };
  }
  return { description, ...(headers && { headers }), ...(content && { content }) };
}

export interface OpenApiInfo {
  version: string;
  serverUrl: string;
}

/** Builds the OpenAPI 3.1 document from the routes registered on `app`. */
export function buildOpenApi(app: RouteTable, info: OpenApiInfo): Record<string, unknown> {
  const groups = new Map<string, { method: string; path: string; metas: Meta[] }>();
  for (const route of app.routes) {
    if (route.method === "ALL") continue;
    const key = `${route.method} ${route.path}`;
    let group = groups.get(key);
    if (!group) {
      group = { method: route.method, path: route.path, metas: [] };
      groups.set(key, group);
    }
    const meta = metaOf(route.handler);
    if (meta) group.metas.push(meta);
  }

  const paths: Record<string, Record<string, Operation>> = {};
  for (const { method, path, metas } of groups.values()) {
    const describeMeta = metas.find((m): m is DescribeMeta => m.kind === "describe");
    if (!describeMeta) continue;
    const spec = describeMeta.spec;
    const validators = metas.filter((m): m is ValidatorMeta => m.kind === "validator");
    const auth =
      spec.auth ?? (path.startsWith("/api/admin") || path === "/api/auth/me" ? "session" : "public");

    const parameters: Operation[] = pathParams(path).map((name) => ({
      name,
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    for (const v of validators) {
      if (v.target === "query") parameters.push(...queryParameters(v.schema));
      if (v.target === "header") parameters.push(...queryParameters(v.schema, "header"));
      if (v.target === "param") {
        const props = (jsonSchema(v.schema, "input").properties ?? {}) as Record<string, JsonSchema>;
        for (const p of parameters)
          if (p.in === "path" && props[p.name as string]) p.schema = props[p.name as string];
      }
    }
    if (spec.query) parameters.push(...queryParameters(spec.query));

    const body = validators.find((v) => v.target === "json");
    let requestBody: Operation | undefined;
    if (body) {
      const schema = jsonSchema(body.schema, "input");
      requestBody = {
        required: true,
        content: {
          "application/json": {
            schema,
            ...(spec.requestExample !== undefined && { example: spec.requestExample }),
          },
        },
      };
    } else if (spec.requestBody) {
      requestBody = {
        required: true,
        ...(spec.requestBody.description && { description: spec.requestBody.description }),
        content: { [spec.requestBody.contentType]: { schema: spec.requestBody.schema } },
      };
    }

    const responses: Record<string, Operation> = {};
    for (const [status, r] of Object.entries(spec.responses))
      responses[status] = responseObject(Number(status), r);
    const problem = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };
    responses["4XX"] = { description: "The request was refused; see `code` and `errors`.", content: problem };
    responses["503"] ??= {
      description: "The database is unavailable; retry after the `Retry-After` seconds.",
      content: problem,
    };

    const docPath = openApiPath(path);
    paths[docPath] ??= {};
    paths[docPath][method.toLowerCase()] = {
      operationId: operationId(method, path),
      summary: spec.summary,
      ...(spec.description && { description: spec.description }),
      tags: spec.tags ?? [TAGS.find(([re]) => re.test(path))![1]],
      ...(parameters.length > 0 && { parameters }),
      ...(requestBody && { requestBody }),
      responses,
      security: auth === "session" ? [{ session: [] }, { bearer: [] }] : [],
    };
  }

  const sortedPaths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
  return {
    openapi: "3.1.0",
    info: {
      title: "Góp Ý API",
      version: info.version,
      summary: "Satisfaction surveys, petitions and monthly public results for Vietnamese schools.",
      description:
        "Public endpoints (`/api/public`) need no account. Staff endpoints (`/api/admin`) take the session cookie " +
        "set by `POST /api/auth/login` or a personal token as `Authorization: Bearer`; writes are JSON " +
        "(form-encoded writes from another origin are refused). Errors are RFC 9457 problem JSON with a stable `code`; texts follow " +
        "`Accept-Language` (vi by default, en). The Open311 GeoReport v2 endpoints under `/open311/v2` " +
        "follow that standard and are documented by it.",
    },
    servers: [{ url: info.serverUrl }],
    tags: [...new Set(TAGS.map(([, name]) => name))].map((name) => ({ name })),
    paths: sortedPaths,
    components: {
      schemas: { Problem: jsonSchema(ZProblem, "output") },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "gopy_session" },
        bearer: { type: "http", scheme: "bearer", description: "A personal API token from the console" },
      },
    },
  };
}

/** Every `METHOD path` registered on the app (handlers, not middleware), for coverage checks. */
export function registeredRoutes(app: RouteTable): { method: string; path: string }[] {
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of app.routes) {
    if (r.method !== "ALL") seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()];
}
