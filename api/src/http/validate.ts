import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { z } from "zod";
import { type FieldIssue, validationFailed } from "../errors.ts";
import { type MessageKey, messages } from "../i18n/messages.ts";
import { markValidator } from "./openapi.ts";

const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(messages.vi, key);

/**
 * Text the database can store as sent: PostgreSQL refuses the NUL character in text and jsonb,
 * and a lone UTF-16 surrogate is not Unicode text at all (jsonb refuses it, text would alter it).
 */
export const isStorableText = (s: string) => !s.includes("\u0000") && !/\p{Cs}/u.test(s);

/** Maps zod issues to field problems; the path names the field the client sent. */
export function fieldIssues(error: z.ZodError, prefix: string[] = []): FieldIssue[] {
  return error.issues.flatMap((issue): FieldIssue[] => {
    const base = [...prefix, ...issue.path.map(String)];
    if (issue.code === "unrecognized_keys") {
      // An unknown key "" at the top level still needs a name: the body, like every other root issue.
      return issue.keys.map((key) => ({
        field: [...base, key].join(".") || "body",
        message: "field_unknown",
      }));
    }
    // A rule of our own (e.g. a duplicate question id) names its message key.
    if (issue.code === "custom" && isMessageKey(issue.message)) {
      return [{ field: base.join(".") || "body", message: issue.message }];
    }
    const missing = issue.code === "invalid_type" && issue.input === undefined;
    const message: MessageKey = missing ? "field_required" : "field_invalid";
    return [{ field: base.join(".") || "body", message }];
  });
}

/**
 * `zValidator` with the project's error path: a failed check throws a 422 problem naming each
 * field. Handlers read only `c.req.valid(target)`.
 */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  const middleware = zValidator(target, schema, (result) => {
    if (!result.success) throw validationFailed(fieldIssues(result.error as unknown as z.ZodError));
  });
  if (target !== "json") return markValidator(middleware, target, schema);
  // Any JSON body, on every route: text the database cannot store is refused with its field named.
  const checked: typeof middleware = async (c, next) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    const bad = unstorablePath(body, []);
    if (bad) throw validationFailed([{ field: bad.join(".") || "body", message: "field_invalid" }]);
    return middleware(c, next);
  };
  return markValidator(checked, target, schema);
}

/**
 * The path of the first string (or key) in a JSON value that is not storable text, or null.
 * Iterative, with parent links instead of copied paths: a hostile body may nest thousands deep.
 */
function unstorablePath(root: unknown, prefix: string[]): string[] | null {
  const nodes: { value: unknown; parent: number; key: string }[] = [{ value: root, parent: -1, key: "" }];
  const pathOf = (index: number, last?: string) => {
    const keys: string[] = last === undefined ? [] : [last];
    for (let at = index; at > 0; at = nodes[at]!.parent) keys.push(nodes[at]!.key);
    return [...prefix, ...keys.reverse()];
  };
  for (let index = 0; index < nodes.length; index++) {
    const { value } = nodes[index]!;
    if (typeof value === "string") {
      if (!isStorableText(value)) return pathOf(index);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) nodes.push({ value: value[i], parent: index, key: String(i) });
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (!isStorableText(key)) return pathOf(index, key);
        nodes.push({ value: item, parent: index, key });
      }
    }
  }
  return null;
}
