// `--version --verbose`: which build is running and the SHA-256 of its file, so that a responder
// can compare it with the published sum before trusting its output. Touches the file system.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** Set to true by scripts/build-sea.mjs (esbuild `define`) in the single-executable build only. */
declare const TSNETSTAT_SEA: boolean | undefined;

export type BuildKind = "single-executable" | "bundle" | "source";

/** What is running: the single executable (its own file), the bundle (dist/tsnetstat.cjs), or the sources. */
function runningBuild(): { readonly kind: BuildKind; readonly file: string | null } {
  if (typeof TSNETSTAT_SEA !== "undefined" && TSNETSTAT_SEA) return { kind: "single-executable", file: process.execPath };
  // esbuild's CommonJS bundle has a __filename of its own; tsx runs the .ts sources
  if (typeof __filename === "string" && __filename.endsWith(".cjs")) return { kind: "bundle", file: __filename };
  return { kind: "source", file: null };
}

/** The lines --version --verbose adds after "tsnetstat VERSION". */
export function identityLines(env: NodeJS.ProcessEnv = process.env): string {
  const build = runningBuild();
  const lines: string[] = [];
  const runtime = `Node ${process.versions.node}, ${process.platform}-${process.arch}`;
  if (build.kind === "single-executable") lines.push(`build: single executable (${runtime} inside)`);
  else if (build.kind === "bundle") lines.push(`build: bundle run by ${process.execPath} (${runtime})`);
  else lines.push(`build: sources run by ${process.execPath} (${runtime}): no single file to check`);
  if (build.file !== null) {
    lines.push(`file: ${build.file}`);
    try {
      lines.push(`sha256: ${createHash("sha256").update(readFileSync(build.file)).digest("hex")}`);
    } catch (err) {
      lines.push(`sha256: cannot be computed (${(err as { code?: string }).code ?? (err as Error).message})`);
    }
  }
  // NODE_OPTIONS may --require code before this program starts (Node < 24.6 honours it in a
  // single executable too: doc/api/single-executable-applications.md, execArgvExtension)
  if ((env.NODE_OPTIONS ?? "") !== "") lines.push("warning: NODE_OPTIONS is set: it can load code into this run; run with NODE_OPTIONS unset");
  return lines.map((l) => `${l}\n`).join("");
}
