// Errors that end a run with their own message: the program knows what went wrong and says it in
// one line (`tsnetstat: <message>`, status 1). Anything else that escapes is a bug, reported by the
// last-resort handler (cli/fatal.ts) as an internal error.

export class UserError extends Error {
  override readonly name = "UserError";
}

/** --netns named no namespace that exists (an unknown name, a pid that is gone or unreadable): nothing is read. */
export class NetnsNotFound extends UserError {}
