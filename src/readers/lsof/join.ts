// The owner join: a netstat listing says which sockets exist, lsof says which processes hold
// which sockets; this gives each listed socket the owners lsof found for it. Pure.
//
// A socket is the same in both when they share an identity both print: the kernel address
// (FreeBSD/macOS netstat -A / the UNIX Address column, and lsof's DEVICE), else the inode (Linux),
// else, for Internet sockets, protocol and both endpoints (address and port; an IPv6 scope is left
// out, since netstat names it "lo0" where lsof gives its number). Endpoints alone cannot tell
// apart two sockets bound alike (SO_REUSEPORT listeners): such sockets all get the owners of all
// of them, and the join says how many were ambiguous.

import type { InetSocket, Owner, OwnerStatus, Socket } from "../../model.js";

export interface OwnerJoin {
  /** The listed sockets, in their order, each with the owners found for it and `ownerStatus`. */
  readonly sockets: Socket[];
  /** Sockets lsof saw that the listing does not have (opened or closed between the two runs). */
  readonly unmatched: Socket[];
  /** Listed sockets that share protocol and endpoints with another, whose owners were merged. */
  readonly ambiguous: number;
}

/**
 * The kernel address in one spelling: netstat prints it bare on macOS and FreeBSD ("fffff80003abf000",
 * inet.c/unix.c `%16lx`) and with "0x" on OpenBSD (`%#18lx`); lsof's DEVICE always has "0x" (lsof(8) DEVICE).
 */
const pcbOf = (s: Socket): string | null => {
  const pcb = s.detail.source === "proc" ? null : s.detail.pcb;
  if (pcb === null) return null;
  const bare = pcb.toLowerCase().replace(/^0x/, "").replace(/^0+(?=.)/, "");
  // OpenBSD shows unprivileged users 0x0 for every address (spec bsd-solaris.md §4): no identity
  return bare === "0" ? null : bare;
};

const endpointsKey = (s: InetSocket): string =>
  `${s.proto} ${s.local.address}:${s.local.port ?? "*"} ${s.remote.address}:${s.remote.port ?? "*"}`;

/** The keys a socket can be found by, strongest first. */
function keysOf(s: Socket): string[] {
  const keys: string[] = [];
  const pcb = pcbOf(s);
  if (pcb !== null) keys.push(`pcb ${s.proto === "unix" ? "unix" : "inet"} ${pcb}`);
  if (s.inode !== null && s.inode !== 0) keys.push(`inode ${s.proto === "unix" ? "unix" : "inet"} ${s.inode}`);
  if (s.proto !== "unix") keys.push(`ends ${endpointsKey(s)}`);
  return keys;
}

/**
 * Attach to each socket of `listed` the owners of the `holders` (lsof's sockets) that are the
 * same socket. `ownerStatus` is what lsof's view was worth ("complete" when it ran as root).
 */
export function joinOwners(listed: readonly Socket[], holders: readonly Socket[], ownerStatus: OwnerStatus): OwnerJoin {
  const index = new Map<string, number[]>();
  holders.forEach((h, i) => {
    for (const k of keysOf(h)) {
      const list = index.get(k);
      if (list === undefined) index.set(k, [i]);
      else list.push(i);
    }
  });
  const listedEnds = new Map<string, number>();
  for (const s of listed) if (s.proto !== "unix") listedEnds.set(endpointsKey(s), (listedEnds.get(endpointsKey(s)) ?? 0) + 1);

  const used = new Set<number>();
  let ambiguous = 0;
  const sockets = listed.map((s): Socket => {
    let found: number[] = [];
    for (const k of keysOf(s)) {
      const hits = index.get(k);
      if (hits === undefined) continue;
      found = hits;
      if (k.startsWith("ends ") && (hits.length > 1 || (listedEnds.get(k.slice(5)) ?? 0) > 1)) ambiguous++;
      break;
    }
    const owners: Owner[] = [];
    for (const i of found) {
      used.add(i);
      for (const o of holders[i]?.owners ?? []) if (!owners.some((x) => x.pid === o.pid && x.fd === o.fd)) owners.push(o);
    }
    return { ...s, owners, ownerStatus };
  });
  const unmatched = holders.filter((_, i) => !used.has(i));
  return { sockets, unmatched, ambiguous };
}
