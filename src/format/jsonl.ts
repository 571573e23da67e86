// --jsonl: one socket per line, the --json fields with "host" and "time" first on every line, so
// that lines collected from many machines (ssh, Ansible, a log shipper) merge and sort cleanly. Pure.

import type { Socket } from "../model.js";
import type { Stamp } from "./json.js";

/** The constant start of every line of one listing ('{"host":...,"time":...,'). */
export const jsonlPrefix = (stamp: Stamp): string => `{"host":${JSON.stringify(stamp.host)},"time":${JSON.stringify(stamp.time)},`;

/** One line: the prefix, then the socket's own fields (its JSON without the opening brace). */
export const jsonlLine = (prefix: string, s: Socket, extra = ""): string => `${prefix}${extra}${JSON.stringify(s).slice(1)}\n`;
