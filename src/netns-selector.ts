// --netns: which network namespaces to read. Pure, and no platform's: the CLI parses the flag into
// this, a reader that has namespaces (Linux) resolves it.

/** What `--netns` asks for. */
export type NetnsSelector =
  | { readonly kind: "all" }
  /** an `ip netns` name (a file under /run/netns) */
  | { readonly kind: "name"; readonly name: string }
  /** the namespace of this process */
  | { readonly kind: "pid"; readonly pid: number };

/**
 * `--netns all|NAME|PID`: digits are a pid, "all" is every namespace, anything else an `ip netns`
 * name; null for a value that can be none of these (empty, or with a "/": ip-netns(8) names are
 * file names under /run/netns).
 */
export function parseNetnsSelector(value: string): NetnsSelector | null {
  if (value === "all") return { kind: "all" };
  if (/^[0-9]+$/.test(value)) {
    const pid = Number(value);
    return pid > 0 && pid <= 0x7fffffff ? { kind: "pid", pid } : null;
  }
  if (value.length === 0 || value.includes("/") || value.includes("\0") || value === "." || value === "..") return null;
  return { kind: "name", name: value };
}
