// Bundle the CLI into one CommonJS file so that start-up loads a single module, with no
// TypeScript compiled at run time. esbuild only strips types; `npm run typecheck` checks them.
// The fd walker thread is a second, small bundle: a busy host loads it next to the first.
import { readFile } from "node:fs/promises";
import { build } from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: false,
  legalComments: "none",
  // smaller source is less for V8 to read and pre-parse at every start; names are kept for stacks
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
};

/**
 * commander requires child_process at load time, only to run executable subcommands (which
 * tsnetstat has none of); child_process pulls in net, dgram and the streams: several milliseconds
 * of every start. Load it on first use instead.
 */
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) return undefined; // a commander that changed: bundle it as it is
      const lazy = "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
      return { contents: source.replace(eager, lazy), loader: "js" };
    });
  },
};

await Promise.all([
  build({
    ...common,
    entryPoints: ["src/cli/entry.ts"],
    outfile: "dist/tsnetstat.cjs",
    // chalk and cli-table3 are loaded lazily (dynamic import) only by the views that use them
    external: ["chalk", "cli-table3"],
    plugins: [lazyChildProcess],
  }),
  build({ ...common, entryPoints: ["src/readers/linux/fd-walker.ts"], outfile: "dist/fd-walker.cjs" }),
]);
