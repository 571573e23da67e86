// Which layout a saved socket listing is, judged from its text alone (for `--input FILE`). Pure.
//
// Each layout has markers: "strong" ones no other layout prints (a title, a header word, a column
// arrangement fixed by the printf formats cited below), and "weak" ones shared with a relative. The
// layout with the most strong markers wins; weak markers only decide when no strong one is seen.

/** Layout names: stable CLI values of `--input-format`. */
export const LAYOUTS = [
  "macos",
  "freebsd",
  "openbsd",
  "netbsd",
  "qnx",
  "solaris",
  "linux-netstat",
  "linux-proc-net",
  "lsof-F",
  "lsof-i",
] as const;

export type Layout = (typeof LAYOUTS)[number];

export const isLayout = (name: string): name is Layout => (LAYOUTS as readonly string[]).includes(name);

export type Confidence = "high" | "medium" | "low";

export type Detection = { readonly layout: Layout; readonly confidence: Confidence } | { readonly tried: readonly Layout[] };

interface Marker {
  readonly layout: Layout;
  readonly strong: boolean;
  readonly re: RegExp;
}

const M = (layout: Layout, strong: boolean, re: RegExp): Marker => ({ layout, strong, re });

/** One row of an untagged NetBSD/QNX table: proto `%-5.5s`, queues `%6lu`, two spaces (NetBSD inet.c protopr). */
const NETBSD_ROW = /^(?=(?:tcp|udp)6? )[a-z0-9 ]{5} [ \d]{5}\d [ \d]{5}\d {2}\S/;

const MARKERS: readonly Marker[] = [
  // lsof -F: every record starts with its process set "p<PID>" (lsof(8) OUTPUT FOR OTHER PROGRAMS).
  M("lsof-F", true, /^p\d+$/),
  // lsof table header (lsof(8) OUTPUT); TID and TASKCMD columns appear on Linux.
  M("lsof-i", true, /^COMMAND\s+PID\s+(?:TID\s+)?(?:TASKCMD\s+)?USER\s+FD\s+TYPE\s+DEVICE\s+SIZE\/OFF\s+NODE\s+NAME\s*$/),
  // /proc/net/{tcp,udp,raw}{,6} and /proc/net/unix headers (net/ipv4/tcp_ipv4.c, net/unix/af_unix.c).
  M("linux-proc-net", true, /^\s*sl\s+local_address\s+rem(?:ote)?_address\s+st\s+tx_queue/),
  M("linux-proc-net", true, /^Num\s+RefCount\s+Protocol\s+Flags\s+Type\s+St\s+Inode\s+Path\s*$/),
  // net-tools netstat.c: titles with "(servers and established)" / "(w/o servers)", its headers.
  M("linux-netstat", true, /^Active (?:Internet connections|UNIX domain sockets|Bluetooth connections) \((?:servers and established|w\/o servers)\)/),
  M("linux-netstat", true, /^Active UNIX domain sockets \(only servers\)/),
  M("linux-netstat", true, /^Proto Recv-Q Send-Q Local Address\s+Foreign Address\s+State(?:\s|$)/),
  M("linux-netstat", true, /^Proto RefCnt Flags\s+Type\s+State\s+I-Node/),
  M("linux-netstat", false, /^(?:tcp|udp|udpl|raw)6?\s+\d+\s+\d+\s+\S*:(?:\d+|\*|[\w-]+)\s+\S*:(?:\d+|\*|[\w-]+)/),
  // macOS network_cmds: sections and headers no other netstat prints; -v columns "0x0180 0x00000006".
  M("macos", true, /^Active LOCAL \(UNIX\) domain sockets\s*$/),
  M("macos", true, /^Active Multipath Internet connections\s*$/),
  M("macos", true, /^Registered kernel control modules\s*$/),
  M("macos", true, /^Active kernel (?:event|control) sockets\s*$/),
  M("macos", true, /^Socket\s+Flowhash\s+Proto\s/),
  M("macos", true, /\srhiwat\s+shiwat\s/),
  M("macos", true, /^(?:tcp|udp)(?:46|4|6)\s.*\s0x[0-9a-f]{4}\s+0x[0-9a-f]{8}\s*$/),
  // macOS inet.c: proto `%-3.3s%-2.2s` (tagged), queues `%6u`, then TWO spaces before the local address.
  M("macos", false, /^(?:tcp|udp|icm)(?:46|4 |6 ) [ \d]{5}\d [ \d]{5}\d {2}\S/),
  // FreeBSD inet.c: ONE space before the local address (header and rows), -A "Tcpcb", -T, -P.
  M("freebsd", true, /^Proto Recv-Q Send-Q Local Address\s+Foreign Address\s+\(state\)/),
  M("freebsd", true, /^Tcpcb\s+Proto\s/),
  M("freebsd", true, /^Proto Rexmit OOORcv 0-win\s/),
  M("freebsd", false, /^(?:[0-9a-f]{8,16} )?(?:tcp|udp|toe|sct)(?:46|4 |6 ) [ \d]{5}\d [ \d]{5}\d \S/),
  M("freebsd", false, /^[0-9a-f]{8,16} seqpac\s/),
  // OpenBSD inet.c: proto `%-7.7s` (untagged), "TCP-State" / "IP-Proto" headers.
  M("openbsd", true, /^Proto {3}Recv-Q Send-Q {2}Local Address/),
  M("openbsd", true, /\s(?:TCP-State|IP-Proto)\s*$/),
  M("openbsd", false, /^(?=(?:tcp|udp|ip|divert)6? )[a-z0-9 ]{7} [ \d]{5}\d [ \d]{5}\d {2}\S/),
  // NetBSD inet6.c prints IPv6 under its own title; untagged 5-wide proto rows.
  M("netbsd", true, /^Active Internet6 connections/),
  M("netbsd", false, NETBSD_ROW),
  // illumos netstat.c section titles, the "Remote Address" header and the UNIX table header.
  M("solaris", true, /^(?:TCP|UDP|SCTP)(?:: IPv[46])?:?\s*$/),
  M("solaris", true, /^\s*Local Address\s+Remote Address\s/),
  M("solaris", true, /^Address\s+Type\s+Vnode\s+Conn\s+Local Addr/),
];

/** At most this many lines are looked at: the markers are all near the top of their sections. */
const MAX_LINES = 5000;

export function detectLayout(text: string): Detection {
  const lines = text.split(/\r?\n|\0/, MAX_LINES);
  const strong = new Map<Layout, number>();
  const weak = new Map<Layout, number>();
  for (const line of lines) {
    if (line.trim() === "") continue;
    for (const m of MARKERS) {
      if (!m.re.test(line)) continue;
      const counts = m.strong ? strong : weak;
      counts.set(m.layout, (counts.get(m.layout) ?? 0) + 1);
    }
  }
  const pick = (counts: Map<Layout, number>): { layout: Layout; unique: boolean } | null => {
    let best: Layout | null = null;
    let bestCount = 0;
    let unique = true;
    for (const [layout, count] of counts) {
      if (count > bestCount) {
        best = layout;
        bestCount = count;
        unique = true;
      } else if (count === bestCount) unique = false;
    }
    return best === null ? null : { layout: best, unique };
  };
  const byStrong = pick(strong);
  const chosen = byStrong ?? pick(weak);
  if (chosen === null) return { tried: LAYOUTS };
  let confidence: Confidence = byStrong !== null ? (strong.size === 1 ? "high" : "medium") : chosen.unique ? "medium" : "low";
  let layout = chosen.layout;
  if (layout === "netbsd" && looksPadded(lines)) {
    // QNX's io-pkt netstat pads the TCP state to 11 and UDP rows likewise, as FreeBSD does (`%-11s`);
    // NetBSD prints " %s" with no padding. Only trailing blanks tell them apart, and pastes lose those.
    layout = "qnx";
    confidence = confidence === "high" ? "medium" : confidence;
  }
  return { layout, confidence };
}

/** True when NetBSD-shaped rows keep blanks after their last column (QNX), not when they end at it (NetBSD). */
function looksPadded(lines: readonly string[]): boolean {
  return lines.some((l) => NETBSD_ROW.test(l) && / {2,}$/.test(l));
}
