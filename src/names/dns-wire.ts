// DNS messages for reverse lookups, encoded and decoded as glibc's stub resolver does
// (resolv/res_mkquery.c, res_send.c, nss_dns/dns-host.c getanswer_r). Pure, no I/O.

// RFC 1035 3.2.2 TYPE and 3.2.4 CLASS values (arpa/nameser.h ns_t_ptr, ns_t_cname, ns_c_in)
const T_PTR = 12;
const T_CNAME = 5;
const C_IN = 1;

/** A standard recursive query (RD set) for the PTR records of `name`. */
export function encodePtrQuery(id: number, name: string): Uint8Array {
  const labels = name.split(".").filter((l) => l !== "");
  const size = 12 + labels.reduce((n, l) => n + 1 + l.length, 0) + 1 + 4;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint16(0, id);
  view.setUint16(2, 0x0100); // RD
  view.setUint16(4, 1); // QDCOUNT
  let at = 12;
  for (const l of labels) {
    out[at++] = l.length;
    for (let i = 0; i < l.length; i++) out[at++] = l.charCodeAt(i) & 0xff;
  }
  out[at++] = 0;
  view.setUint16(at, T_PTR);
  view.setUint16(at + 2, C_IN);
  return out;
}

/** A domain name in wire form, as the raw label bytes. */
type Labels = Uint8Array[];

/** ns_name_unpack: the labels at `at` (following compression pointers) and the bytes they use there. */
function unpackName(msg: Uint8Array, at: number): { labels: Labels; next: number } | null {
  const labels: Labels = [];
  let next = -1;
  let pos = at;
  let hops = 0;
  let length = 0;
  for (;;) {
    if (pos >= msg.length) return null;
    const len = msg[pos] ?? 0;
    if ((len & 0xc0) === 0xc0) {
      if (pos + 1 >= msg.length) return null;
      if (next < 0) next = pos + 2;
      pos = ((len & 0x3f) << 8) | (msg[pos + 1] ?? 0);
      if (++hops > msg.length) return null; // a loop
      continue;
    }
    if ((len & 0xc0) !== 0) return null; // extended label types
    if (len === 0) {
      if (next < 0) next = pos + 1;
      return length + 1 > 255 ? null : { labels, next };
    }
    if (pos + 1 + len > msg.length) return null;
    labels.push(msg.subarray(pos + 1, pos + 1 + len));
    length += len + 1;
    pos += len + 1;
  }
}

/** ns_name_ntop: labels to text, escaping special and non-printable bytes; the root is ".". */
function nameText(labels: Labels): string {
  if (labels.length === 0) return ".";
  return labels
    .map((l) => {
      let s = "";
      for (const c of l) {
        if (c === 0x22 || c === 0x2e || c === 0x3b || c === 0x5c || c === 0x28 || c === 0x29 || c === 0x40 || c === 0x24) {
          s += `\\${String.fromCharCode(c)}`;
        } else if (c > 0x20 && c < 0x7f) s += String.fromCharCode(c);
        else s += `\\${String(c).padStart(3, "0")}`;
      }
      return s;
    })
    .join(".");
}

/** res_hnok: a host name: labels of letters, digits, '-' and '_', not starting with '-'. */
function hostnameOk(labels: Labels): boolean {
  const first = labels[0];
  if (first !== undefined && first[0] === 0x2d) return false;
  return labels.every((l) =>
    l.every((c) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x5f),
  );
}

/** glibc's MAXHOSTNAMELEN: a CNAME target in a PTR answer must be shorter. */
const MAXHOSTNAMELEN = 64;

export type PtrResult =
  | { readonly kind: "name"; readonly name: string }
  /** NXDOMAIN or no PTR record (NSS "notfound"). */
  | { readonly kind: "notfound" }
  /** A malformed or unusable answer, or an rcode not listed here (NSS "tryagain"/"unavail": numeric, but try elsewhere). */
  | { readonly kind: "tryagain" }
  /** Ask the next name server (SERVFAIL, NOTIMP, REFUSED: res_send moves on). */
  | { readonly kind: "next-server" }
  /** Not an answer to this query (wrong id or question): keep waiting. */
  | { readonly kind: "ignore" }
  /** Truncated (the TC bit, over UDP only): ask the same server again over TCP, as res_send does. */
  | { readonly kind: "truncated" };

/**
 * How the response came: over UDP res_send's send_dg checks it against the query; over TCP send_vc
 * takes any message with the query's id, whatever its flags, question or rcode (resolv/res_send.c).
 */
export type Transport = "udp" | "tcp";

const lower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * What glibc makes of a response to `encodePtrQuery(id, qname)`: res_send's checks (id, question),
 * res_query's (rcode, answer count), then getanswer_r for T_PTR: CNAMEs move the expected owner,
 * the first PTR record owned by it gives the name, which must be a valid host name.
 */
export function decodePtrResponse(msg: Uint8Array, id: number, qname: string, transport: Transport = "udp"): PtrResult {
  // send_vc: a message shorter than a header is EMSGSIZE, and the next server is asked
  if (msg.length < 12) return { kind: transport === "tcp" ? "next-server" : "ignore" };
  const view = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  // send_vc skips a message with another id and reads the next one, as send_dg waits for another datagram
  if (view.getUint16(0) !== id) return { kind: "ignore" };
  return transport === "tcp" ? decodeTcp(msg, view, qname) : decodeUdp(msg, view, qname);
}

/** send_dg's checks: a response (QR), to the same single question; then the rcodes it acts on itself. */
function decodeUdp(msg: Uint8Array, view: DataView, qname: string): PtrResult {
  const flags = view.getUint16(2);
  if ((flags & 0x8000) === 0) return { kind: "ignore" };
  // res_queriesmatch: the same single question (names compared case-insensitively)
  if (view.getUint16(4) !== 1) return { kind: "ignore" };
  const q = unpackName(msg, 12);
  if (q === null || q.next + 4 > msg.length) return { kind: "ignore" };
  if (lower(nameText(q.labels)) !== lower(qname.replace(/\.$/, "")) || view.getUint16(q.next) !== T_PTR || view.getUint16(q.next + 2) !== C_IN) {
    return { kind: "ignore" };
  }
  const rcode = flags & 0x000f;
  if (rcode === 2 || rcode === 4 || rcode === 5) return { kind: "next-server" };
  // send_dg: TC set (and no RES_IGNTC) is retried over TCP, whatever the answer holds
  if (flags & 0x0200) return { kind: "truncated" };
  return decodeAnswer(msg, view, q.next + 4, qname);
}

/**
 * send_vc checks nothing but the id: the QR and TC bits and the rcode are not looked at there (a
 * SERVFAIL over TCP is the answer, no next server). getanswer_r needs one question that unpacks,
 * and matches owners against the name asked, not against the question.
 */
function decodeTcp(msg: Uint8Array, view: DataView, qname: string): PtrResult {
  if (view.getUint16(4) !== 1) return { kind: "tryagain" };
  const q = unpackName(msg, 12);
  if (q === null || q.next + 4 > msg.length) return { kind: "tryagain" };
  return decodeAnswer(msg, view, q.next + 4, qname);
}

/** res_query's rcode and answer count checks, then getanswer_r's walk of the answers from `start`. */
function decodeAnswer(msg: Uint8Array, view: DataView, start: number, qname: string): PtrResult {
  const rcode = view.getUint16(2) & 0x000f;
  const ancount = view.getUint16(6);
  if (rcode === 3) return { kind: "notfound" };
  if (rcode !== 0) return { kind: "tryagain" };
  if (ancount === 0) return { kind: "notfound" };

  let expected = lower(qname.replace(/\.$/, ""));
  let at = start;
  for (let i = 0; i < ancount && at < msg.length; i++) {
    const owner = unpackName(msg, at);
    if (owner === null || owner.next + 10 > msg.length) return { kind: "tryagain" };
    at = owner.next;
    const type = view.getUint16(at);
    const klass = view.getUint16(at + 2);
    const rdlength = view.getUint16(at + 8);
    const rdata = at + 10;
    if (rdata + rdlength > msg.length) return { kind: "tryagain" };
    at = rdata + rdlength;
    if (klass !== C_IN) continue;
    if (type === T_CNAME) {
      const target = unpackName(msg, rdata);
      if (target === null) return { kind: "tryagain" };
      const text = nameText(target.labels);
      if (text.length + 1 >= MAXHOSTNAMELEN) return { kind: "tryagain" };
      expected = lower(text);
      continue;
    }
    if (type !== T_PTR || lower(nameText(owner.labels)) !== expected) continue;
    const target = unpackName(msg, rdata);
    if (target === null || !hostnameOk(target.labels)) return { kind: "tryagain" };
    return { kind: "name", name: nameText(target.labels) };
  }
  return { kind: "tryagain" };
}
