import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of a database server, to take the database away from the service and give
 * it back: `down()` drops every connection and refuses new ones (a stopped server), `blackHole()`
 * accepts connections and never answers (a dead network path), `up()` forwards again.
 */
export interface TcpProxy {
  port: number;
  up(): Promise<void>;
  down(): Promise<void>;
  blackHole(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let mode: "up" | "hole" = "up";
  let server: Server | undefined;
  let port = 0;

  const dropAll = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        sockets.add(client);
        client.on("close", () => sockets.delete(client));
        client.on("error", () => client.destroy());
        if (mode === "hole") return; // accepted, never answered
        const upstream = connect(targetPort, targetHost);
        sockets.add(upstream);
        upstream.on("close", () => {
          sockets.delete(upstream);
          client.destroy();
        });
        upstream.on("error", () => client.destroy());
        client.on("close", () => upstream.destroy());
        client.pipe(upstream).pipe(client);
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        const address = server!.address();
        if (typeof address === "object" && address) port = address.port;
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });

  await listen();
  return {
    get port() {
      return port;
    },
    up: async () => {
      mode = "up";
      dropAll();
      if (!server) await listen();
    },
    down: async () => {
      const closing = stopListening();
      dropAll();
      await closing;
    },
    blackHole: async () => {
      mode = "hole";
      dropAll();
      if (!server) await listen();
    },
    close: async () => {
      const closing = stopListening();
      dropAll();
      await closing;
    },
  };
}
