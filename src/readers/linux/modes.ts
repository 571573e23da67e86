// What netstat's other modes (-r -i -s -g) read on Linux, in one module that cli/modes.ts loads through
// readers/index.ts when a mode runs: the reads (info-fs.ts touches the system) and their pure parsers.

export { ipv4ByLabel, listSysNet, readInfoFile, readSysNet } from "./info-fs.js";
export type { FileText } from "./info-fs.js";
export { ifrFlags, parseIfInet6, parseProcNetDev } from "./interfaces.js";
export { parseIgmp, parseIgmp6 } from "./igmp.js";
export { parseSctpSnmp, parseSnmp, parseSnmp6 } from "./snmp.js";
export { parseRoute4, parseRoute6 } from "./route.js";
