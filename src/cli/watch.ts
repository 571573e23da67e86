// -c [SECONDS]: list again every interval until interrupted, as netstat -c does (each listing
// after the last); --changes: only the sockets that appeared (+) or went away (-) since the
// previous refresh, each line after its time. Ctrl-C ends the run between refreshes.

import type { Endpoint, Socket } from "../model.js";

/** What makes a socket the same socket from one refresh to the next (a state change is a - and a +). */
export function socketKey(s: Socket): string {
  if (s.proto === "unix") return `unix ${s.type} ${String(s.inode)} ${s.state ?? ""} ${s.path ?? ""}`;
  const end = (e: Endpoint): string => `${e.address}${e.scope === undefined ? "" : `%${e.scope}`}:${String(e.port)}`;
  return `${s.proto}/${s.family} ${end(s.local)} ${end(s.remote)} ${s.state ?? ""} ${String(s.inode)}`;
}

export interface Changes {
  readonly appeared: readonly Socket[];
  readonly gone: readonly Socket[];
}

/** The sockets of `now` not in `before` (appeared) and those of `before` not in `now` (gone), each in listing order. */
export function diffSockets(before: ReadonlyMap<string, Socket>, now: ReadonlyMap<string, Socket>): Changes {
  const appeared: Socket[] = [];
  const gone: Socket[] = [];
  for (const [k, s] of now) if (!before.has(k)) appeared.push(s);
  for (const [k, s] of before) if (!now.has(k)) gone.push(s);
  return { appeared, gone };
}

export const keyed = (sockets: Iterable<Socket>): Map<string, Socket> => {
  const m = new Map<string, Socket>();
  for (const s of sockets) m.set(socketKey(s), s);
  return m;
};

/** Local time of day with milliseconds, the stamp of a --changes line ("14:03:07.250"). */
export function timeOfDay(d: Date): string {
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, "0")}`;
}

/** What repeat() answers after Ctrl-C: 128 + SIGINT; the entry point then ends by SIGINT itself. */
export const INTERRUPTED = 130;

/**
 * Run `refresh` now and then every `seconds` until it returns non-zero or SIGINT comes; the
 * interval is measured from the start of one refresh to the next. Resolves to the exit status.
 */
export async function repeat(seconds: number, refresh: () => Promise<number>): Promise<number> {
  let interrupted = false;
  let wake: (() => void) | null = null;
  const onInt = (): void => {
    interrupted = true;
    wake?.();
  };
  process.on("SIGINT", onInt);
  try {
    for (;;) {
      const started = Date.now();
      const code = await refresh();
      if (code !== 0) return code;
      if (interrupted) return INTERRUPTED;
      const wait = Math.max(0, started + seconds * 1000 - Date.now());
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
      if (interrupted) return INTERRUPTED;
    }
  } finally {
    process.off("SIGINT", onInt);
  }
}
