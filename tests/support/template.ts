import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** Where the migrated PGlite template lives; test files load it instead of running initdb again. */
export const templatePath = path.join(repoRoot, ".tmp", "pglite-template.tar");
