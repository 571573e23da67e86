// The kernel's SNMP counters: /proc/net/snmp and /proc/net/netstat (pairs of lines, "Tcp: names"
// then "Tcp: values"; net/ipv4/proc.c snmp_seq_show, netstat_seq_show), /proc/net/snmp6 (one
// "Name value" per line; net/ipv6/proc.c) and /proc/net/sctp/snmp. Pure parsers.

import type { Diagnostic } from "../../model.js";
import type { SnmpSection } from "../../modes-model.js";

export interface SnmpParsed {
  readonly sections: SnmpSection[];
  readonly diagnostics: Diagnostic[];
  /** A pair of lines without their ':' ended the reading (statistics.c process_fd "formaterr"). */
  readonly broken: boolean;
}

const U64 = (1n << 64n) - 1n;

/** C's strtoull(s + at, &end, 10): the value and where it stopped (at itself when there were no digits). */
export function strtoull(s: string, at: number): [bigint, number] {
  let i = at;
  while (i < s.length && /\s/.test(s[i] ?? "")) i++;
  let neg = false;
  if (s[i] === "+" || s[i] === "-") {
    neg = s[i] === "-";
    i++;
  }
  const start = i;
  while (i < s.length && /[0-9]/.test(s[i] ?? "")) i++;
  if (i === start) return [0n, at];
  let v = BigInt(s.slice(start, i));
  if (v > U64) v = U64;
  else if (neg) v = BigInt.asUintN(64, -v);
  return [v, i];
}

/** /proc/net/snmp or /proc/net/netstat as statistics.c process_fd reads them. */
export function parseSnmp(text: string, source: string): SnmpParsed {
  const sections: SnmpSection[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  let n = 0;
  while (n < lines.length) {
    const head = lines[n] ?? "";
    // an empty first line (2.6 kernels) is skipped
    if (head === "") {
      n++;
      continue;
    }
    const values = lines[n + 1];
    if (values === undefined) {
      diagnostics.push({ source, line: n + 1, message: "names without a line of values" });
      break;
    }
    const sp = head.indexOf(":");
    const np = values.indexOf(":");
    if (sp < 0 || np < 0) {
      diagnostics.push({ source, line: sp < 0 ? n + 1 : n + 2, message: "malformed line (no ':'), the rest not read" });
      return { sections, diagnostics, broken: true };
    }
    const title = head.slice(0, sp);
    if (values.slice(0, np) !== title) {
      diagnostics.push({ source, line: n + 2, message: `values of '${values.slice(0, np)}' under the names of '${title}'` });
    }
    const names = head.slice(sp + 1).split(/[ \t]+/).filter((w) => w !== "");
    const counters: [string, bigint][] = [];
    let at = np + 1;
    let short = false;
    for (const name of names) {
      const [v, next] = strtoull(values, at);
      if (next === at) short = true;
      at = next;
      counters.push([name, v]);
    }
    if (short) diagnostics.push({ source, line: n + 2, message: "fewer values than names (the missing ones count as 0)" });
    sections.push({ title, counters });
    n += 2;
  }
  return { sections, diagnostics, broken: false };
}

/** /proc/net/snmp6: "Ip6InReceives                   	128" per line. */
export function parseSnmp6(text: string, source: string): { counters: [string, bigint][]; diagnostics: Diagnostic[] } {
  const counters: [string, bigint][] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  lines.forEach((line, i) => {
    const m = /^\s*(\S+)\s+(\S+)/.exec(line);
    const [v, end] = m === null ? [0n, 0] : strtoull(m[2] ?? "", 0);
    if (m === null || end === 0) {
      diagnostics.push({ source, line: i + 1, message: "malformed snmp6 line skipped" });
      return;
    }
    counters.push([m[1] ?? "", v]);
  });
  return { counters, diagnostics };
}

/** /proc/net/sctp/snmp: "SctpCurrEstab                   	0" per line (statistics.c process_fd2). */
export function parseSctpSnmp(text: string): [string, bigint][] {
  const out: [string, bigint][] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const cut = line.search(/[ \t\n]/);
    const name = cut < 0 ? line : line.slice(0, cut);
    const rest = cut < 0 ? "" : line.slice(cut + 1).replace(/^[ \t\n]+/, "");
    if (rest !== "") out.push([name, strtoull(rest, 0)[0]]);
  }
  return out;
}
