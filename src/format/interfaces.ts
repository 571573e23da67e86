// netstat -i: the interface table (netstat.c iface_info, lib/interface.c ife_print_short) and
// -ie, its ifconfig-like form (ife_print_long). Pure: interfaces in, lines out.

import type { DevStats, Inet6Address } from "../modes-model.js";

/** What netstat knows of one interface after its ioctls (lib/interface.c if_fetch). */
export interface InterfaceView {
  readonly name: string;
  /** SIOCGIFFLAGS (a short) */
  readonly flags: number;
  readonly mtu: number;
  /** ARPHRD_* (SIOCGIFHWADDR's sa_family) */
  readonly hwType: number;
  /** The hardware address bytes (up to 8, as SIOCGIFHWADDR copies them). */
  readonly hwAddress: Uint8Array;
  /** -1 when unknown */
  readonly txQueueLen: number;
  /** The primary IPv4 address, its netmask and broadcast, when the interface has one. */
  readonly inet: { readonly address: string; readonly netmask: string; readonly broadcast: string } | null;
  /** /proc/net/dev's counters, or null when it has no line for this name ("no statistics available"). */
  readonly stats: DevStats | null;
}

/** lib/nstrcmp.c cutalias: "eth0:1" → ["eth0", "1"]; the alias is the digits after the last ':'. */
function cutAlias(name: string): [string, string | null] {
  let digit = false;
  for (let pos = name.length; pos > 0; pos--) {
    const c = name[pos - 1] ?? "";
    if (c === ":" && digit) return [name.slice(0, pos - 1), name.slice(pos)];
    if (!/[0-9]/.test(c)) break;
    digit = true;
  }
  return [name, null];
}

function rindexNondigit(name: string): number {
  for (let pos = name.length; pos > 0; pos--) if (!/[0-9]/.test(name[pos - 1] ?? "")) return pos;
  return 0;
}

/** C's atoi on a string of digits (or "") */
const atoi = (s: string): number => {
  const m = /^\s*([-+]?\d+)/.exec(s);
  return m === null ? 0 : Number(m[1]);
};

const strcmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function strncmp(a: string, b: string, n: number): number {
  return strcmp(a.slice(0, n), b.slice(0, n));
}

/** lib/nstrcmp.c nstrcmp: interface names with their numbers compared as numbers ("eth2" < "eth10"). */
export function nstrcmp(ap: string, bp: string): number {
  const [a, aalias] = cutAlias(ap);
  const [b, balias] = cutAlias(bp);
  const aindex = rindexNondigit(a);
  const bindex = rindexNondigit(b);
  const res = strncmp(a, b, Math.min(aindex, bindex));
  if (res !== 0) return res;
  if (aindex !== bindex) return aindex > bindex ? 1 : -1;
  const av = atoi(a.slice(aindex));
  const bv = atoi(b.slice(bindex));
  if (av !== bv) return av < bv ? -1 : 1;
  const r = strcmp(a, b);
  if (r !== 0) return r;
  const aa = aalias === null ? -1 : atoi(aalias);
  const ba = balias === null ? -1 : atoi(balias);
  if (aa !== ba) return aa < ba ? -1 : 1;
  return aalias !== null && balias !== null ? strcmp(aalias, balias) : 0;
}

/**
 * lib/interface.c if_cache_add for each name in turn: each goes after the last one not greater
 * than it, searching from the end; a name already there is not added again.
 */
export function interfaceOrder(names: Iterable<string>): string[] {
  const list: string[] = [];
  for (const name of names) {
    let i = list.length - 1;
    let dup = false;
    for (; i >= 0; i--) {
      const n = nstrcmp(list[i] ?? "", name);
      if (n === 0) {
        dup = true;
        break;
      }
      if (n < 0) break;
    }
    if (!dup) list.splice(i + 1, 0, name);
  }
  return list;
}

const left = (s: string, n: number): string => (s.length >= n ? s : s + " ".repeat(n - s.length));
const right = (s: string, n: number): string => (s.length >= n ? s : " ".repeat(n - s.length) + s);

export const INTERFACE_TITLE = "Kernel Interface table\n";
export const INTERFACE_HEADER = "Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n";

// IFF_* (include/uapi/linux/if.h)
const IFF = {
  UP: 0x1,
  BROADCAST: 0x2,
  DEBUG: 0x4,
  LOOPBACK: 0x8,
  POINTOPOINT: 0x10,
  NOTRAILERS: 0x20,
  RUNNING: 0x40,
  NOARP: 0x80,
  PROMISC: 0x100,
  ALLMULTI: 0x200,
  MASTER: 0x400,
  SLAVE: 0x800,
  MULTICAST: 0x1000,
  DYNAMIC: 0x8000,
} as const;

/** ife_print_short's Flg letters (P appears twice in netstat: PROMISC and POINTOPOINT). */
export function shortFlags(flags: number): string {
  if (flags === 0) return "[NO FLAGS]";
  const order: [number, string][] = [
    [IFF.ALLMULTI, "A"],
    [IFF.BROADCAST, "B"],
    [IFF.DEBUG, "D"],
    [IFF.LOOPBACK, "L"],
    [IFF.MULTICAST, "M"],
    [IFF.DYNAMIC, "d"],
    [IFF.PROMISC, "P"],
    [IFF.NOTRAILERS, "N"],
    [IFF.NOARP, "O"],
    [IFF.POINTOPOINT, "P"],
    [IFF.SLAVE, "s"],
    [IFF.MASTER, "m"],
    [IFF.RUNNING, "R"],
    [IFF.UP, "U"],
  ];
  return order.map(([bit, c]) => (flags & bit ? c : "")).join("");
}

export function shortRow(i: InterfaceView): string {
  let s = `${left(i.name.slice(0, 15), 15)} ${right(String(i.mtu), 5)} `;
  const st = i.stats;
  if (st !== null) {
    s += `${right(String(st.rxPackets), 8)} ${right(String(st.rxErrors), 6)} ${right(String(st.rxDropped), 6)} ${left(String(st.rxFifo), 6)} `;
    s += `${right(String(st.txPackets), 8)} ${right(String(st.txErrors), 6)} ${right(String(st.txDropped), 6)} ${right(String(st.txFifo), 6)} `;
  } else {
    s += left("     - no statistics available -", 56);
  }
  return `${s}${shortFlags(i.flags)}\n`;
}

/** ife_print_long's flags=N<...> text. */
export function longFlags(flags: number): string {
  const order: [number, string][] = [
    [IFF.UP, "UP"],
    [IFF.BROADCAST, "BROADCAST"],
    [IFF.DEBUG, "DEBUG"],
    [IFF.LOOPBACK, "LOOPBACK"],
    [IFF.POINTOPOINT, "POINTOPOINT"],
    [IFF.NOTRAILERS, "NOTRAILERS"],
    [IFF.RUNNING, "RUNNING"],
    [IFF.NOARP, "NOARP"],
    [IFF.PROMISC, "PROMISC"],
    [IFF.ALLMULTI, "ALLMULTI"],
    [IFF.SLAVE, "SLAVE"],
    [IFF.MASTER, "MASTER"],
    [IFF.MULTICAST, "MULTICAST"],
    [IFF.DYNAMIC, "DYNAMIC"],
  ];
  const names = order.filter(([bit]) => flags & bit).map(([, n]) => n);
  // flags=0 gives "flags=0<>" cut back to "flags=0<"; otherwise the last ',' becomes '>'
  return flags === 0 ? "flags=0<" : names.length === 0 ? `flags=${flags}` : `flags=${flags}<${names.join(",")}>`;
}

/** lib/hw.c's hardware types that Debian's netstat names, by ARPHRD_* number: name, title, address printer. */
interface HwType {
  readonly name: string;
  readonly title: string;
  readonly print: ((b: Uint8Array) => string) | null;
  readonly alen: number;
  readonly suppressNull: boolean;
}

const hex2 = (v: number | undefined): string => (v ?? 0).toString(16).padStart(2, "0");
const etherText = (b: Uint8Array): string => [0, 1, 2, 3, 4, 5].map((i) => hex2(b[i])).join(":");
/** lib/loopback.c pr_unspec: the 16 bytes of a struct sockaddr, upper-case, dash-separated. */
const unspecText = (b: Uint8Array): string =>
  Array.from({ length: 16 }, (_, i) => hex2(b[i]).toUpperCase()).join("-");

/** ARPHRD_* numbers (include/uapi/linux/if_arp.h) with their net-tools lib/hw.c names and titles. */
const HW_TYPES: ReadonlyMap<number, HwType> = new Map<number, HwType>([
  [1, { name: "ether", title: "Ethernet", print: etherText, alen: 6, suppressNull: false }],
  [772, { name: "loop", title: "Local Loopback", print: null, alen: 0, suppressNull: false }],
  [768, { name: "tunnel", title: "IPIP Tunnel", print: null, alen: 4, suppressNull: false }],
  [776, { name: "sit", title: "IPv6-in-IPv4", print: null, alen: 0, suppressNull: false }],
  [512, { name: "ppp", title: "Point-to-Point Protocol", print: null, alen: 0, suppressNull: false }],
  [256, { name: "slip", title: "Serial Line IP", print: null, alen: 0, suppressNull: false }],
  [513, { name: "hdlc", title: "(Cisco)-HDLC", print: null, alen: 0, suppressNull: false }],
]);
const UNSPEC: HwType = { name: "unspec", title: "UNSPEC", print: unspecText, alen: 0, suppressNull: false };

/** How ife_print_long shows a byte count: "(16.3 KiB)" (one decimal, truncated). */
export function shortBytes(n: bigint): string {
  const wrap = (v: bigint): bigint => BigInt.asUintN(64, v);
  let short = wrap(n * 10n);
  let ext = "B";
  if (n > 1152921504606846976n) {
    short = n / 115292150460684697n;
    ext = "EiB";
  } else if (n > 1125899906842624n) {
    short /= 1125899906842624n;
    ext = "PiB";
  } else if (n > 1099511627776n) {
    short /= 1099511627776n;
    ext = "TiB";
  } else if (n > 1073741824n) {
    short /= 1073741824n;
    ext = "GiB";
  } else if (n > 1048576n) {
    short /= 1048576n;
    ext = "MiB";
  } else if (n > 1024n) {
    short /= 1024n;
    ext = "KiB";
  }
  return `${short / 10n}.${short % 10n} ${ext}`;
}

// net/ipv6/addrconf.c ipv6_addr_scope's bits as if_inet6 prints them (include/net/ipv6.h)
const IPV6_ADDR_LOOPBACK = 0x0010;
const IPV6_ADDR_LINKLOCAL = 0x0020;
const IPV6_ADDR_SITELOCAL = 0x0040;
const IPV6_ADDR_COMPATv4 = 0x0080;

function scopeText(scope: number): string {
  const names: string[] = [];
  let s = scope;
  if (s & IPV6_ADDR_COMPATv4) {
    names.push("compat");
    s -= IPV6_ADDR_COMPATv4;
  }
  if (s === 0) names.push("global");
  if (s & IPV6_ADDR_LINKLOCAL) names.push("link");
  if (s & IPV6_ADDR_SITELOCAL) names.push("site");
  if (s & IPV6_ADDR_LOOPBACK) names.push("host");
  // "<" alone is cut to nothing
  return names.length === 0 ? "" : `<${names.join(",")}>`;
}

/** ife_print_long: one interface in ifconfig's form, with the blank line after it. */
export function longEntry(i: InterfaceView, inet6: readonly Inet6Address[]): string {
  let s = `${i.name}: ${longFlags(i.flags)}  mtu ${i.mtu}\n`;
  if (i.inet !== null) {
    s += `        inet ${i.inet.address}  netmask ${i.inet.netmask}`;
    if (i.flags & IFF.BROADCAST) s += `  broadcast ${i.inet.broadcast}`;
    s += "\n";
  }
  for (const a of inet6) {
    if (a.iface !== i.name) continue;
    s += `        inet6 ${a.address}  prefixlen ${a.prefixLength}  scopeid 0x${a.scope.toString(16)}${scopeText(a.scope)}\n`;
  }
  const hw = HW_TYPES.get(i.hwType) ?? UNSPEC;
  const isNull = i.hwAddress.slice(0, hw.alen).every((b) => b === 0);
  s += hw.print !== null && !(isNull && hw.suppressNull) ? `        ${hw.name} ${hw.print(i.hwAddress)}` : `        ${hw.name}`;
  if (i.txQueueLen !== -1) s += `  txqueuelen ${i.txQueueLen}`;
  s += `  (${hw.title})\n`;
  const st = i.stats;
  if (st !== null) {
    s += `        RX packets ${st.rxPackets}  bytes ${st.rxBytes} (${shortBytes(st.rxBytes)})\n`;
    s += `        RX errors ${st.rxErrors}  dropped ${st.rxDropped}  overruns ${st.rxFifo}  frame ${st.rxFrame}\n`;
    s += `        TX packets ${st.txPackets}  bytes ${st.txBytes} (${shortBytes(st.txBytes)})\n`;
    s += `        TX errors ${st.txErrors}  dropped ${st.txDropped} overruns ${st.txFifo}  carrier ${st.txCarrier}  collisions ${st.collisions}\n`;
  }
  return `${s}\n`;
}
