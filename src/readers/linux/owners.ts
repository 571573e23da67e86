// Pure helpers for mapping sockets to processes on Linux: no I/O here (see proc-fs.ts).

import { decodeBytes } from "../../text.js";

/**
 * The socket inode named by a /proc/<pid>/fd link target, or -1 when the fd is not a socket.
 * Targets are "socket:[12345]" (fs/proc/fd.c via d_path of sockfs, net/socket.c sockfs_dname);
 * net-tools also accepts the older "[0000]:12345" form, and so do we. As in netstat's
 * extract_type_1/2_socket_inode, the whole rest of the target must be the number (and the
 * closing "]"): "socket:[12a]" or "[0000]:12x" are not sockets.
 */
export function socketInodeOfLink(target: string): number {
  let start: number;
  let end = target.length;
  if (target.startsWith("socket:[")) {
    if (!target.endsWith("]")) return -1;
    start = 8;
    end--;
  } else if (target.startsWith("[0000]:")) start = 7;
  else return -1;
  // inodes are unsigned 32-bit on Linux (get_next_ino); 15 digits keep the value exact
  if (end <= start || end - start > 15) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = target.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** netstat reads at most this much of /proc/<pid>/cmdline (a 512-byte buffer, netstat.c prg_cache_load). */
export const NETSTAT_CMDLINE_MAX = 511;

/**
 * The program name netstat shows for a process: argv[0] (the cmdline up to its first NUL, from the
 * first 511 bytes), and only the part after the last "/" when argv[0] starts with "/".
 */
export function programFromCmdline(cmdline: Buffer): string {
  const head = cmdline.subarray(0, NETSTAT_CMDLINE_MAX);
  let end = head.indexOf(0);
  if (end < 0) end = head.length;
  const argv0 = head.subarray(0, end);
  if (argv0[0] === 0x2f) {
    const slash = argv0.lastIndexOf(0x2f);
    return decodeBytes(argv0.subarray(slash + 1));
  }
  return decodeBytes(argv0);
}

/** The whole command line, NUL-separated arguments joined by single spaces; null when empty. */
export function cmdlineText(cmdline: Buffer): string | null {
  let end = cmdline.length;
  while (end > 0 && cmdline[end - 1] === 0) end--;
  if (end === 0) return null;
  const copy = Buffer.from(cmdline.subarray(0, end));
  for (let i = 0; i < copy.length; i++) if (copy[i] === 0) copy[i] = 0x20;
  return decodeBytes(copy);
}

/** /proc/<pid>/comm without its trailing newline; null when empty. */
export function commText(comm: Buffer): string | null {
  let end = comm.length;
  if (end > 0 && comm[end - 1] === 0x0a) end--;
  return end === 0 ? null : decodeBytes(comm.subarray(0, end));
}

/** True for a /proc entry that names a process (all decimal digits). */
export function isPidName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
