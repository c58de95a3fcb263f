import type { Database } from "@gopy/db";
import { type Kysely, sql } from "kysely";

export interface Limit {
  /** Hits allowed in one window. */
  max: number;
  windowMs: number;
}

export interface LimitState {
  hits: number;
  /** Milliseconds until the window resets. */
  retryAfterMs: number;
}

/**
 * Fixed-window counters kept in the database, so every server process sees the same count.
 * `hit` counts one event and returns the state after it; `peek` only reads.
 */
export class RateLimiter {
  constructor(private readonly db: Kysely<Database>) {}

  async hit(key: string, limit: Limit, now: Date): Promise<LimitState> {
    const windowStartBefore = new Date(now.getTime() - limit.windowMs);
    const row = await sql<{ hits: number; window_start: Date }>`
      insert into rate_limit (key, window_start, hits) values (${key}, ${now}, 1)
      on conflict (key) do update set
        hits = case when rate_limit.window_start <= ${windowStartBefore} then 1 else rate_limit.hits + 1 end,
        window_start = case when rate_limit.window_start <= ${windowStartBefore} then ${now} else rate_limit.window_start end
      returning hits, window_start`.execute(this.db);
    const state = row.rows[0]!;
    return { hits: state.hits, retryAfterMs: state.window_start.getTime() + limit.windowMs - now.getTime() };
  }

  async peek(key: string, limit: Limit, now: Date): Promise<LimitState> {
    const row = await this.db
      .selectFrom("rate_limit")
      .select(["hits", "window_start"])
      .where("key", "=", key)
      .executeTakeFirst();
    if (!row || row.window_start.getTime() + limit.windowMs <= now.getTime())
      return { hits: 0, retryAfterMs: 0 };
    return { hits: row.hits, retryAfterMs: row.window_start.getTime() + limit.windowMs - now.getTime() };
  }

  async reset(key: string): Promise<void> {
    await this.db.deleteFrom("rate_limit").where("key", "=", key).execute();
  }
}
