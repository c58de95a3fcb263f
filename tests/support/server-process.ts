import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { repoRoot } from "./template.ts";

/** `api/src/server.ts` running as `npm start` runs it, in a process of its own. */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  /** The demo survey's link code, from the welcome text. */
  demoCode: string | undefined;
  /** Everything the process wrote to standard output and error so far. */
  output(): string;
  /** SIGTERM (a clean drain) or SIGKILL (a crash); resolves with the exit code or signal. */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
  /** The process's peak resident memory so far, in MB (Linux `VmHWM`). */
  peakRssMb(): number | null;
}

/** Starts the server with `env` on top of this process's environment and waits for its welcome text. */
export function startServerProcess(
  env: Record<string, string>,
  options: {
    timeoutMs?: number;
    nodeArgs?: string[];
    /** Run the bundle `npm start` runs (`api/dist/server.js`, made by `npm run build`) instead of the sources. */
    bundle?: boolean;
  } = {},
): Promise<ServerProcess> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const entry = options.bundle
    ? ["--enable-source-maps", path.join(repoRoot, "api/dist/server.js")]
    : ["--import", "tsx", path.join(repoRoot, "api/src/server.ts")];
  const args = [...(options.nodeArgs ?? []), ...entry];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  let exited: Promise<number | string | null> | undefined;
  const exit = () =>
    (exited ??= new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? child.signalCode);
      else child.once("exit", (code, signal) => resolve(code ?? signal));
    }));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start:\n${output}`));
    }, timeoutMs);
    const check = setInterval(() => {
      const port = output.match(/running on port (\d+)/)?.[1];
      if (port && output.includes("Staff console:")) {
        clearInterval(check);
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve({
          child,
          port: Number(port),
          baseUrl: `http://127.0.0.1:${port}`,
          demoCode: output.match(/Public survey:\s+\S+\/s\/([a-z0-9]+)/)?.[1],
          output: () => output,
          stop: (signal = "SIGTERM") => {
            const done = exit();
            child.kill(signal);
            return done;
          },
          peakRssMb: () => {
            try {
              const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1];
              return kb ? Number(kb) / 1024 : null;
            } catch {
              return null;
            }
          },
        });
      }
    }, 50);
    child.once("exit", (code, signal) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`server exited with ${code ?? signal}:\n${output}`));
    });
  });
}

/** A TCP port free on the loopback interface right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
