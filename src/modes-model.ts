// The records of netstat's other modes (-r, -i, -s, -g) as the Linux readers produce them and the
// formatters and --json read them: the counterpart of model.ts for the socket tables. Types only.

/** One line of /proc/net/route (net/ipv4/fib_trie.c fib_route_seq_show). */
export interface Route4 {
  readonly iface: string;
  /** Numeric addresses ("10.0.0.0"), decoded from the host-order hex the kernel prints. */
  readonly destination: string;
  readonly gateway: string;
  readonly mask: string;
  /** RTF_* bits (include/uapi/linux/route.h). */
  readonly flags: number;
  readonly refCnt: number;
  readonly use: number;
  readonly metric: number;
  /** The MTU column, which netstat shows as MSS. */
  readonly mtu: number;
  readonly window: number;
  readonly irtt: number;
}

/** One line of /proc/net/ipv6_route (net/ipv6/route.c ipv6_route_native_seq_show). */
export interface Route6 {
  readonly destination: string;
  readonly prefixLength: number;
  readonly source: string;
  readonly sourceLength: number;
  readonly nextHop: string;
  /** As netstat reads them with %08x into an int: 0xffffffff is -1. */
  readonly metric: number;
  readonly refCnt: number;
  readonly use: number;
  readonly flags: number;
  readonly iface: string;
}

/** One group membership: a line of /proc/net/igmp (with its interface line) or of /proc/net/igmp6. */
export interface Membership {
  readonly iface: string;
  readonly refCnt: number;
  /** numeric group address */
  readonly group: string;
  readonly family: "inet" | "inet6";
}

/** One "Title:" pair of lines of /proc/net/snmp or /proc/net/netstat: the counters by name, in order. */
export interface SnmpSection {
  readonly title: string;
  readonly counters: readonly (readonly [string, bigint])[];
}

/** The counters of one interface (include/uapi/linux/if_link.h rtnl_link_stats64, as /proc/net/dev prints them). */
export interface DevStats {
  readonly rxBytes: bigint;
  readonly rxPackets: bigint;
  readonly rxErrors: bigint;
  readonly rxDropped: bigint;
  readonly rxFifo: bigint;
  readonly rxFrame: bigint;
  readonly rxCompressed: bigint;
  readonly rxMulticast: bigint;
  readonly txBytes: bigint;
  readonly txPackets: bigint;
  readonly txErrors: bigint;
  readonly txDropped: bigint;
  readonly txFifo: bigint;
  readonly collisions: bigint;
  readonly txCarrier: bigint;
  readonly txCompressed: bigint;
}

/** One line of /proc/net/if_inet6 (net/ipv6/addrconf.c if6_seq_show). */
export interface Inet6Address {
  readonly address: string;
  readonly ifindex: number;
  readonly prefixLength: number;
  readonly scope: number;
  readonly flags: number;
  readonly iface: string;
}
