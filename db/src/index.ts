export { migrateToLatest } from "./migrate.ts";
export {
  type DatabaseHandle,
  type Engine,
  isPostgresUrl,
  type OpenDatabaseOptions,
  openDatabase,
} from "./open.ts";
export * from "./schema.ts";
