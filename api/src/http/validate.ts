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
  return markValidator(middleware, target, schema);
}
