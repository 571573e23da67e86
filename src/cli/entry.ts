// The program: run the command on this process's arguments and exit with its status.
// main.ts only defines the command, so tests can run it in-process.

import { EXIT_FAILURE } from "./args.js";
import { main } from "./main.js";
import { OutputClosed, writeAll } from "./output.js";

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // stdout closed by the reader (| head): the output was not wanted any more
    if (err instanceof OutputClosed) process.exit(0);
    const message = err instanceof Error ? err.message : String(err);
    try {
      writeAll(2, `tsnetstat: ${message}\n`);
    } catch {
      // nowhere left to report it
    }
    process.exit(EXIT_FAILURE);
  },
);
