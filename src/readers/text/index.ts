// The text parsers of BSD and Solaris netstat layouts, by their `--input-format` name. Pure.

import type { Parsed, Socket } from "../../model.js";
import { parseFreebsd, parseMacos, parseNetbsd, parseOpenbsd, parseQnx } from "./bsd.js";
import type { Layout } from "./detect.js";
import { parseSolaris } from "./solaris.js";

export { detectLayout, isLayout, LAYOUTS, type Confidence, type Detection, type Layout } from "./detect.js";
export { parseFreebsd, parseMacos, parseNetbsd, parseOpenbsd, parseQnx } from "./bsd.js";
export { parseSolaris } from "./solaris.js";

/** Layouts whose parser lives here (the Linux and lsof ones are read elsewhere). */
export type NetstatTextLayout = Extract<Layout, "macos" | "freebsd" | "openbsd" | "netbsd" | "qnx" | "solaris">;

export const NETSTAT_TEXT_PARSERS: Readonly<Record<NetstatTextLayout, (text: string, source: string) => Parsed<Socket>>> = {
  macos: parseMacos,
  freebsd: parseFreebsd,
  openbsd: parseOpenbsd,
  netbsd: parseNetbsd,
  qnx: parseQnx,
  solaris: parseSolaris,
};
