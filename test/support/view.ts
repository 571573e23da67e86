// The netstat table view the formatter tests start from: every name numeric, no extra column.

import type { NetstatView } from "../../src/format/netstat.js";
import { NUMERIC_NAMES } from "../../src/names/lookup.js";

/** Servers and connections (`mode` "all"), numeric names, no -e -p -o -W; `over` changes any field. */
export const numericView = (over: Partial<NetstatView> = {}): NetstatView => ({
  mode: "all",
  extend: false,
  programs: false,
  timers: false,
  wide: false,
  numericHosts: true,
  numericPorts: true,
  numericUsers: true,
  names: NUMERIC_NAMES,
  ...over,
});
