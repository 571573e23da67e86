// Runs as nobody must not depend on where the clone sits: under /root, or in any directory of
// mode 0700, nobody cannot reach bin/tsnetstat. They run a copy of the built bundle (bin/ and
// dist/, which need nothing else) in a world-readable temporary directory, made once per test
// process and removed when it exits; and a check says why, when nobody still cannot run it.

import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const PROJECT = resolve(import.meta.dirname, "../..");
const NOBODY = 65534;
const ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C", LANG: "C" };

let copy: string | null = null;

/** bin/tsnetstat of a world-readable copy of the built bundle. */
export function publicTsnetstat(): string {
  if (copy !== null) return join(copy, "bin/tsnetstat");
  const dir = mkdtempSync(join(tmpdir(), "tsnetstat-bundle-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  for (const sub of ["bin", "dist"]) {
    mkdirSync(join(dir, sub));
    chmodSync(join(dir, sub), 0o755);
    for (const f of readdirSync(join(PROJECT, sub))) {
      copyFileSync(join(PROJECT, sub, f), join(dir, sub, f));
      chmodSync(join(dir, sub, f), 0o755);
    }
  }
  chmodSync(dir, 0o755);
  copy = dir;
  return join(dir, "bin/tsnetstat");
}

/** Remove the copy now (teardown); the next publicTsnetstat() makes a new one. */
export function removePublicBundle(): void {
  if (copy !== null) rmSync(copy, { recursive: true, force: true });
  copy = null;
}

/** Every directory on the way to `path` that nobody cannot search (mode without o+x). */
function closedDirectories(path: string): string[] {
  const closed: string[] = [];
  const parts = resolve(path).split("/").filter((p) => p !== "");
  for (let i = 1; i < parts.length; i++) {
    const dir = `/${parts.slice(0, i).join("/")}`;
    const r = spawnSync("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--", "test", "-x", dir], { env: ENV });
    if (r.status !== 0) closed.push(dir);
  }
  return closed;
}

/** Null when nobody can run the public copy with this node; otherwise the cause, in one sentence. */
export function nobodyCannotRunReason(): string | null {
  const bin = publicTsnetstat();
  const r = spawnSync("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--", process.execPath, bin, "--version"], {
    env: ENV,
    encoding: "utf8",
    cwd: "/",
  });
  if (r.status === 0) return null;
  const closedNode = closedDirectories(process.execPath);
  if (closedNode.length > 0) {
    return `user nobody cannot run node (${process.execPath}): ${closedNode.join(", ")} not searchable by others; install node where every user can run it`;
  }
  const closedBin = closedDirectories(bin);
  if (closedBin.length > 0) return `user nobody cannot reach ${bin}: ${closedBin.join(", ")} not searchable by others (TMPDIR?)`;
  return `user nobody cannot run ${bin}: status ${String(r.status)}, ${JSON.stringify((r.stderr ?? "").slice(0, 300))}`;
}
