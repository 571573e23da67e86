// Multicast group memberships: /proc/net/igmp (net/ipv4/igmp.c igmp_mc_seq_show) and
// /proc/net/igmp6 (net/ipv6/mcast.c igmp6_mc_seq_show). Pure parsers.

import type { Diagnostic, Parsed } from "../../model.js";
import type { Membership } from "../../modes-model.js";
import { ipv4FromProcHex, ipv6FromHex } from "./route.js";

/**
 * /proc/net/igmp: a header, then for each device a line "Idx\tDevice    : Count Querier" and one
 * tab-indented line per group ("\t\t\t\t010000E0     1 0:00000000\t\t0"). netstat.c igmp_do_one.
 */
export function parseIgmp(text: string, source: string): Parsed<Membership> {
  const records: Membership[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  let device = "";
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n] ?? "";
    const bad = (what: string): void => {
      diagnostics.push({ source, line: n + 1, message: `malformed igmp line skipped (${what})` });
    };
    if (!line.startsWith("\t")) {
      // "%d\t%-10s: ..." : the device name ends at the ':' after it
      const m = /^\s*\d+\s+([^\s:]+)\s*:/.exec(line);
      if (m === null) {
        bad("device");
        continue;
      }
      device = m[1] ?? "";
      continue;
    }
    const m = /^\s+([0-9A-Fa-f]{8})\s+(\d+)(?:\s|$)/.exec(line);
    const group = m === null ? null : ipv4FromProcHex(m[1] ?? "");
    if (m === null || group === null) {
      bad("group");
      continue;
    }
    records.push({ iface: device, refCnt: Number(m[2]), group, family: "inet" });
  }
  return { records, diagnostics };
}

/** /proc/net/igmp6: "1    lo              ff020000000000000000000000000001     1 0000000C 0" per group, no header. */
export function parseIgmp6(text: string, source: string): Parsed<Membership> {
  const records: Membership[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (let n = 0; n < lines.length; n++) {
    const m = /^\s*\d+\s+(\S+)\s+([0-9A-Fa-f]{32})\s+(\d+)(?:\s|$)/.exec(lines[n] ?? "");
    if (m === null) {
      diagnostics.push({ source, line: n + 1, message: "malformed igmp6 line skipped" });
      continue;
    }
    // the regular expression took 32 hex digits: ipv6FromHex cannot refuse them
    records.push({ iface: m[1] ?? "", refCnt: Number(m[3]), group: ipv6FromHex(m[2]) ?? "", family: "inet6" });
  }
  return { records, diagnostics };
}
