// netstat -s: the SNMP counters in net-tools 2.10's sentences (statistics.c). Its quirks are kept:
// counters are found with bsearch in tables that are not all sorted (so "Forwarding" and others
// print as "Name: value"), a counter it does not know prints as "Name: value" when not 0, unknown
// sections always print, and the indentation follows the state the previous counter left. Pure.

import type { SnmpSection } from "../modes-model.js";

type EntryType = "number" | "opt_number" | "i_forward" | "i_inp_icmp" | "i_outp_icmp" | "i_rto_alg";
/** title, sentence, type, flags ("S" I_STATIC, "T" I_TITLE) */
type Entry = readonly [string, string, EntryType, string];

const IPTAB: readonly Entry[] = [
  ["DefaultTTL", "Default TTL is %llu", "number", "S"],
  ["Forwarding", "Forwarding is %s", "i_forward", "S"],
  ["ForwDatagrams", "%llu forwarded", "number", ""],
  ["FragCreates", "%llu fragments created", "opt_number", ""],
  ["FragFails", "%llu outgoing packets failed fragmentation", "opt_number", ""],
  ["FragOKs", "%llu outgoing packets fragmented ok", "opt_number", ""],
  ["InAddrErrors", "%llu with invalid addresses", "opt_number", ""],
  ["InDelivers", "%llu incoming packets delivered", "number", ""],
  ["InDiscards", "%llu incoming packets discarded", "number", ""],
  ["InHdrErrors", "%llu with invalid headers", "opt_number", ""],
  ["InReceives", "%llu total packets received", "number", ""],
  ["InUnknownProtos", "%llu with unknown protocol", "opt_number", ""],
  ["OutDiscards", "%llu outgoing packets dropped", "opt_number", ""],
  ["OutNoRoutes", "%llu dropped because of missing route", "opt_number", ""],
  ["OutRequests", "%llu requests sent out", "number", ""],
  ["ReasmFails", "%llu packet reassemblies failed", "opt_number", ""],
  ["ReasmOKs", "%llu packets reassembled ok", "opt_number", ""],
  ["ReasmReqds", "%llu reassemblies required", "opt_number", ""],
  ["ReasmTimeout", "%llu fragments dropped after timeout", "opt_number", ""],
];

const IP6TAB: readonly Entry[] = [
  ["Ip6FragCreates", "%llu fragments created", "opt_number", ""],
  ["Ip6FragFails", "%llu outgoing packets failed fragmentation", "opt_number", ""],
  ["Ip6FragOKs", "%llu outgoing packets fragmented ok", "opt_number", ""],
  ["Ip6InAddrErrors", "%llu with invalid addresses", "opt_number", ""],
  ["Ip6InDelivers", "%llu incoming packets delivered", "number", ""],
  ["Ip6InDiscards", "%llu incoming packets discarded", "number", ""],
  ["Ip6InHdrErrors", "%llu with invalid headers", "opt_number", ""],
  ["Ip6InMcastPkts", "%llu incoming multicast packets", "opt_number", ""],
  ["Ip6InNoRoutes", "%llu incoming packets with no route", "opt_number", ""],
  ["Ip6InReceives", "%llu total packets received", "number", ""],
  ["Ip6InTooBigErrors", "%llu with packets too big", "opt_number", ""],
  ["Ip6InTruncatedPkts", "%llu with truncated packets", "opt_number", ""],
  ["Ip6InUnknownProtos", "%llu with unknown protocol", "opt_number", ""],
  ["Ip6OutDiscards", "%llu outgoing packets dropped", "opt_number", ""],
  ["Ip6OutForwDatagrams", "%llu forwarded", "number", ""],
  ["Ip6OutMcastPkts", "%llu outgoing multicast packets", "opt_number", ""],
  ["Ip6OutNoRoutes", "%llu dropped because of missing route", "opt_number", ""],
  ["Ip6OutRequests", "%llu requests sent out", "number", ""],
  ["Ip6ReasmFails", "%llu packet reassemblies failed", "opt_number", ""],
  ["Ip6ReasmOKs", "%llu packets reassembled ok", "opt_number", ""],
  ["Ip6ReasmReqds", "%llu reassemblies required", "opt_number", ""],
  ["Ip6ReasmTimeout", "%llu fragments dropped after timeout", "opt_number", ""],
];

const ICMPTAB: readonly Entry[] = [
  ["InAddrMaskReps", "address mask replies: %llu", "i_inp_icmp", "T"],
  ["InAddrMasks", "address mask request: %llu", "i_inp_icmp", "T"],
  ["InDestUnreachs", "destination unreachable: %llu", "i_inp_icmp", "T"],
  ["InEchoReps", "echo replies: %llu", "i_inp_icmp", "T"],
  ["InEchos", "echo requests: %llu", "i_inp_icmp", "T"],
  ["InErrors", "%llu input ICMP message failed", "number", ""],
  ["InMsgs", "%llu ICMP messages received", "number", ""],
  ["InParmProbs", "wrong parameters: %llu", "i_inp_icmp", "T"],
  ["InRedirects", "redirects: %llu", "i_inp_icmp", "T"],
  ["InSrcQuenchs", "source quenches: %llu", "i_inp_icmp", "T"],
  ["InTimeExcds", "timeout in transit: %llu", "i_inp_icmp", "T"],
  ["InTimestampReps", "timestamp reply: %llu", "i_inp_icmp", "T"],
  ["InTimestamps", "timestamp request: %llu", "i_inp_icmp", "T"],
  ["OutAddrMaskReps", "address mask replies: %llu", "i_outp_icmp", "T"],
  ["OutAddrMasks", "address mask requests: %llu", "i_outp_icmp", "T"],
  ["OutDestUnreachs", "destination unreachable: %llu", "i_outp_icmp", "T"],
  ["OutEchoReps", "echo replies: %llu", "i_outp_icmp", "T"],
  ["OutEchos", "echo requests: %llu", "i_outp_icmp", "T"],
  ["OutErrors", "%llu ICMP messages failed", "number", ""],
  ["OutMsgs", "%llu ICMP messages sent", "number", ""],
  ["OutParmProbs", "wrong parameters: %llu", "i_outp_icmp", "T"],
  ["OutRedirects", "redirect: %llu", "i_outp_icmp", "T"],
  ["OutSrcQuenchs", "source quench: %llu", "i_outp_icmp", "T"],
  ["OutTimeExcds", "time exceeded: %llu", "i_outp_icmp", "T"],
  ["OutTimestampReps", "timestamp replies: %llu", "i_outp_icmp", "T"],
  ["OutTimestamps", "timestamp requests: %llu", "i_outp_icmp", "T"],
];

const ICMP6TAB: readonly Entry[] = [
  ["Icmp6InDestUnreachs", "destination unreachable: %llu", "i_inp_icmp", "T"],
  ["Icmp6InEchoReplies", "echo replies: %llu", "i_inp_icmp", "T"],
  ["Icmp6InEchos", "echo requests: %llu", "i_inp_icmp", "T"],
  ["Icmp6InErrors", "%llu input ICMP message failed", "number", ""],
  ["Icmp6InGroupMembQueries", "group member queries: %llu", "i_inp_icmp", "T"],
  ["Icmp6InGroupMembReductions", "group member reductions: %llu", "i_inp_icmp", "T"],
  ["Icmp6InGroupMembResponses", "group member responses: %llu", "i_inp_icmp", "T"],
  ["Icmp6InMsgs", "%llu ICMP messages received", "number", ""],
  ["Icmp6InNeighborAdvertisements", "neighbour advertisement: %llu", "i_inp_icmp", "T"],
  ["Icmp6InNeighborSolicits", "neighbour solicits: %llu", "i_inp_icmp", "T"],
  ["Icmp6InParmProblems", "parameter problem: %llu", "i_inp_icmp", "T"],
  ["Icmp6InPktTooBigs", "packets too big: %llu", "i_inp_icmp", "T"],
  ["Icmp6InRedirects", "redirects: %llu", "i_inp_icmp", "T"],
  ["Icmp6InRouterAdvertisements", "router advertisement: %llu", "i_inp_icmp", "T"],
  ["Icmp6InRouterSolicits", "router solicits: %llu", "i_inp_icmp", "T"],
  ["Icmp6InTimeExcds", "received ICMPv6 time exceeded: %llu", "i_inp_icmp", "T"],
  ["Icmp6OutDestUnreachs", "destination unreachable: %llu", "i_outp_icmp", "T"],
  ["Icmp6OutEchoReplies", "echo replies: %llu", "i_outp_icmp", "T"],
  ["Icmp6OutEchos", "echo requests: %llu", "i_outp_icmp", "T"],
  ["Icmp6OutGroupMembQueries", "group member queries: %llu", "i_outp_icmp", "T"],
  ["Icmp6OutGroupMembReductions", "group member reductions: %llu", "i_outp_icmp", "T"],
  ["Icmp6OutGroupMembResponses", "group member responses: %llu", "i_outp_icmp", "T"],
  ["Icmp6OutMsgs", "%llu ICMP messages sent", "number", ""],
  ["Icmp6OutNeighborAdvertisements", "neighbor advertisements: %llu", "i_outp_icmp", "T"],
  ["Icmp6OutNeighborSolicits", "neighbor solicits: %llu", "i_outp_icmp", "T"],
  ["Icmp6OutParmProblems", "parameter problem: %llu", "i_outp_icmp", "T"],
  ["Icmp6OutPktTooBigs", "packets too big: %llu", "i_outp_icmp", "T"],
  ["Icmp6OutRedirects", "redirects: %llu", "i_outp_icmp", "T"],
  ["Icmp6OutRouterAdvertisements ", "router advertisement: %llu", "i_outp_icmp", "T"],
  ["Icmp6OutRouterSolicits", "router solicits: %llu", "i_outp_icmp", "T"],
  ["Icmp6OutTimeExcds", "sent ICMPv6 time exceeded: %llu", "i_outp_icmp", "T"],
];

const TCPTAB: readonly Entry[] = [
  ["ActiveOpens", "%llu active connection openings", "number", ""],
  ["AttemptFails", "%llu failed connection attempts", "number", ""],
  ["CurrEstab", "%llu connections established", "number", ""],
  ["EstabResets", "%llu connection resets received", "number", ""],
  ["InErrs", "%llu bad segments received", "number", ""],
  ["InSegs", "%llu segments received", "number", ""],
  ["MaxConn", "", "number", ""],
  ["OutRsts", "%llu resets sent", "number", ""],
  ["OutSegs", "%llu segments sent out", "number", ""],
  ["PassiveOpens", "%llu passive connection openings", "number", ""],
  ["RetransSegs", "%llu segments retransmitted", "number", ""],
  ["RtoAlgorithm", "RTO algorithm is %s", "i_rto_alg", "S"],
  ["RtoMax", "", "number", ""],
  ["RtoMin", "", "number", ""],
];

const UDPTAB: readonly Entry[] = [
  ["InDatagrams", "%llu packets received", "number", ""],
  ["InErrors", "%llu packet receive errors", "number", ""],
  ["NoPorts", "%llu packets to unknown port received", "number", ""],
  ["OutDatagrams", "%llu packets sent", "number", ""],
  ["RcvbufErrors", "%llu receive buffer errors", "number", ""],
  ["SndbufErrors", "%llu send buffer errors", "number", ""],
];

const UDP6TAB: readonly Entry[] = [
  ["Udp6InDatagrams", "%llu packets received", "number", ""],
  ["Udp6InErrors", "%llu packet receive errors", "number", ""],
  ["Udp6NoPorts", "%llu packets to unknown port received", "number", ""],
  ["Udp6OutDatagrams", "%llu packets sent", "number", ""],
];

const TCPEXTTAB: readonly Entry[] = [
  ["DelayedACKLocked", "%llu delayed acks further delayed because of locked socket", "opt_number", ""],
  ["DelayedACKLost", "Quick ack mode was activated %llu times", "opt_number", ""],
  ["DelayedACKs", "%llu delayed acks sent", "opt_number", ""],
  ["EmbryonicRsts", "%llu resets received for embryonic SYN_RECV sockets", "opt_number", ""],
  ["ListenDrops", "%llu SYNs to LISTEN sockets dropped", "opt_number", ""],
  ["ListenOverflows", "%llu times the listen queue of a socket overflowed", "opt_number", ""],
  ["LockDroppedIcmps", "%llu ICMP packets dropped because socket was locked", "opt_number", ""],
  ["OfoPruned", "%llu packets dropped from out-of-order queue because of socket buffer overrun", "opt_number", ""],
  ["OutOfWindowIcmps", "%llu ICMP packets dropped because they were out-of-window", "opt_number", ""],
  ["PAWSActive", "%llu active connections rejected because of time stamp", "opt_number", ""],
  ["PAWSEstab", "%llu packets rejected in established connections because of timestamp", "opt_number", ""],
  ["PAWSPassive", "%llu passive connections rejected because of time stamp", "opt_number", ""],
  ["PruneCalled", "%llu packets pruned from receive queue because of socket buffer overrun", "opt_number", ""],
  ["RcvPruned", "%llu packets pruned from receive queue", "opt_number", ""],
  ["SockMallocOOM", "Ran %llu times out of system memory during packet sending", "opt_number", ""],
  ["SyncookiesFailed", "%llu invalid SYN cookies received", "opt_number", ""],
  ["SyncookiesRecv", "%llu SYN cookies received", "opt_number", ""],
  ["SyncookiesSent", "%llu SYN cookies sent", "opt_number", ""],
  ["TCPAbortFailed", "%llu times unable to send RST due to no memory", "opt_number", ""],
  ["TCPAbortOnClose", "%llu connections reset due to early user close", "opt_number", ""],
  ["TCPAbortOnData", "%llu connections reset due to unexpected data", "opt_number", ""],
  ["TCPAbortOnLinger", "%llu connections aborted after user close in linger timeout", "opt_number", ""],
  ["TCPAbortOnMemory", "%llu connections aborted due to memory pressure", "opt_number", ""],
  ["TCPAbortOnSyn", "%llu connections reset due to unexpected SYN", "opt_number", ""],
  ["TCPAbortOnTimeout", "%llu connections aborted due to timeout", "opt_number", ""],
  ["TCPDirectCopyFromBacklog", "%llu bytes directly in process context from backlog", "opt_number", ""],
  ["TCPDirectCopyFromPrequeue", "%llu bytes directly received in process context from prequeue", "opt_number", ""],
  ["TCPDSACKOfoRecv", "%llu DSACKs for out of order packets received", "opt_number", ""],
  ["TCPDSACKOfoSent", "%llu DSACKs sent for out of order packets", "opt_number", ""],
  ["TCPDSACKOldSent", "%llu DSACKs sent for old packets", "opt_number", ""],
  ["TCPDSACKRecv", "%llu DSACKs received", "opt_number", ""],
  ["TCPDSackUndo", "%llu congestion window recovered without slow start using DSACK", "opt_number", ""],
  ["TCPDSACKUndo", "%llu congestion windows recovered without slow start by DSACK", "opt_number", ""],
  ["TCPFACKReorder", "Detected reordering %llu times using FACK", "opt_number", ""],
  ["TCPFastRetrans", "%llu fast retransmits", "opt_number", ""],
  ["TCPForwardRetrans", "%llu forward retransmits", "opt_number", ""],
  ["TCPFullUndo", "%llu congestion windows fully recovered without slow start", "opt_number", ""],
  ["TCPHPAcks", "%llu predicted acknowledgments", "opt_number", ""],
  ["TCPHPHits", "%llu packet headers predicted", "number", ""],
  ["TCPHPHitsToUser", "%llu packet headers predicted and directly queued to user", "opt_number", ""],
  ["TCPLossFailures", "%llu timeouts in loss state", "opt_number", ""],
  ["TCPLoss", "%llu TCP data loss events", "opt_number", ""],
  ["TCPLossUndo", "%llu congestion windows recovered without slow start after partial ack", "opt_number", ""],
  ["TCPLostRetransmits", "%llu retransmits lost", "opt_number", ""],
  ["TCPMemoryPressures", "TCP ran low on memory %llu times", "opt_number", ""],
  ["TCPPartialUndo", "%llu congestion windows partially recovered using Hoe heuristic", "opt_number", ""],
  ["TCPPrequeued", "%llu packets directly queued to recvmsg prequeue", "opt_number", ""],
  ["TCPPrequeueDropped", "%llu packets dropped from prequeue", "opt_number", ""],
  ["TCPPureAcks", "%llu acknowledgments not containing data payload received", "opt_number", ""],
  ["TCPRcvCollapsed", "%llu packets collapsed in receive queue due to low socket buffer", "opt_number", ""],
  ["TCPRenoFailures", "%llu timeouts after reno fast retransmit", "opt_number", ""],
  ["TCPRenoRecoveryFailed", "%llu reno fast retransmits failed", "opt_number", ""],
  ["TCPRenoRecoveryFail", "%llu classic Reno fast retransmits failed", "opt_number", ""],
  ["TCPRenoRecovery", "%llu times recovered from packet loss due to fast retransmit", "opt_number", ""],
  ["TCPRenoReorder", "Detected reordering %llu times using reno fast retransmit", "opt_number", ""],
  ["TCPSackFailures", "%llu timeouts after SACK recovery", "opt_number", ""],
  ["TCPSackRecoveryFail", "%llu SACK retransmits failed", "opt_number", ""],
  ["TCPSackRecovery", "%llu times recovered from packet loss by selective acknowledgements", "opt_number", ""],
  ["TCPSACKReneging", "%llu bad SACK blocks received", "opt_number", ""],
  ["TCPSACKReorder", "Detected reordering %llu times using SACK", "opt_number", ""],
  ["TCPSchedulerFailed", "%llu times receiver scheduled too late for direct processing", "opt_number", ""],
  ["TCPSlowStartRetrans", "%llu retransmits in slow start", "opt_number", ""],
  ["TCPTimeouts", "%llu other TCP timeouts", "opt_number", ""],
  ["TCPTSReorder", "Detected reordering %llu times using time stamp", "opt_number", ""],
  ["TWKilled", "%llu TCP sockets finished time wait in slow timer", "opt_number", ""],
  ["TW", "%llu TCP sockets finished time wait in fast timer", "opt_number", ""],
  ["TWRecycled", "%llu time wait sockets recycled by time stamp", "opt_number", ""],
];

const SCTPTAB: readonly Entry[] = [
  ["SctpAborteds", "%llu Number of Aborteds ", "number", ""],
  ["SctpActiveEstabs", "%llu Active Associations", "number", ""],
  ["SctpChecksumErrors", "%llu Number of Packets with invalid Checksum", "number", ""],
  ["SctpCurrEstab", "%llu Current Associations", "number", ""],
  ["SctpFragUsrMsgs", "%llu Number of messages fragmented", "number", ""],
  ["SctpInCtrlChunks", "%llu Number of control chunks received", "number", ""],
  ["SctpInOrderChunks", "%llu Number of ordered chunks received", "number", ""],
  ["SctpInSCTPPacks", "%llu Number of SCTP packets received", "number", ""],
  ["SctpInUnorderChunks", "%llu Number of Unordered chunks received", "number", ""],
  ["SctpOutCtrlChunks", "%llu Number of control chunks sent", "number", ""],
  ["SctpOutOfBlues", "%llu Number of Out of Blue packets", "number", ""],
  ["SctpOutOrderChunks", "%llu Number of ordered chunks sent", "number", ""],
  ["SctpOutSCTPPacks", "%llu Number of SCTP packets sent", "number", ""],
  ["SctpOutUnorderChunks", "%llu Number of Unordered chunks sent", "number", ""],
  ["SctpPassiveEstabs", "%llu Passive Associations", "number", ""],
  ["SctpReasmUsrMsgs", "%llu Number of messages reassembled ", "number", ""],
  ["SctpShutdowns", "%llu Number of Graceful Terminations", "number", ""],
];

// enum State (statistics.c): number, opt_number, i_forward, i_inp_icmp, i_outp_icmp, i_rto_alg
const STATE_INDEX: Record<EntryType, number> = { number: 0, opt_number: 1, i_forward: 2, i_inp_icmp: 3, i_outp_icmp: 4, i_rto_alg: 5 };
/** states[]: indent and histogram title per state (i_rto_alg has none: 0) */
const STATES: readonly { readonly indent: number; readonly title: string | null }[] = [
  { indent: 4, title: null },
  { indent: 4, title: null },
  { indent: 4, title: null },
  { indent: 8, title: "ICMP input histogram:" },
  { indent: 8, title: "ICMP output histogram:" },
  { indent: 0, title: null },
];

/** Which counters -s shows: -w (raw) Ip and Icmp, -t Tcp and TcpExt, -u Udp, -S Sctp; all for plain -s. */
export interface StatFlags {
  readonly raw: boolean;
  readonly tcp: boolean;
  readonly udp: boolean;
  readonly sctp: boolean;
}

type FlagName = keyof StatFlags;

interface Table {
  readonly title: string;
  readonly entries: readonly Entry[] | null;
  /** null: an unknown section, always shown (f_unknown is 1) */
  readonly flag: FlagName | null;
}

const SNMP_TABS: readonly Table[] = [
  { title: "Ip", entries: IPTAB, flag: "raw" },
  { title: "Icmp", entries: ICMPTAB, flag: "raw" },
  { title: "Tcp", entries: TCPTAB, flag: "tcp" },
  { title: "Udp", entries: UDPTAB, flag: "udp" },
  { title: "Sctp", entries: SCTPTAB, flag: "sctp" },
  { title: "TcpExt", entries: TCPEXTTAB, flag: "tcp" },
];

const SNMP6_TABS: readonly Table[] = [
  { title: "Ip6", entries: IP6TAB, flag: "raw" },
  { title: "Icmp6", entries: ICMP6TAB, flag: "raw" },
  { title: "Udp6", entries: UDP6TAB, flag: "udp" },
  { title: "Tcp6", entries: TCPTAB, flag: "tcp" },
];

/** glibc bsearch with strcmp, on the table as it is (sorted or not). */
function bsearchEntry(entries: readonly Entry[], key: string): Entry | null {
  let l = 0;
  let u = entries.length;
  while (l < u) {
    const idx = (l + u) >> 1;
    const e = entries[idx];
    if (e === undefined) return null;
    const c = key < e[0] ? -1 : key > e[0] ? 1 : 0;
    if (c < 0) u = idx;
    else if (c > 0) l = idx + 1;
    else return e;
  }
  return null;
}

const pad = (n: number): string => " ".repeat(n);

/** The printer of statistics.c: its output so far and the state the last counter left. */
export class StatPrinter {
  out = "";
  private state = 0;
  constructor(private readonly flags: StatFlags) {}

  private on(t: Table): boolean {
    return t.flag === null || this.flags[t.flag];
  }

  /** newtable: a known section prints its title when its flag is on and resets the state; an unknown one always prints. */
  newTable(tabs: readonly Table[], title: string): Table {
    const t = tabs.find((x) => x.title === title);
    if (t !== undefined) {
      if (this.on(t)) this.out += `${title}:\n`;
      this.state = 0;
      return t;
    }
    this.out += `${title}:\n`;
    return { title, entries: null, flag: null };
  }

  /** printval, when the table's flag is on */
  value(t: Table, title: string, val: bigint): void {
    if (!this.on(t)) return;
    const ent = t.entries === null ? null : bsearchEntry(t.entries, title);
    if (ent === null) {
      // "try our best"
      if (val !== 0n) this.out += `${pad(STATES[this.state]?.indent ?? 0)}${title}: ${val}\n`;
      return;
    }
    const [, sentence, typeName, marks] = ent;
    // print_static is never set in 2.10: I_STATIC counters are not shown
    if (marks.includes("S")) return;
    if (sentence === "") return;
    let type = STATE_INDEX[typeName];
    if (marks.includes("T") && this.state !== type) {
      this.out += `${pad(STATES[this.state]?.indent ?? 0)}${STATES[type]?.title ?? ""}\n`;
    }
    let buf = "";
    switch (typeName) {
      case "opt_number":
        if (val !== 0n) buf = sentence.replace("%llu", String(val));
        break;
      case "number":
        buf = sentence.replace("%llu", String(val));
        break;
      case "i_forward":
        type = 0;
        buf = sentence.replace("%s", val === 2n ? "enabled" : "disabled");
        break;
      case "i_inp_icmp":
      case "i_outp_icmp":
        if (val > 0n) buf = sentence.replace("%llu", String(val));
        break;
      case "i_rto_alg":
        break;
    }
    if (buf !== "") this.out += `${pad(STATES[type]?.indent ?? 0)}${buf}\n`;
    this.state = type;
  }

  /** process_fd: every section of /proc/net/snmp or /proc/net/netstat, or those whose title starts with `only`. */
  sections(sections: readonly SnmpSection[], only: string | null = null): void {
    for (const s of sections) {
      if (only !== null && !s.title.startsWith(only)) continue;
      const t = this.newTable(SNMP_TABS, s.title);
      for (const [name, val] of s.counters) this.value(t, name, val);
    }
  }

  /** process6_fd: /proc/net/snmp6, a new section whenever a name does not contain the current title. */
  snmp6(counters: readonly (readonly [string, bigint])[]): void {
    let title: string | null = null;
    let t: Table | null = null;
    for (const [name, val] of counters) {
      if (t === null || title === null || !name.includes(title)) {
        title = cpytitle(name);
        t = this.newTable(SNMP6_TABS, title);
      }
      this.value(t, name, val);
    }
  }

  /** process_fd2: /proc/net/sctp/snmp under "Sctp". */
  sctp(counters: readonly (readonly [string, bigint])[]): void {
    const t = this.newTable(SNMP_TABS, "Sctp");
    for (const [name, val] of counters) this.value(t, name, val);
  }
}

/** statistics.c cpytitle: the name up to and including its first '6' ("Icmp6InMsgs" → "Icmp6"). */
export function cpytitle(name: string): string {
  const i = name.indexOf("6");
  return i < 0 ? name : name.slice(0, i + 1);
}
