// The program: run the command on this process's arguments and exit with its status.
// main.ts only defines the command, so tests can run it in-process.

import { EXIT_FAILURE } from "./args.js";
import { main } from "./main.js";
import { INTERRUPTED } from "./watch.js";
import { OutputClosed, writeAll } from "./output.js";
import { die, installFatalHandler } from "./fatal.js";
import { UserError } from "../errors.js";

installFatalHandler();

main(process.argv.slice(2)).then(
  (code) => {
    // Ctrl-C during -c: the listings are whole; end by the signal itself, as netstat does, so that
    // a shell sees a command killed by SIGINT (and stops a loop around it)
    if (code === INTERRUPTED) process.kill(process.pid, "SIGINT");
    else process.exit(code);
  },
  (err: unknown) => {
    // stdout closed by the reader (| head): the output was not wanted any more
    if (err instanceof OutputClosed) process.exit(0);
    // anything but an error the program explains itself is a bug: the last resort reports it
    if (!(err instanceof UserError)) die(err);
    try {
      writeAll(2, `tsnetstat: ${err.message}\n`);
    } catch {
      // nowhere left to report it
    }
    process.exit(EXIT_FAILURE);
  },
);
