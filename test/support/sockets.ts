// Sockets as the Linux reader builds them, from the fields of a /proc/net line, for tests of the
// code that reads the model (select, format, JSON): a /proc/net file name ("tcp6") gives the
// transport and family; stateCode and timer (or refCnt, flags, protocol, typeCode, stateCode for
// UNIX) go into the Linux detail.

import type { InetSocket, LinuxTimer, Owner, OwnerStatus, TcpState, UnixFlag, UnixSocket, UnixState, UnixType, Endpoint, ProcInetTable } from "../../src/model.js";
import { PROC_INET_TABLES } from "../../src/model.js";

export interface LinuxInetFields {
  readonly proto: ProcInetTable;
  readonly local?: Endpoint;
  readonly remote?: Endpoint;
  readonly state?: TcpState | null;
  readonly stateCode?: number;
  readonly recvQ?: number | null;
  readonly sendQ?: number | null;
  readonly uid?: number | null;
  readonly inode?: number | null;
  readonly timer?: LinuxTimer;
  readonly owners?: readonly Owner[];
  readonly ownerStatus?: OwnerStatus;
}

export const IDLE_TIMER: LinuxTimer = { kind: 0, ticks: 0, retransmits: 0, probes: 0 };

/** A Linux Internet socket; defaults: a TCP listener on 127.0.0.1:9001, inode 1486245. */
export function linuxInet(f: LinuxInetFields): InetSocket {
  const { proto, family } = PROC_INET_TABLES[f.proto];
  return {
    proto,
    family,
    local: f.local ?? { address: "127.0.0.1", port: 9001 },
    remote: f.remote ?? { address: "0.0.0.0", port: null },
    state: f.state === undefined ? "LISTEN" : f.state,
    recvQ: f.recvQ === undefined ? 0 : f.recvQ,
    sendQ: f.sendQ === undefined ? 0 : f.sendQ,
    uid: f.uid === undefined ? 0 : f.uid,
    inode: f.inode === undefined ? 1486245 : f.inode,
    detail: { source: "proc", platform: "linux", stateCode: f.stateCode ?? 10, timer: f.timer ?? IDLE_TIMER },
    owners: f.owners ?? [],
    ownerStatus: f.ownerStatus ?? "not-read",
  };
}

export interface LinuxUnixFields {
  readonly type?: UnixType;
  readonly state?: UnixState | null;
  readonly path?: string | null;
  readonly inode?: number | null;
  readonly refCnt?: number;
  readonly flags?: readonly UnixFlag[];
  readonly protocol?: number;
  readonly typeCode?: number;
  readonly stateCode?: number;
  readonly owners?: readonly Owner[];
  readonly ownerStatus?: OwnerStatus;
}

/** A Linux UNIX socket; defaults: a connected stream socket, refcount 3, inode 1144973, unnamed. */
export function linuxUnix(f: LinuxUnixFields = {}): UnixSocket {
  return {
    proto: "unix",
    type: f.type ?? "STREAM",
    state: f.state === undefined ? "CONNECTED" : f.state,
    path: f.path === undefined ? null : f.path,
    inode: f.inode === undefined ? 1144973 : f.inode,
    detail: {
      source: "proc",
      platform: "linux",
      refCnt: f.refCnt ?? 3,
      flags: f.flags ?? [],
      protocol: f.protocol ?? 0,
      typeCode: f.typeCode ?? 1,
      stateCode: f.stateCode ?? 3,
    },
    owners: f.owners ?? [],
    ownerStatus: f.ownerStatus ?? "not-read",
  };
}
