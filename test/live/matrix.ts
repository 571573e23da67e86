// The flag combinations the live golden test runs through both tsnetstat and netstat 2.10.
// One row per command line. Add rows freely; every row runs as root and as nobody unless `users`
// says otherwise. Rows without -n show names from the machine's /etc/hosts, /etc/services,
// /etc/protocols and /etc/passwd; the lab resolves hosts from files only (lab.ts), so addresses
// not in /etc/hosts stay numeric. test/live/names.test.ts covers names from a live DNS server.

import type { StderrRule } from "./compare.js";
import type { User } from "./lab.js";

export interface MatrixRow {
  readonly args: readonly string[];
  /** Default: both. */
  readonly users?: readonly User[];
  /** Default: stderr compared exactly (see compare.ts). */
  readonly stderr?: StderrRule;
  /** Why the row is here, when the flags alone do not say. */
  readonly why?: string;
}

const a = (s: string): string[] => s.split(" ");

export const MATRIX: readonly MatrixRow[] = [
  // listen modes and the default of both tables
  { args: a("-n"), why: "default: connections only, Internet and UNIX tables" },
  { args: a("-an") },
  { args: a("-ln") },
  { args: a("-a -l -n"), why: "-a wins over -l" },
  // protocols
  { args: a("-tn") },
  { args: a("-tan") },
  { args: a("-tln") },
  { args: a("-uan") },
  { args: a("-Uan"), why: "UDP-Lite: udpl / udpl6 labels" },
  { args: a("-wan"), why: "raw state is the kernel number" },
  { args: a("-w -l -n") },
  { args: a("-x") },
  { args: a("-xa") },
  { args: a("-xl") },
  { args: a("-t -x -n"), why: "both tables" },
  // families
  { args: a("-4 -a -n"), why: "Internet table only, no UNIX table" },
  { args: a("-6an") },
  { args: a("-A inet -an") },
  { args: a("-A inet6 -an") },
  { args: a("-A inet,unix -an") },
  { args: a("-A inet6 -x -an"), why: "IPv6 rows and the UNIX table" },
  { args: a("--inet --inet6 -an") },
  { args: a("--unix -a") },
  { args: a("-6 -t -a --numeric-hosts --numeric-ports"), why: "the long numeric flags" },
  // extra columns
  { args: a("-tanp") },
  { args: a("-tane") },
  { args: a("-tanee") },
  { args: a("-tano") },
  { args: a("-tulpna") },
  { args: a("-tlnp") },
  { args: a("-xap") },
  { args: a("-xlp") },
  { args: a("-xan -e -o -W"), why: "-e, -o, -W do not change the UNIX table" },
  { args: a("-anpeo") },
  { args: a("-a -n -p -e -o -W"), why: "the same, flags apart" },
  { args: a("-uanpeo") },
  { args: a("-wanpeo") },
  // wide
  { args: a("-anW") },
  { args: a("-tuwanW") },
  { args: a("-A inet6 -anW") },
  // long options, abbreviated as getopt allows
  { args: a("--tcp --udp --listening --numeric --programs") },
  { args: a("--list --numeric --prog"), why: "getopt_long prefixes" },
  { args: a("--ine -a --numeric"), why: "two family switches never make a prefix ambiguous: --inet" },
  { args: a("--d -n"), why: "netstat's --ddp (no socket table: everything), not tsnetstat's --dns-timeout" },
  // names: hosts, services (tcp, udp, raw protocol names), users
  { args: a("-a"), why: "everything resolved: localhost, [::], service and protocol names" },
  { args: a("-t") },
  { args: a("-ta") },
  { args: a("-tua") },
  { args: a("-tuap") },
  { args: a("-tuaW") },
  { args: a("-l"), why: "servers only, resolved" },
  { args: a("-wa"), why: "raw rows: protocol names from /etc/protocols" },
  { args: a("-6a") },
  { args: a("-tae"), why: "user names from /etc/passwd" },
  { args: a("-uaee") },
  { args: a("-tuae --numeric-users") },
  { args: a("-ta --numeric-hosts") },
  { args: a("-ta --numeric-ports") },
  { args: a("-tulpa") },
  { args: a("-anpeoW --numeric-hosts"), why: "every column, ports and users named" },
  // errors and notices
  { args: a("-6 -S -x"), why: "with inet6 alone a missing SCTP table is silent" },
  { args: a("-v -A inet6 -n"), why: "-v is silent when a family alone chose the protocols" },
  {
    args: a("--tcpip -n"),
    stderr: { kind: "tsnetstat", expected: "tsnetstat: --tcpip selects no address family, as in net-tools 2.10 (use -A tcpip or -4)\n" },
    why: "netstat 2.10's --tcpip is an internal error that selects nothing",
  },
  {
    args: a("-t --l2cap -n"),
    stderr: { kind: "tsnetstat", expected: "tsnetstat: feature `AF BLUETOOTH' not supported.\n" },
    why: "Bluetooth is refused after the other tables, exit 1",
  },
  {
    args: a("-A local"),
    stderr: { kind: "tsnetstat", expected: "tsnetstat: unknown address family 'local' (see 'tsnetstat --help')\n" },
    why: "not a name net-tools accepts",
  },
  { args: a("-S"), why: "no SCTP: Internet header, error, exit 1" },
  { args: a("-tSuan"), why: "tcp rows, the SCTP error, and no udp rows" },
  { args: a("-nv"), why: "-v names every missing table" },
  {
    args: a("-A bogus"),
    stderr: { kind: "tsnetstat", expected: "tsnetstat: unknown address family 'bogus' (see 'tsnetstat --help')\n" },
    why: "README difference 4: tsnetstat's own one-line message; stdout and status must match",
  },
];
