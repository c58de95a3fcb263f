/**
 * One run of the month-end job in a process of its own, so the crash benchmark can kill it half-way:
 * `tsx tests/bench/month-end-child.ts <postgres URL | embedded data folder> <now ISO> [kill after n drafts]`.
 * Prints `ready` once the database is open, then the run's result as one JSON line.
 */
import { runMonthEnd } from "@gopy/api/reports/month-end.ts";
import { isPostgresUrl, openDatabase } from "@gopy/db";
import { InsertQueryNode } from "kysely";
import pino from "pino";

const [target, nowIso] = process.argv.slice(2) as [string, string];
const handle = isPostgresUrl(target)
  ? await openDatabase(target, { maxConnections: 2 })
  : await openDatabase(undefined, { dataDir: target });
console.log("ready");
// With a third argument n the process kills itself with SIGKILL as it starts the draft after the
// n-th: a crash at a known point half-way through the run. (A timer could not tell: the embedded
// engine runs in this thread, so no timer fires while the job is busy.)
const killAfter = Number(process.argv[4] ?? 0);
let drafts = 0;
const db =
  killAfter > 0
    ? handle.db.withPlugin({
        transformQuery: (args) => {
          const node = args.node;
          if (InsertQueryNode.is(node) && node.into?.table.identifier.name === "monthly_summary") {
            if (++drafts > killAfter) process.kill(process.pid, "SIGKILL");
          }
          return node;
        },
        transformResult: async (args) => args.result,
      })
    : handle.db;
const result = await runMonthEnd(db, new Date(nowIso), 16, pino({ level: "silent" }));
console.log(JSON.stringify(result));
await handle.close();
