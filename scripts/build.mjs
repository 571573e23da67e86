// Bundle the CLI into one CommonJS file so that start-up loads a single module, with no
// TypeScript compiled at run time. esbuild only strips types; `npm run typecheck` checks them.
import { build } from "esbuild";

await build({
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/tsnetstat.cjs",
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: false,
  legalComments: "none",
  // chalk and cli-table3 are loaded lazily (dynamic import) only by the views that use them
  external: ["chalk", "cli-table3"],
  logLevel: "warning",
});
