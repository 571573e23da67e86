// What the audit works on and what it finds. Pure types: the system-facing modules (scan.ts,
// gather.ts) fill the inputs, findings.ts judges them, report.ts prints them.

import type { InetProto, InetSocket, NetnsLabel } from "../model.js";

export type Severity = "info" | "low" | "medium" | "high";

/** Highest first: the order of the report. */
export const SEVERITIES: readonly Severity[] = ["high", "medium", "low", "info"];

export const severityRank = (s: Severity): number => SEVERITIES.length - SEVERITIES.indexOf(s);

export type FindingKind =
  | "hidden-listener"
  | "view-mismatch"
  | "unreachable-listener"
  | "unexplained-port"
  | "unknown-owner"
  | "shell-listening"
  | "deleted-executable"
  | "suspicious-path"
  | "wildcard-bind"
  | "raw-socket"
  | "new-listener"
  | "gone-listener";

/** The transport a finding is about: the model's, or "packet" for AF_PACKET sockets (no port). */
export type FindingProto = InetProto | "packet";

export interface Finding {
  readonly kind: FindingKind;
  readonly severity: Severity;
  readonly proto: FindingProto;
  /** Numeric address (model spelling), an interface name for packet sockets, or null. */
  readonly address: string | null;
  readonly port: number | null;
  readonly pids: readonly number[];
  /** What was seen (concrete: addresses, pids, paths). */
  readonly seen: string;
  /** Why it matters. */
  readonly why: string;
  /** The harmless causes that would explain it. */
  readonly benign: string;
  /** Only with --netns: the network namespace of the socket it is about (the audit's own for the scans). */
  readonly netns?: NetnsLabel;
}

/** What the audit knows about one process holding a socket (from /proc/<pid>). */
export interface ProcessFacts {
  readonly pid: number;
  /**
   * The target of /proc/<pid>/exe: the executable actually running, whatever argv[0] claims. The
   * kernel appends " (deleted)" when the file was removed (fs/d_path.c d_path). Null when unreadable.
   */
  readonly exe: string | null;
  /**
   * Why `exe` is null: "denied" (not root), "gone" (exited), "kernel" (a kernel thread has none),
   * "elsewhere" (a saved listing of another machine: only the program name it shows is known).
   */
  readonly exeError: "denied" | "gone" | "kernel" | "elsewhere" | null;
  /** argv as the process set it (/proc/<pid>/cmdline split at NULs); empty when unreadable. */
  readonly argv: readonly string[];
}

/** An AF_PACKET socket (/proc/net/packet, net/packet/af_packet.c packet_seq_show). */
export interface PacketSocket {
  /** SOCK_RAW (3) or SOCK_DGRAM (2). */
  readonly type: number;
  /** Ethernet protocol number in host order (ETH_P_ALL is 3, ETH_P_IP 0x800). */
  readonly protocol: number;
  /** Interface index it is bound to; 0 for every interface. */
  readonly ifindex: number;
  readonly uid: number;
  readonly inode: number;
  readonly pids: readonly number[];
}

/** The kernel's ephemeral port range (/proc/sys/net/ipv4/ip_local_port_range, ip-sysctl.rst). */
export interface PortRange {
  readonly low: number;
  readonly high: number;
}

export type Direction = "inbound" | "outbound" | "unknown";

/** Where a listener accepts: the loopback only, one (non-loopback) address, or every address. */
export type Scope = "loopback" | "address" | "all";

/** A listener as another tool (lsof) sees it: the third view. */
export interface ViewListener {
  readonly proto: "tcp" | "udp";
  readonly address: string;
  readonly port: number;
  readonly pids: readonly number[];
}

/** Another tool's view of the listeners; `name` is how the report calls it ("lsof"). */
export interface OtherView {
  readonly name: string;
  readonly listeners: readonly ViewListener[];
}

/** The scan's view: what was probed and what answered, after the re-probes. */
export interface ScanView {
  readonly addresses: readonly string[];
  readonly ports: readonly number[];
  /** Open after the scan and every re-probe. */
  readonly open: readonly { readonly address: string; readonly port: number }[];
  readonly seconds: number;
}

/** One accepted listener of a saved baseline. */
export interface BaselineEntry {
  readonly proto: InetProto;
  readonly family: InetSocket["family"];
  readonly scope: Scope;
  /** The address, for scope "address" and "loopback" (null for "all"). */
  readonly address: string | null;
  readonly port: number;
  readonly executable: string | null;
}
