// The Socket model: one tagged union that every platform reader produces and every formatter reads.
// Field names are the JSON schema ("tsnetstat/1"): change them only with a new schema version.

/** Internet protocols as Linux names its /proc/net files (the "6" variants are the IPv6 tables). */
export type InetProto = "tcp" | "tcp6" | "udp" | "udp6" | "udplite" | "udplite6" | "raw" | "raw6";

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
  /** Numeric address as the platform reports it: dotted quad, or RFC 5952 IPv6 ("::1", "::ffff:127.0.0.1"). */
  readonly address: string;
  readonly port: number | null;
}

/** A kernel timer attached to a socket (Linux: the `tr tm->when retrnsmt timeout` columns). */
export interface SocketTimer {
  /** Linux timer kind number: 0 none, 1 retransmit, 2 keepalive, 3 TIME_WAIT, 4 zero-window probe. */
  readonly kind: number;
  /** Clock ticks (USER_HZ) until the timer fires; may be negative when it is overdue. */
  readonly ticks: number;
  readonly retransmits: number;
  /** The `timeout` column: unanswered probes / keepalives. */
  readonly probes: number;
}

/** A process holding a socket descriptor. */
export interface Owner {
  readonly pid: number;
  readonly fd: number;
  /** What netstat shows: argv[0], and only its basename when it is an absolute path. */
  readonly program: string;
  /** The kernel's short task name (Linux /proc/<pid>/comm), what `ss` shows; null when unknown. */
  readonly comm: string | null;
  /** The whole command line, arguments joined by single spaces; null when unknown. */
  readonly cmdline: string | null;
}

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
  /** Kernel socket inode; 0 for sockets with no inode (TIME_WAIT, request and embryo sockets). */
  readonly inode: number;
  /** Every process holding the socket, in the order they were found; empty when unknown. */
  readonly owners: readonly Owner[];
  /** Only with --netns: the network namespace it was read from. */
  readonly netns?: NetnsLabel;
}

export interface InetSocket extends SocketBase {
  readonly proto: InetProto;
  readonly local: Endpoint;
  readonly remote: Endpoint;
  /** TCP state; for UDP "ESTABLISHED" when connected; null when the protocol has no state name. */
  readonly state: TcpState | null;
  /** The raw kernel state number (Linux: the `st` column), kept because raw sockets print it. */
  readonly stateCode: number;
  readonly recvQ: number;
  readonly sendQ: number;
  readonly uid: number;
  readonly timer: SocketTimer | null;
}

export type UnixType = "STREAM" | "DGRAM" | "RAW" | "RDM" | "SEQPACKET" | "UNKNOWN";

/** Kernel socket_state names (include/uapi/linux/net.h); LISTENING is SS_UNCONNECTED with SO_ACCEPTCON. */
export type UnixState = "FREE" | "LISTENING" | "CONNECTING" | "CONNECTED" | "DISCONNECTING" | "UNKNOWN";

export interface UnixSocket extends SocketBase {
  readonly proto: "unix";
  readonly type: UnixType;
  /** Null for an unconnected, non-listening socket (netstat prints an empty column). */
  readonly state: UnixState | null;
  readonly flags: readonly UnixFlag[];
  readonly refCnt: number;
  /** Bound name; null when unnamed. Abstract names start with "@" (embedded NULs are "@" too). */
  readonly path: string | null;
  /** The kernel's protocol field (always 0 on Linux; netstat prints "??" otherwise). */
  readonly protocol: number;
  /** The kernel's socket type number, kept for types netstat prints as UNKNOWN. */
  readonly typeCode: number;
  /** The kernel's state number, kept for states netstat prints as UNKNOWN. */
  readonly stateCode: number;
}

/** __SO_ACCEPTCON and friends, as netstat names them (ACC = accepting connections). */
export type UnixFlag = "ACC" | "W" | "N";

export type Socket = InetSocket | UnixSocket;

export const isInet = (s: Socket): s is InetSocket => s.proto !== "unix";
export const isUnix = (s: Socket): s is UnixSocket => s.proto === "unix";

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
