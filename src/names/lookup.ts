// The names a formatter may show instead of numbers. Lookups here are synchronous: anything slow
// (DNS) is resolved before formatting starts, so printing never waits on the network.

/** Service tables as net-tools keeps them: tcp6 uses tcp, udp6/udplite use udp, raw6 uses raw. */
export type ServiceTable = "tcp" | "udp" | "raw";

export interface NameLookup {
  /** The name for a numeric address (as the model spells it), or null to show it numerically. */
  host(address: string): string | null;
  /** The service name of a port (for raw sockets: the protocol name of a protocol number), or null. */
  service(port: number, table: ServiceTable): string | null;
  /** The login name for a uid, or null. */
  user(uid: number): string | null;
}

/** Everything numeric: what -n asks for, and what tests use when names are not the point. */
export const NUMERIC_NAMES: NameLookup = {
  host: () => null,
  service: () => null,
  user: () => null,
};
