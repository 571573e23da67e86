// What the user asked to see: which tables, which families, servers or connections.
// Pure: this turns netstat's flag semantics (netstat.c main) into a plan the readers follow.

import type { InetProto, InetSocket, Socket, UnixSocket } from "./model.js";
import { isUnspecified } from "./addr.js";

/** netstat's -a / -l / default split. */
export type ListenMode = "connected" | "listening" | "all";

/** The transports a user can select (-t -S -u -U -w): the model's Internet protocols. */
export type IpProtocol = InetProto;

/**
 * Address families a user can name with -A / -f / --inet …; names as net-tools 2.10's lib/af.c
 * accepts them (exact matches; "local" is not one of them). bluetooth is accepted and then refused
 * when the tables are printed, as in Debian's build, which has no Bluetooth support.
 */
export const FAMILY_ALIASES: Readonly<Record<string, Family>> = {
  inet: "inet",
  ip: "inet",
  tcpip: "inet",
  inet6: "inet6",
  ip6: "inet6",
  unix: "unix",
  ax25: "ax25",
  ipx: "ipx",
  netrom: "netrom",
  rose: "rose",
  ddp: "ddp",
  appletalk: "ddp",
  x25: "x25",
  econet: "econet",
  bluetooth: "bluetooth",
};

export type Family = "inet" | "inet6" | "unix" | "ax25" | "ipx" | "netrom" | "rose" | "ddp" | "x25" | "econet" | "bluetooth";

/** The raw requests, as flags set them. */
export interface Request {
  readonly protocols: ReadonlySet<IpProtocol>;
  readonly families: ReadonlySet<Family>;
}

/** One Internet table file to read, in netstat's order. */
export interface InetTableStep {
  readonly protocol: IpProtocol;
  /** The IPv4 file is read when inet is selected, the IPv6 one when inet6 is. */
  readonly ipv4: boolean;
  readonly ipv6: boolean;
  /** True when the user named this protocol (or a family implied it): a missing table is then an error. */
  readonly explicit: boolean;
}

export interface Plan {
  /** Print the Internet title and header (even with zero rows). */
  readonly inetHeader: boolean;
  readonly inetSteps: readonly InetTableStep[];
  readonly unix: boolean;
  /** Families other than inet/inet6/unix that were named: netstat reports them unsupported. */
  readonly otherFamilies: readonly Family[];
  /** No selection at all: every compiled-in table is listed. */
  readonly everything: boolean;
  /** Bluetooth was named (-2, -f on netstat, --l2cap, --rfcomm, --bluetooth, -A bluetooth): refused last. */
  readonly bluetooth: boolean;
}

/** Families with a socket table of their own in net-tools, listed after UNIX in this order (netstat.c main). */
const TABLE_FAMILIES: readonly Family[] = ["ipx", "ax25", "x25", "netrom", "rose"];

const IP_ORDER: readonly IpProtocol[] = ["tcp", "sctp", "udp", "udplite", "raw"];

/**
 * Which tables to print, following netstat.c main(): naming a family with no protocol selects every
 * IP protocol ("noprot" mode, missing tables then silent); naming a protocol with no family selects
 * both inet and inet6; with nothing named at all, everything is listed.
 */
export function plan(req: Request): Plan {
  const inet = req.families.has("inet");
  const inet6 = req.families.has("inet6");
  let protocols = req.protocols;
  let noprot = false;
  if ((inet || inet6) && protocols.size === 0) {
    protocols = new Set(IP_ORDER);
    noprot = true;
  }
  const anyIp = protocols.size > 0;
  const useInet = anyIp && !(inet || inet6) ? true : inet;
  const useInet6 = anyIp && !(inet || inet6) ? true : inet6;
  // ddp and econet are accepted names with no socket table: they select nothing (netstat.c flag_arg)
  const otherFamilies = TABLE_FAMILIES.filter((f) => req.families.has(f));
  const bluetooth = req.families.has("bluetooth");
  const everything = !anyIp && !req.families.has("unix") && otherFamilies.length === 0 && !bluetooth;

  const inetSteps: InetTableStep[] = [];
  for (const p of IP_ORDER) {
    if (everything) inetSteps.push({ protocol: p, ipv4: true, ipv6: true, explicit: false });
    else if (protocols.has(p)) inetSteps.push({ protocol: p, ipv4: useInet, ipv6: useInet6, explicit: !noprot });
  }
  return {
    inetHeader: everything || anyIp,
    inetSteps,
    unix: everything || req.families.has("unix"),
    otherFamilies,
    everything,
    bluetooth,
  };
}

/**
 * netstat's server/connection split (netstat.c tcp_do_one, udp_do_one, unix_do_one):
 * TCP by the remote port, UDP and raw by the remote address, UNIX by the accepting flag.
 */
export function isServer(s: Socket): boolean {
  if (s.proto === "unix") return isUnixServer(s);
  return isInetServer(s);
}

function isInetServer(s: InetSocket): boolean {
  if (s.proto === "tcp" || s.proto === "sctp") return s.remote.port === null;
  return isUnspecified(s.remote.address);
}

/** A listening socket: Linux's SS_UNCONNECTED with __SO_ACCEPTCON, which readers name "LISTENING". */
const isUnixServer = (s: UnixSocket): boolean => s.state === "LISTENING";

export function wanted(mode: ListenMode): (s: Socket) => boolean {
  if (mode === "all") return () => true;
  if (mode === "listening") return isServer;
  return (s) => !isServer(s);
}
