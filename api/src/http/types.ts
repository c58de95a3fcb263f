import type { DatabaseHandle } from "@gopy/db";
import type { Logger } from "pino";
import type { Access } from "../auth/access.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Lang } from "../i18n/messages.ts";

/** What every handler receives: injected once in `createApp`, never read from module state. */
export interface AppDeps {
  database: DatabaseHandle;
  clock: Clock;
  config: Config;
  logger: Logger;
}

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  isSuperadmin: boolean;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    logger: Logger;
    lang: Lang;
    user: SessionUser;
    /** How the user signed in: the console's session cookie or a personal API token. */
    authVia: "session" | "token";
    /** What the signed-in user may do in which units (roles inherited down the tree). */
    access: Access;
  };
}
