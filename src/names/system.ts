// The names of this system: the /etc files and the resolver, read once per process and cached
// across the refreshes of -c. Every distinct address is looked up at most once, all lookups run
// at the same time, and none is waited for longer than the timeout: what is not known by then
// prints numerically.

import { readFileSync } from "node:fs";
import { escapeText } from "../format/escape.js";
import type { NameLookup, ServiceTable } from "./lookup.js";
import type { HostsEntry, NetworkEntry, NssService, ResolvOptions, ServiceTables } from "./etc.js";
import {
  DEFAULT_HOSTS,
  parseHosts,
  parseNetworks,
  parseNssServices,
  parseNsswitch,
  parsePasswd,
  parseProtocols,
  parseResolvConf,
  parseResolvOptions,
  parseServices,
  serviceTables,
} from "./etc.js";
import { hostsByAddr, isNetworkAddress, netstatHostName, networkNumber, networksByAddr } from "./hosts.js";
import { dnsUnmapped, parseAddress, ptrName } from "./inet.js";
import type { ParsedAddress } from "./inet.js";
import type { PtrAnswer } from "./resolver.js";
import { getentHosts, dnsPtrResolver } from "./resolver.js";

export interface SystemNamesRequest {
  readonly hosts: boolean;
  readonly ports: boolean;
  readonly users: boolean;
  /** Every distinct numeric address that will be shown (model spelling). */
  readonly addresses: Iterable<string>;
  readonly timeoutMs: number;
  /** Where /etc is ("/etc"); tests point it elsewhere. */
  readonly etc: string;
}

const readText = (path: string): string | null => {
  try {
    return readFileSync(path, "latin1");
  } catch {
    return null;
  }
};

/** What one /etc tree says, read lazily and kept for the life of the process. */
class EtcNames {
  private services: ServiceTables | null = null;
  private users: Map<number, string> | null = null;
  private hostsFile: HostsEntry[] | null | undefined;
  private networksFile: NetworkEntry[] | undefined;
  private nss: Map<string, NssService[]> | undefined;
  /** Host names already known (null: shown numerically), across -c refreshes. */
  readonly hostCache = new Map<string, string | null>();

  constructor(readonly etc: string) {}

  serviceTables(): ServiceTables {
    if (this.services === null) {
      const services = parseServices(readText(`${this.etc}/services`) ?? "", `${this.etc}/services`).records;
      const protocols = parseProtocols(readText(`${this.etc}/protocols`) ?? "", `${this.etc}/protocols`).records;
      this.services = serviceTables(services, protocols);
    }
    return this.services;
  }

  private nsswitch(): Map<string, NssService[]> {
    this.nss ??= parseNsswitch(readText(`${this.etc}/nsswitch.conf`) ?? "");
    return this.nss;
  }

  userNames(): Map<number, string> {
    if (this.users === null) {
      const users = new Map<number, string>();
      for (const e of parsePasswd(readText(`${this.etc}/passwd`) ?? "", `${this.etc}/passwd`).records) {
        if (!users.has(e.uid)) users.set(e.uid, e.name);
      }
      // nss-systemd always knows root and nobody, even when /etc/passwd does not
      if ((this.nsswitch().get("passwd") ?? []).some((s) => s.name === "systemd")) {
        if (!users.has(0)) users.set(0, "root");
        if (!users.has(65534)) users.set(65534, "nobody");
      }
      this.users = users;
    }
    return this.users;
  }

  hostsServices(): NssService[] {
    return this.nsswitch().get("hosts") ?? parseNssServices(DEFAULT_HOSTS);
  }

  /** files-hosts.c's view: null when /etc/hosts cannot be read (NSS "unavail"). */
  hosts(): HostsEntry[] | null {
    if (this.hostsFile === undefined) {
      const text = readText(`${this.etc}/hosts`);
      this.hostsFile = text === null ? null : parseHosts(text, `${this.etc}/hosts`).records;
    }
    return this.hostsFile;
  }

  networks(): NetworkEntry[] {
    this.networksFile ??= parseNetworks(readText(`${this.etc}/networks`) ?? "", `${this.etc}/networks`).records;
    return this.networksFile;
  }

  /** The name servers and options of resolv.conf; glibc's res_init.c also reads getenv("RES_OPTIONS"), after the file. */
  resolvConf(): { servers: string[]; options: ResolvOptions } {
    const text = readText(`${this.etc}/resolv.conf`) ?? "";
    return { servers: parseResolvConf(text), options: parseResolvOptions(text, process.env.RES_OPTIONS) };
  }
}

const trees = new Map<string, EtcNames>();
const treeFor = (etc: string): EtcNames => {
  let t = trees.get(etc);
  if (t === undefined) {
    t = new EtcNames(etc);
    trees.set(etc, t);
  }
  return t;
};

/** The hosts modules tsnetstat answers itself; any other makes it ask `getent hosts` (glibc gethostbyaddr, as netstat does). */
const OWN_MODULES = new Set(["files", "dns"]);

export async function systemNames(req: SystemNamesRequest): Promise<NameLookup> {
  const tree = treeFor(req.etc);
  const hostNames = req.hosts ? await resolveHosts(tree, req.addresses, req.timeoutMs) : new Map<string, string | null>();
  const tables = req.ports ? tree.serviceTables() : null;
  const users = req.users ? tree.userNames() : null;
  // names from files and servers are untrusted text, escaped as program names are (netstat prints
  // their bytes raw: a hosts line or a PTR answer could drive the terminal)
  const safe = (name: string | null | undefined): string | null => (name === null || name === undefined ? null : escapeText(name));
  return {
    host: (address: string) => safe(hostNames.get(address)),
    service: (port: number, table: ServiceTable) => safe(tables?.[table].get(port)),
    user: (uid: number) => safe(users?.get(uid)),
  };
}

/** Look every address not yet known up at once; whatever is not answered within `timeoutMs` stays numeric. */
async function resolveHosts(tree: EtcNames, addresses: Iterable<string>, timeoutMs: number): Promise<Map<string, string | null>> {
  const todo = [...new Set(addresses)].filter((a) => !tree.hostCache.has(a));
  if (todo.length > 0) {
    const chain = tree.hostsServices();
    const own = chain.every((s) => OWN_MODULES.has(s.name));
    const needDns = own && chain.some((s) => s.name === "dns");
    const conf = needDns ? tree.resolvConf() : null;
    const resolver = conf === null ? null : dnsPtrResolver(conf.servers, timeoutMs, conf.options);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    const found = new Map<string, string | null>();
    // with modules tsnetstat does not know, the leading "files" entries are still answered here
    // and only what they do not settle goes to the system resolver
    const lead = own ? [] : chain.slice(0, chain.findIndex((s) => s.name !== "files"));
    const settled = new Map<string, string | null>();
    if (!own) {
      for (const address of todo) {
        const early = leadingFiles(tree, lead, address);
        if (early !== undefined) settled.set(address, early);
      }
    }
    const system = own ? null : getentHosts(todo.filter((a) => !settled.has(a) && needsResolver(a)));
    const lookups = todo.map(async (address) => {
      const name = settled.has(address)
        ? (settled.get(address) ?? null)
        : await lookupHost(tree, chain, address, resolver === null ? null : (q) => resolver.ptr(q), system?.found ?? null);
      found.set(address, name);
    });
    await Promise.race([Promise.all(lookups), deadline]);
    clearTimeout(timer);
    resolver?.close();
    system?.close();
    for (const address of todo) tree.hostCache.set(address, found.get(address) ?? null);
  }
  return tree.hostCache;
}

/**
 * The answer of the "files" entries at the head of a hosts chain, or undefined when they let the
 * lookup go on (a name or null when one of them ends it).
 */
function leadingFiles(tree: EtcNames, lead: readonly NssService[], address: string): string | null | undefined {
  const parsed = parseAddress(address);
  if (parsed === null || !needsResolver(address)) return undefined;
  for (const service of lead) {
    const answer = filesAnswer(tree, parsed);
    if (service.actions[answer.status] === "return") return answer.name === null ? null : netstatHostName(parsed.family, answer.name);
  }
  return undefined;
}

/** The "files" module's answer for an address (files-hosts.c): /etc/hosts, or "unavail" when it cannot be read. */
function filesAnswer(tree: EtcNames, parsed: ParsedAddress): PtrAnswer {
  const hosts = tree.hosts();
  if (hosts === null) return { status: "unavail", name: null };
  const name = hostsByAddr(hosts, parsed);
  return { status: name === null ? "notfound" : "success", name };
}

/** Whether netstat would ask the hosts database about an address at all. */
function needsResolver(address: string): boolean {
  const parsed = parseAddress(address);
  return parsed !== null && !parsed.bytes.every((b) => b === 0) && !(parsed.family === 4 && isNetworkAddress(parsed.bytes));
}

/** One address through the hosts chain of nsswitch.conf, with netstat's rules around it. */
async function lookupHost(
  tree: EtcNames,
  chain: readonly NssService[],
  address: string,
  ptr: ((qname: string) => Promise<PtrAnswer>) | null,
  system: Promise<Map<string, string>> | null,
): Promise<string | null> {
  const parsed = parseAddress(address);
  if (parsed === null || parsed.bytes.every((b) => b === 0)) return null;
  if (parsed.family === 4 && isNetworkAddress(parsed.bytes)) {
    return networksByAddr(tree.networks(), networkNumber(parsed.bytes));
  }
  let name: string | null = null;
  if (system !== null) {
    name = (await system).get(address) ?? null;
  } else {
    for (const service of chain) {
      let answer: PtrAnswer;
      if (service.name === "files") {
        answer = filesAnswer(tree, parsed);
      } else if (ptr !== null) {
        answer = await ptr(ptrName(parsed.family === 6 ? (dnsUnmapped(parsed.bytes) ?? parsed.bytes) : parsed.bytes));
      } else {
        answer = { status: "unavail", name: null };
      }
      if (service.actions[answer.status] === "return") {
        name = answer.status === "success" ? answer.name : null;
        break;
      }
    }
  }
  return name === null ? null : netstatHostName(parsed.family, name);
}

/** getnetbyaddr through files (glibc files-network.c): the name /etc/networks gives a network number (host order). */
export function networkName(etc: string, net: number): string | null {
  return networksByAddr(treeFor(etc).networks(), net);
}
