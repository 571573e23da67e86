// `npm run build:sea`: one self-contained executable for the running platform (Node's single
// executable applications, doc/api/single-executable-applications.md): the bundle with chalk and
// cli-table3 inside, blobbed by `node --experimental-sea-config` and injected into a copy of this
// node binary with postject. Node 20, 22 and 24 all build this way (none has `--build-sea`, which
// came in 25.5). Prints the executable's SHA-256 and writes it next to it in sha256sum(1) form.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { arch, platform } from "node:os";
import { basename, join } from "node:path";
import { build } from "esbuild";

const out = process.argv[2] ?? "dist/sea";
const name = `tsnetstat-${platform()}-${arch()}${platform() === "win32" ? ".exe" : ""}`;
const exe = join(out, name);
const main = join(out, "tsnetstat-sea.cjs");
const blob = join(out, "sea-prep.blob");
const config = join(out, "sea-config.json");
mkdirSync(out, { recursive: true });

await build({
  entryPoints: ["src/cli/entry.ts"],
  outfile: main,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  legalComments: "none",
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
  // a SEA's require() loads built-in modules only: everything else must be inside
  external: [],
  define: { TSNETSTAT_SEA: "true" },
});

writeFileSync(
  config,
  JSON.stringify({
    main,
    output: blob,
    // its warning on stderr at every run would break scripts comparing output
    disableExperimentalSEAWarning: true,
    // Node >= 24.6/22.20: NODE_OPTIONS may not add --require'd code (older Node ignores the field)
    execArgv: [],
    execArgvExtension: "none",
  }),
);
execFileSync(process.execPath, ["--experimental-sea-config", config], { stdio: ["ignore", "ignore", "inherit"] });

rmSync(exe, { force: true });
copyFileSync(process.execPath, exe);
chmodSync(exe, 0o755);
const postject = join("node_modules", "postject", "dist", "cli.js");
const args = [postject, exe, "NODE_SEA_BLOB", blob, "--sentinel-fuse", "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2"];
if (platform() === "darwin") args.push("--macho-segment-name", "NODE_SEA");
execFileSync(process.execPath, args, { stdio: ["ignore", "ignore", "inherit"] });
rmSync(blob);

const sum = createHash("sha256").update(readFileSync(exe)).digest("hex");
writeFileSync(`${exe}.sha256`, `${sum}  ${basename(exe)}\n`);
process.stdout.write(`${exe}\nsha256 ${sum}\n`);
