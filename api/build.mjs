// Bundles the API's own code (and the db workspace) into one ES module, `api/dist/server.js`, for
// `npm start`: no TypeScript compiler in the running process, faster start and less memory.
// npm packages stay external and load from node_modules as usual.
import { build } from "esbuild";

await build({
  entryPoints: [new URL("src/server.ts", import.meta.url).pathname],
  outfile: new URL("dist/server.js", import.meta.url).pathname,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  plugins: [
    {
      name: "packages-external",
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith("@gopy/") ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
