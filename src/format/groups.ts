// netstat -g: multicast group memberships (netstat.c main and igmp_do_one). Pure.

import type { Membership } from "../modes-model.js";

export const GROUPS_HEADER = "IPv6/IPv4 Group Memberships\nInterface       RefCnt Group\n--------------- ------ ---------------------\n";

const left = (s: string, n: number): string => (s.length >= n ? s : s + " ".repeat(n - s.length));

/** lib/inet6.c fix_v4_address: an IPv4-mapped group prints as its IPv4 part. */
function fixV4(text: string, address: string): string {
  if (!/^::ffff:\d/.test(address)) return text;
  const dot = text.indexOf(".");
  const colon = dot < 0 ? -1 : text.lastIndexOf(":", dot);
  return colon < 0 ? text : text.slice(colon + 1);
}

/** One membership: "%-15s %-6d %s" with the group's host name unless numeric. */
export function groupRow(m: Membership, numeric: boolean, host: (address: string) => string | null): string {
  let group: string;
  if (m.family === "inet") group = numeric ? m.group : (host(m.group) ?? m.group);
  else if (numeric) group = fixV4(m.group, m.group);
  else group = m.group === "::" ? "[::]" : fixV4(host(m.group) ?? m.group, m.group);
  return `${left(m.iface, 15)} ${left(String(m.refCnt), 6)} ${group}\n`;
}
