// Services that are normally reached only from the machine itself (or a private network): bound to
// every address they are an open door. Ports are the IANA registry's assignments unless the line
// says otherwise. Pure data.

export interface LocalService {
  readonly proto: "tcp" | "udp";
  readonly low: number;
  readonly high: number;
  readonly what: string;
}

const one = (proto: "tcp" | "udp", port: number, what: string): LocalService => ({ proto, low: port, high: port, what });

export const LOCAL_SERVICES: readonly LocalService[] = [
  one("tcp", 3306, "MySQL/MariaDB database"),
  one("tcp", 5432, "PostgreSQL database"),
  one("tcp", 1433, "Microsoft SQL Server database"),
  one("tcp", 1521, "Oracle database listener"),
  one("tcp", 27017, "MongoDB database"),
  one("tcp", 5984, "CouchDB database"),
  one("tcp", 9042, "Cassandra native protocol (cassandra.yaml native_transport_port)"),
  one("tcp", 9200, "Elasticsearch HTTP API (Elasticsearch docs: http.port)"),
  one("tcp", 8086, "InfluxDB HTTP API (InfluxDB docs: http-bind-address)"),
  one("tcp", 6379, "Redis cache"),
  one("tcp", 11211, "memcached cache"),
  one("udp", 11211, "memcached cache (UDP: a reflection amplifier, CVE-2018-1000115)"),
  one("tcp", 2181, "ZooKeeper"),
  one("tcp", 2379, "etcd client API"),
  one("tcp", 2375, "Docker daemon API without TLS: root on the host for anyone who connects"),
  one("tcp", 2376, "Docker daemon API"),
  // X(7): display N listens on TCP port 6000+N
  { proto: "tcp", low: 6000, high: 6063, what: "X11 display server" },
  one("tcp", 9229, "Node.js inspector (node --inspect default, Node.js debugging guide)"),
  one("tcp", 9222, "Chrome DevTools remote debugging (--remote-debugging-port, conventional)"),
  one("tcp", 5678, "Python debugpy (debugpy docs: default listen port)"),
  one("tcp", 631, "CUPS printing (cupsd.conf: Listen localhost:631 by default)"),
];

export function localService(proto: string, port: number): LocalService | null {
  return LOCAL_SERVICES.find((s) => s.proto === proto && port >= s.low && port <= s.high) ?? null;
}
