// Notes for stderr about table columns a source cannot fill: the table prints "-" there, as netstat
// prints "-" for an owner it cannot tell, and says why once per column (not once per row). Pure: it
// reads only neutral model fields, and the source is named by the reader (Snapshot.origin).

import type { InetSocket, UnixSocket } from "../model.js";

export interface ColumnsShown {
  /** -e: User and Inode. */
  readonly extend: boolean;
  /** -o: Timer. */
  readonly timers: boolean;
}

const count = (n: number): string => `${n} socket${n === 1 ? "" : "s"}`;

/** Counts, row by row (rows may be printed as they are read), the sockets with an unknown column. */
export class UnknownColumns {
  private queues = 0;
  private users = 0;
  private timers = 0;
  private unix = 0;

  readonly addInet = (s: InetSocket): void => {
    if (s.recvQ === null || s.sendQ === null) this.queues++;
    if (s.uid === null || s.inode === null) this.users++;
    if (s.detail.source !== "proc") this.timers++;
  };

  addUnix(s: UnixSocket): void {
    if (s.inode === null || s.detail.source !== "proc") this.unix++;
  }

  /** One line (with its newline) per shown column that printed "-" for some socket, naming `origin`; "" when none. */
  notes(shown: ColumnsShown, origin: string): string {
    const notes: string[] = [];
    const say = (n: number, what: string, columns: string): void => {
      if (n > 0) notes.push(`tsnetstat: ${origin} gives no ${what} for ${count(n)}: ${columns} "-" there\n`);
    };
    say(this.queues, "queue sizes", "Recv-Q and Send-Q show");
    if (shown.extend) say(this.users, "owner uid or inode", "User and Inode show");
    if (shown.timers) say(this.timers, "timers", "Timer shows");
    say(this.unix, "reference count or inode of UNIX sockets", "RefCnt and I-Node show");
    return notes.join("");
  }
}
