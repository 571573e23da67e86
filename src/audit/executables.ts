// Judging a process by the executable the kernel says it runs (/proc/<pid>/exe), not by the
// argv[0] it chose to show. Pure.

/** The kernel's mark on the link of an executable whose file was removed (fs/d_path.c). */
const DELETED = " (deleted)";

export const isDeleted = (exe: string): boolean => exe.endsWith(DELETED);

/** The path without the " (deleted)" mark. */
export const exePath = (exe: string): string => (isDeleted(exe) ? exe.slice(0, -DELETED.length) : exe);

export const baseName = (path: string): string => path.slice(path.lastIndexOf("/") + 1);

/** Interactive shells (and busybox, which is one when called as sh). */
const SHELLS = new Set(["sh", "bash", "rbash", "dash", "zsh", "ksh", "ksh93", "mksh", "pdksh", "ash", "yash", "fish", "csh", "tcsh", "busybox"]);

/** Tools whose whole purpose is to pipe a socket into a program or a terminal. */
const RELAYS = new Set(["nc", "ncat", "netcat", "nc.openbsd", "nc.traditional", "socat"]);

/** Interpreters (with version suffixes: python3.11, perl5.36.0, php8.2, lua5.4). */
const INTERPRETER = /^(python|pypy|perl|ruby|php|lua|luajit|tclsh|wish|node|nodejs|deno|bun|gawk|mawk|nawk|awk|pwsh|guile|racket|Rscript)[\d.]*$/;

/** Options after which an interpreter's code is on the command line, not in a file. */
const CODE_OPTIONS = new Set(["-c", "-e", "-E", "-r", "-", "--eval", "--print", "-p"]);

export type ShellKind = "shell" | "relay" | "bare-interpreter";

/**
 * What kind of shell-like program `exe` is when run with `argv`, or null when it is none. An
 * interpreter running a script file is a program like any other; one whose code comes from the
 * command line (-c, -e) or from its standard input is a bare interpreter: a shell in all but name.
 */
export function shellKind(exe: string, argv: readonly string[]): ShellKind | null {
  const name = baseName(exePath(exe));
  if (SHELLS.has(name)) return "shell";
  if (RELAYS.has(name)) return "relay";
  if (!INTERPRETER.test(name)) return null;
  for (const arg of argv.slice(1)) {
    if (CODE_OPTIONS.has(arg)) return "bare-interpreter";
    // a cluster of short options ending in the code option: python3 -uc '...'
    if (/^-[A-Za-z]+$/.test(arg) && /[ce]$/.test(arg)) return "bare-interpreter";
    if (!arg.startsWith("-")) return null; // the script
  }
  return "bare-interpreter";
}

/** Directories anyone may write to, cleaned at boot or never watched (FHS 3.0 3.15, 3.18, 5.15). */
const WORLD_WRITABLE = ["/tmp/", "/dev/shm/", "/var/tmp/", "/run/shm/"];

/** Why `exe`'s location is suspicious, or null. */
export function suspiciousLocation(exe: string): string | null {
  const path = exePath(exe);
  const dir = WORLD_WRITABLE.find((d) => path.startsWith(d));
  if (dir !== undefined) return `it runs from ${dir.slice(0, -1)}, a directory anyone may write to`;
  const hidden = path.split("/").slice(0, -1).find((part) => part.startsWith(".") && part !== "." && part !== "..");
  if (hidden !== undefined) return `it runs from a hidden directory (${hidden})`;
  return null;
}
