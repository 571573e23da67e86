// The file reads of netstat's other modes (-r -i -s -g): /proc/net tables and /sys/class/net.
// Everything read here goes to the pure parsers next to this module.

import { readdirSync, readFileSync } from "node:fs";
import { readProcText } from "./proc-fs.js";

export type FileText = { readonly text: string } | { readonly missing: true } | { readonly error: string };

/** A /proc file as latin1 text; missing (ENOENT, ENOTDIR), or the errno message netstat's perror would print. */
export function readInfoFile(path: string): FileText {
  try {
    return readProcText(path);
  } catch (err) {
    return { error: errnoText(err) };
  }
}

/** strerror's text for the common errors (what perror prints after the path). */
export function errnoText(err: unknown): string {
  const code = (err as { code?: string }).code;
  switch (code) {
    case "EACCES":
      return "Permission denied";
    case "ENOENT":
      return "No such file or directory";
    case "EPERM":
      return "Operation not permitted";
    case "EISDIR":
      return "Is a directory";
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/** The entries of /sys/class/net (one per interface), or null when it cannot be read. */
export function listSysNet(sysNet: string): string[] | null {
  try {
    return readdirSync(sysNet);
  } catch {
    return null;
  }
}

/** One small sysfs attribute without its newline, or null when it cannot be read (absent, or EINVAL for a down link). */
export function readSysAttr(sysNet: string, iface: string, attr: string): string | null {
  try {
    return readFileSync(`${sysNet}/${iface}/${attr}`, "latin1").replace(/\n$/, "");
  } catch {
    return null;
  }
}
