// The Socket model: one tagged union that every platform reader produces and every formatter reads.
// Field names are the JSON schema ("tsnetstat/1", not yet relied on): change them only with a new schema version.
//
// Neutral fields (every reader fills them, select/format/audit use only them) come first; what only
// one source tells is kept under `detail`, tagged with that source ("proc": Linux /proc tables;
// "netstat": a netstat's text, live or saved; "lsof": lsof's output) and the platform it describes.
//
// Address spelling contract (every reader must produce exactly this, see src/addr.ts):
//   IPv4  dotted quad, no leading zeros: "127.0.0.1"; the wildcard is "0.0.0.0".
//   IPv6  glibc inet_ntop(3) spelling: lowercase hex, no leading zeros in a group, the longest run of
//         two or more zero groups (the first of equal runs) written "::", and a v4-mapped or
//         v4-compatible tail in dotted form ("::ffff:10.0.0.1", "::1.2.3.4" is glibc's too); the
//         wildcard is "::". A scope (BSD "fe80::1%lo0") goes in `Endpoint.scope`, never in `address`.

/** Transport protocols of Internet sockets. */
export type InetProto = "tcp" | "udp" | "udplite" | "raw" | "sctp";

/** Which address family the socket belongs to (an IPv6 socket that also takes IPv4 is "inet6"). */
export type InetFamily = "inet" | "inet6";

/** The Linux /proc/net files of Internet sockets, each named by its transport and family. */
export type ProcInetTable = "tcp" | "tcp6" | "udp" | "udp6" | "udplite" | "udplite6" | "raw" | "raw6";

/**
 * Transport and family of each /proc/net file (the "6" files hold AF_INET6 sockets): for the /proc
 * parsers, and for saved net-tools netstat tables, whose Proto column names the same files.
 */
export const PROC_INET_TABLES: Readonly<Record<ProcInetTable, { readonly proto: InetProto; readonly family: InetFamily }>> = {
  tcp: { proto: "tcp", family: "inet" },
  tcp6: { proto: "tcp", family: "inet6" },
  udp: { proto: "udp", family: "inet" },
  udp6: { proto: "udp", family: "inet6" },
  udplite: { proto: "udplite", family: "inet" },
  udplite6: { proto: "udplite", family: "inet6" },
  raw: { proto: "raw", family: "inet" },
  raw6: { proto: "raw", family: "inet6" },
};

/** Canonical TCP states, spelled as Linux spells them (include/net/tcp_states.h). */
export type TcpState =
  | "ESTABLISHED"
  | "SYN_SENT"
  | "SYN_RECV"
  | "FIN_WAIT1"
  | "FIN_WAIT2"
  | "TIME_WAIT"
  | "CLOSE"
  | "CLOSE_WAIT"
  | "LAST_ACK"
  | "LISTEN"
  | "CLOSING"
  | "NEW_SYN_RECV";

/** One end of an Internet socket. `port` is null for `*` (unbound / unconnected). */
export interface Endpoint {
  /** Numeric address, spelled as the contract at the top of this file says. */
  readonly address: string;
  readonly port: number | null;
  /** IPv6 scope zone as the platform printed it ("lo0", "en0", "2"); absent when there is none. */
  readonly scope?: string;
}

/** A process holding a socket descriptor. */
export interface Owner {
  readonly pid: number;
  /** Descriptor number; null when the source names the process but not its descriptor (illumos `netstat -u`, a saved net-tools `-p` table). */
  readonly fd: number | null;
  /** What netstat shows: argv[0], and only its basename when it is an absolute path. */
  readonly program: string;
  /** The kernel's short task name (Linux /proc/<pid>/comm, lsof's COMMAND), what `ss` shows; null when unknown. */
  readonly comm: string | null;
  /** The whole command line, arguments joined by single spaces; null when unknown. */
  readonly cmdline: string | null;
}

/**
 * Whether `owners` is the whole truth about who holds the socket:
 *  - "complete": every process was readable, so `owners` lists every holder (empty: none holds it,
 *    e.g. a kernel socket, TIME_WAIT, or a holder that exited during the read);
 *  - "partial":  some processes could not be read (not root, hidepid): a holder may be missing, and
 *    an empty `owners` means "could not be read", not "nobody";
 *  - "not-read": owners were not looked up (no -p) or the platform cannot tell them.
 */
export type OwnerStatus = "complete" | "partial" | "not-read";

/** A kernel timer attached to a socket (Linux: the `tr tm->when retrnsmt timeout` columns). */
export interface LinuxTimer {
  /** Linux timer kind number: 0 none, 1 retransmit, 2 keepalive, 3 TIME_WAIT, 4 zero-window probe. */
  readonly kind: number;
  /** Clock ticks (USER_HZ) until the timer fires; may be negative when it is overdue. */
  readonly ticks: number;
  readonly retransmits: number;
  /** The `timeout` column: unanswered probes / keepalives. */
  readonly probes: number;
}

/** Platforms whose readers or saved layouts exist; the platform a detail describes. */
export type Platform = "linux" | "darwin" | "freebsd" | "openbsd" | "netbsd" | "sunos" | "qnx";

/** The tools whose text a detail was read from: a netstat (any platform's, live or saved) or lsof. */
export type TextSource = "netstat" | "lsof";

/** Linux facts of an Internet socket (/proc/net/{tcp,udp,raw,...}, live, a --proc-root copy or a saved table). */
export interface LinuxInetDetail {
  readonly source: "proc";
  readonly platform: "linux";
  /** The kernel's state number (the `st` column): raw sockets print it, UDP uses 1 and 7. */
  readonly stateCode: number;
  readonly timer: LinuxTimer;
}

/** Facts of an Internet socket read from a netstat's or lsof's text (any platform, Linux included). */
export interface TextInetDetail {
  readonly source: TextSource;
  readonly platform: Platform;
  /** The state exactly as that netstat spelled it ("FIN_WAIT_1", "SYN_RCVD", "BOUND", "Idle"); null when empty. */
  readonly state: string | null;
  /** The protocol column as printed ("tcp46", "tcp4", "udp6"); null for layouts without one (Solaris). */
  readonly protoText: string | null;
  /** True for a BSD "tcp46"/"udp46" socket: an IPv6 socket that also takes IPv4. */
  readonly dualStack: boolean;
  /** Kernel address of the protocol control block (FreeBSD -A/-P, lsof DEVICE); null when not printed. */
  readonly pcb: string | null;
  /** Solaris/illumos zone name (netstat -Z / the zone column); null when not printed. */
  readonly zone: string | null;
}

export type InetDetail = LinuxInetDetail | TextInetDetail;

/**
 * The network namespace a socket lives in (Linux, --netns): its inode (`net:[4026531840]`), its
 * `ip netns` name, and what lives there: the container or systemd unit its first process belongs
 * to, else that process's command. Null fields: not known.
 */
export interface NetnsLabel {
  readonly inode: number;
  readonly name: string | null;
  readonly container: string | null;
}

interface SocketBase {
  /** Every process holding the socket, in the order they were found; see `ownerStatus`. */
  readonly owners: readonly Owner[];
  readonly ownerStatus: OwnerStatus;
  /** Only with --netns: the network namespace it was read from. */
  readonly netns?: NetnsLabel;
}

export interface InetSocket extends SocketBase {
  readonly proto: InetProto;
  readonly family: InetFamily;
  readonly local: Endpoint;
  readonly remote: Endpoint;
  /**
   * Canonical TCP state (SCTP: its state mapped where one exists). UDP/UDP-Lite: "ESTABLISHED" when
   * connected, "CLOSE" when not (as Linux reports them); null when the source does not say. Raw: the
   * Linux number's name if any, else null (the number is in `detail.stateCode`).
   */
  readonly state: TcpState | null;
  /** Queue sizes; null when the platform does not print them. */
  readonly recvQ: number | null;
  readonly sendQ: number | null;
  /** Owner uid of the socket; null when unknown. */
  readonly uid: number | null;
  /** Kernel socket inode (Linux; 0 for TIME_WAIT and request sockets); null where there is none. */
  readonly inode: number | null;
  readonly detail: InetDetail;
  /**
   * SCTP only: every address of a multi-homed endpoint or association, in the order the platform
   * lists them (`local.address` and `remote.address` are the first of each; an endpoint has no
   * remote ones). Absent for the other protocols, which have one address per end.
   */
  readonly addresses?: SctpAddresses;
}

/** The address lists of an SCTP endpoint or association (spelled as the contract above says). */
export interface SctpAddresses {
  readonly local: readonly string[];
  readonly remote: readonly string[];
}

export type UnixType = "STREAM" | "DGRAM" | "RAW" | "RDM" | "SEQPACKET" | "UNKNOWN";

/** Kernel socket_state names (include/uapi/linux/net.h); LISTENING is SS_UNCONNECTED with SO_ACCEPTCON. */
export type UnixState = "FREE" | "LISTENING" | "CONNECTING" | "CONNECTED" | "DISCONNECTING" | "UNKNOWN";

/** __SO_ACCEPTCON and friends, as netstat names them (ACC = accepting connections). */
export type UnixFlag = "ACC" | "W" | "N";

/** Linux facts of a UNIX socket (/proc/net/unix). */
export interface LinuxUnixDetail {
  readonly source: "proc";
  readonly platform: "linux";
  readonly refCnt: number;
  readonly flags: readonly UnixFlag[];
  /** The kernel's protocol field (always 0 on Linux; netstat prints "??" otherwise). */
  readonly protocol: number;
  /** The kernel's socket type number, kept for types netstat prints as UNKNOWN. */
  readonly typeCode: number;
  /** The kernel's state number, kept for states netstat prints as UNKNOWN. */
  readonly stateCode: number;
}

/** Facts of a UNIX socket read from a netstat's or lsof's text (any platform, Linux included). */
export interface TextUnixDetail {
  readonly source: TextSource;
  readonly platform: Platform;
  /** Kernel address of the socket (BSD "Address" column, lsof DEVICE); null when not printed. */
  readonly pcb: string | null;
  /** Kernel address of the peer socket (BSD "Conn"); null when not connected or not printed. */
  readonly conn: string | null;
}

export type UnixDetail = LinuxUnixDetail | TextUnixDetail;

export interface UnixSocket extends SocketBase {
  readonly proto: "unix";
  readonly type: UnixType;
  /** Null for an unconnected, non-listening socket (netstat prints an empty column). */
  readonly state: UnixState | null;
  /** Bound name; null when unnamed. Abstract names start with "@" (embedded NULs are "@" too). */
  readonly path: string | null;
  /** Kernel socket inode; null where the platform has none. */
  readonly inode: number | null;
  readonly detail: UnixDetail;
}

export type Socket = InetSocket | UnixSocket;

/** A problem found while reading: the source (file or command) and line it came from. */
export interface Diagnostic {
  readonly source: string;
  /** 1-based line number within the source; null when the problem is about the whole source. */
  readonly line: number | null;
  readonly message: string;
}

/** The result of a parser: what it could read, and what it could not. */
export interface Parsed<T> {
  readonly records: T[];
  readonly diagnostics: Diagnostic[];
}

export const formatDiagnostic = (d: Diagnostic): string =>
  d.line === null ? `tsnetstat: ${d.source}: ${d.message}` : `tsnetstat: ${d.source}:${d.line}: ${d.message}`;
