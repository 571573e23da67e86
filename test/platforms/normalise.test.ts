// Normalisation of BSD/Solaris netstat text: endpoints, protocol columns, states.

import { describe, expect, it } from "vitest";
import {
  bsdCut,
  canonicalAddress,
  NO_CUT,
  parseEndpoint,
  parseProto,
  parseState,
  parseUnixType,
  splitEndpoint,
  udpStateFromRemote,
} from "../../src/readers/text/normalise.js";

const n = bsdCut(22);

describe("splitEndpoint", () => {
  it("splits at the last dot", () => {
    expect(splitEndpoint("127.0.0.1.22")).toEqual({ host: "127.0.0.1", port: "22" });
    expect(splitEndpoint("::1.631")).toEqual({ host: "::1", port: "631" });
    expect(splitEndpoint("*.*")).toEqual({ host: "*", port: "*" });
    expect(splitEndpoint("fe80::1%lo0.123")).toEqual({ host: "fe80::1%lo0", port: "123" });
  });
  it("refuses text without a host or a port", () => {
    expect(splitEndpoint("22")).toBeNull();
    expect(splitEndpoint(".22")).toBeNull();
    expect(splitEndpoint("127.0.0.1.")).toBeNull();
  });
});

describe("parseEndpoint", () => {
  it("reads IPv4, wildcards and * ports", () => {
    expect(parseEndpoint("127.0.0.1.22", "inet", n)).toEqual({ ok: true, value: { address: "127.0.0.1", port: 22 } });
    expect(parseEndpoint("*.22", "inet", n)).toEqual({ ok: true, value: { address: "0.0.0.0", port: 22 } });
    expect(parseEndpoint("*.*", "inet", n)).toEqual({ ok: true, value: { address: "0.0.0.0", port: null } });
    expect(parseEndpoint("*.*", "inet6", n)).toEqual({ ok: true, value: { address: "::", port: null } });
    expect(parseEndpoint("10.0.0.1.*", "inet", n)).toEqual({ ok: true, value: { address: "10.0.0.1", port: null } });
    expect(parseEndpoint("1.2.3.4.65535", "inet", n)).toEqual({ ok: true, value: { address: "1.2.3.4", port: 65535 } });
  });
  it("spells IPv6 as glibc inet_ntop does", () => {
    expect(parseEndpoint("::1.631", "inet6", n)).toEqual({ ok: true, value: { address: "::1", port: 631 } });
    expect(parseEndpoint("2001:DB8:0:0:0::1.80", "inet6", NO_CUT)).toEqual({ ok: true, value: { address: "2001:db8::1", port: 80 } });
    expect(parseEndpoint("::ffff:10.0.0.1.80", "inet6", NO_CUT)).toEqual({ ok: true, value: { address: "::ffff:10.0.0.1", port: 80 } });
    expect(parseEndpoint("1:0:0:2:0:0:0:3.9", "inet6", NO_CUT)).toEqual({ ok: true, value: { address: "1:0:0:2::3", port: 9 } });
  });
  it("puts a scope zone in Endpoint.scope, never in the address", () => {
    expect(parseEndpoint("fe80::1%lo0.123", "inet6", n)).toEqual({ ok: true, value: { address: "fe80::1", port: 123, scope: "lo0" } });
    expect(parseEndpoint("fe80::1%2.5353", "inet6", n)).toEqual({ ok: true, value: { address: "fe80::1", port: 5353, scope: "2" } });
    expect(parseEndpoint("fe80::1%.5353", "inet6", n)).toEqual({ ok: false, reason: 'address "fe80::1%" has a malformed scope' });
  });
  it("maps an IPv4 peer of an IPv6 socket to ::ffff:", () => {
    expect(parseEndpoint("10.1.2.3.443", "inet6", n)).toEqual({ ok: true, value: { address: "::ffff:10.1.2.3", port: 443 } });
  });
  it("refuses names, service names and IPv6 in IPv4 rows", () => {
    expect(parseEndpoint("localhost.25", "inet", n)).toEqual({ ok: false, reason: 'address "localhost" is not numeric (netstat was run without -n)' });
    expect(parseEndpoint("*.ssh", "inet", n)).toEqual({ ok: false, reason: 'port "ssh" is not a number (netstat was run without -n)' });
    expect(parseEndpoint("::1.22", "inet", n)).toEqual({ ok: false, reason: 'IPv6 address "::1" in an IPv4 row' });
    expect(parseEndpoint("1.2.3.4.70000", "inet", n)).toEqual({ ok: false, reason: 'port "70000" is not a number (netstat was run without -n)' });
    expect(parseEndpoint("1.2.3.256.1", "inet", n)).toEqual({ ok: false, reason: 'address "1.2.3.256" is not numeric (netstat was run without -n)' });
  });
  it("reads OpenBSD's port[rpcname]", () => {
    expect(parseEndpoint("*.2049[nfs]", "inet", n)).toEqual({ ok: true, value: { address: "0.0.0.0", port: 2049 } });
  });
  it("refuses what netstat may have cut", () => {
    // host cut to 16 characters (inet6print `%.16s`)
    expect(parseEndpoint("fe80::aede:48ff:.49154", "inet6", n)).toEqual({
      ok: false,
      reason: 'address "fe80::aede:48ff:" fills netstat\'s 16-character host field and may have been cut',
    });
    expect(parseEndpoint("2620:1ec:42::132.443", "inet6", n).ok).toBe(false);
    // -A: 18-wide column cut from the end, so a short port may have lost digits ...
    expect(parseEndpoint("192.168.1.221.5486", "inet", bsdCut(18))).toEqual({
      ok: false,
      reason: 'endpoint "192.168.1.221.5486" fills its 18-character column and its port may have been cut',
    });
    // ... but a 5-digit port is whole
    expect(parseEndpoint("192.168.71.1.64330", "inet", bsdCut(18))).toEqual({ ok: true, value: { address: "192.168.71.1", port: 64330 } });
    // 45-wide columns (-W, -l): the host may be 39 long
    expect(parseEndpoint("2001:db8:1234:5678:9abc:def0:1234:5.22", "inet6", bsdCut(45)).ok).toBe(true);
    // Solaris cuts nothing
    expect(parseEndpoint("2001:db8:1234:5678:9abc:def0:1234:5678.22", "inet6", NO_CUT).ok).toBe(true);
  });
  it("refuses text that is not host.port", () => {
    expect(parseEndpoint("12345", "inet", n)).toEqual({ ok: false, reason: 'endpoint "12345" is not host.port' });
  });
});

describe("canonicalAddress", () => {
  it("keeps IPv4 and refuses leading zeros as inet_pton does", () => {
    expect(canonicalAddress("10.0.0.1", "inet")).toBe("10.0.0.1");
    expect(canonicalAddress("010.0.0.1", "inet")).toBeNull();
  });
});

describe("parseProto", () => {
  it("reads macOS/FreeBSD version tags", () => {
    expect(parseProto("tcp4", null)).toEqual({ ok: true, value: { proto: "tcp", family: "inet", dualStack: false } });
    expect(parseProto("tcp6", null)).toEqual({ ok: true, value: { proto: "tcp", family: "inet6", dualStack: false } });
    expect(parseProto("tcp46", null)).toEqual({ ok: true, value: { proto: "tcp", family: "inet6", dualStack: true } });
    expect(parseProto("udp46", null)).toEqual({ ok: true, value: { proto: "udp", family: "inet6", dualStack: true } });
    expect(parseProto("icm4", null)).toEqual({ ok: true, value: { proto: "raw", family: "inet", dualStack: false } });
    expect(parseProto("icm6", null)).toEqual({ ok: true, value: { proto: "raw", family: "inet6", dualStack: false } });
    expect(parseProto("toe4", null)).toEqual({ ok: true, value: { proto: "tcp", family: "inet", dualStack: false } });
  });
  it("reads OpenBSD/NetBSD names with the family the caller knows", () => {
    expect(parseProto("tcp", "inet")).toEqual({ ok: true, value: { proto: "tcp", family: "inet", dualStack: false } });
    expect(parseProto("udp6", "inet")).toEqual({ ok: true, value: { proto: "udp", family: "inet6", dualStack: false } });
    expect(parseProto("ip6", "inet")).toEqual({ ok: true, value: { proto: "raw", family: "inet6", dualStack: false } });
    expect(parseProto("divert", "inet")).toEqual({ ok: true, value: { proto: "raw", family: "inet", dualStack: false } });
  });
  it("refuses unknown protocols and an untold family", () => {
    expect(parseProto("sctp4", null)).toEqual({ ok: false, reason: 'protocol "sctp4" is not known' });
    expect(parseProto("kevt", null)).toEqual({ ok: false, reason: 'protocol "kevt" is not known' });
    expect(parseProto("tcp", null)).toEqual({ ok: false, reason: 'protocol "tcp" does not say its address family' });
  });
});

describe("parseState", () => {
  it("maps every BSD tcpstates[] name to the Linux one", () => {
    const pairs = [
      ["CLOSED", "CLOSE"],
      ["LISTEN", "LISTEN"],
      ["SYN_SENT", "SYN_SENT"],
      ["SYN_RCVD", "SYN_RECV"],
      ["ESTABLISHED", "ESTABLISHED"],
      ["CLOSE_WAIT", "CLOSE_WAIT"],
      ["FIN_WAIT_1", "FIN_WAIT1"],
      ["CLOSING", "CLOSING"],
      ["LAST_ACK", "LAST_ACK"],
      ["FIN_WAIT_2", "FIN_WAIT2"],
      ["TIME_WAIT", "TIME_WAIT"],
    ] as const;
    for (const [bsd, linux] of pairs) expect(parseState(bsd, "bsd")).toEqual({ ok: true, value: linux });
  });
  it("reads FreeBSD's T/TCP hidden-state mark", () => {
    expect(parseState("SYN_SENT*", "bsd")).toEqual({ ok: true, value: "SYN_SENT" });
    expect(parseState("*", "bsd").ok).toBe(false);
  });
  it("maps NetBSD's compact (-A -n) names", () => {
    expect(parseState("SYSRCV", "netbsd")).toEqual({ ok: true, value: "SYN_RECV" });
    expect(parseState("FWAIT1", "netbsd")).toEqual({ ok: true, value: "FIN_WAIT1" });
    expect(parseState("TMWAIT", "netbsd")).toEqual({ ok: true, value: "TIME_WAIT" });
    expect(parseState("TMWAIT", "bsd").ok).toBe(false);
  });
  it("maps Solaris TCP and UDP states", () => {
    expect(parseState("IDLE", "solaris-tcp")).toEqual({ ok: true, value: "CLOSE" });
    expect(parseState("BOUND", "solaris-tcp")).toEqual({ ok: true, value: "CLOSE" });
    expect(parseState("SYN_RCVD", "solaris-tcp")).toEqual({ ok: true, value: "SYN_RECV" });
    expect(parseState("UnknownState(42)", "solaris-tcp")).toEqual({ ok: true, value: null });
    expect(parseState("Idle", "solaris-udp")).toEqual({ ok: true, value: "CLOSE" });
    expect(parseState("Unbound", "solaris-udp")).toEqual({ ok: true, value: "CLOSE" });
    expect(parseState("Connected", "solaris-udp")).toEqual({ ok: true, value: "ESTABLISHED" });
  });
  it("keeps a bare number as no name, and refuses Linux spellings in BSD text", () => {
    expect(parseState("12", "bsd")).toEqual({ ok: true, value: null });
    expect(parseState("FIN_WAIT1", "bsd")).toEqual({ ok: false, reason: 'state "FIN_WAIT1" is not known' });
    expect(parseState("LISTENING", "bsd").ok).toBe(false);
  });
});

describe("udpStateFromRemote", () => {
  it("is CLOSE for an unconnected socket and ESTABLISHED for a connected one", () => {
    expect(udpStateFromRemote({ address: "0.0.0.0", port: null })).toBe("CLOSE");
    expect(udpStateFromRemote({ address: "::", port: null })).toBe("CLOSE");
    expect(udpStateFromRemote({ address: "10.0.0.1", port: 53 })).toBe("ESTABLISHED");
  });
});

describe("parseUnixType", () => {
  it("reads BSD and illumos type names", () => {
    expect(parseUnixType("stream")).toBe("STREAM");
    expect(parseUnixType("stream-ord")).toBe("STREAM");
    expect(parseUnixType("dgram")).toBe("DGRAM");
    expect(parseUnixType("seqpac")).toBe("SEQPACKET");
    expect(parseUnixType("seqpacket")).toBe("SEQPACKET");
    expect(parseUnixType("rdm")).toBe("RDM");
    expect(parseUnixType("raw")).toBe("RAW");
    expect(parseUnixType("#0")).toBeNull();
  });
});
