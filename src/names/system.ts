// Placeholder until the resolver lands: every name numeric.
import type { NameLookup } from "./lookup.js";
import { NUMERIC_NAMES } from "./lookup.js";

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

export async function systemNames(_req: SystemNamesRequest): Promise<NameLookup> {
  return NUMERIC_NAMES;
}
