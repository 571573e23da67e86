// src/readers/linux/netns.ts: namespace links, ip netns names, and the cgroup shapes of each runtime.

import { describe, expect, it } from "vitest";
import {
  cgroupPaths,
  containerLabel,
  containerOfCgroupPath,
  distinctNamespaces,
  emptyTables,
  namespaceHelpers,
  readNamespacesInParallel,
  socketsUsed,
  tcpAllocated,
  netnsInodeOfLink,
  netnsLabel,
  selectNamespaces,
  unitOfCgroupPath,
} from "../../src/readers/linux/netns.js";
import { parseNetnsSelector } from "../../src/netns-selector.js";

const ID = "3f4e5d6c7b8a9f0e1d2c3b4a5968778695a4b3c2d1e0f9e8d7c6b5a4f3e2d1c0";
const UID = "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9";

describe("netnsInodeOfLink", () => {
  it.each([
    ["net:[4026531840]", 4026531840],
    ["net:[1]", 1],
    ["net:[4294967295]", 4294967295],
    ["net:[4294967296]", -1],
    ["net:[]", -1],
    ["net:[12a]", -1],
    ["net:[-1]", -1],
    ["mnt:[4026531840]", -1],
    ["socket:[4026531840]", -1],
    ["net:[4026531840", -1],
    ["", -1],
  ])("%s → %d", (link, inode) => {
    expect(netnsInodeOfLink(link)).toBe(inode);
  });
});

describe("distinctNamespaces", () => {
  it("one entry per inode with its processes in pid order, in order of first process, then names without a process", () => {
    const procs = [
      { pid: 1, inode: 100 },
      { pid: 2, inode: 100 },
      { pid: 50, inode: 300 },
      { pid: 60, inode: 200 },
      { pid: 70, inode: 300 },
    ];
    const named = [
      { name: "zeta", inode: 300 },
      { name: "blue", inode: 400 },
      { name: "alpha", inode: 300 },
      { name: "empty", inode: 500 },
    ];
    expect(distinctNamespaces(procs, named)).toEqual([
      { inode: 100, pids: [1, 2], names: [] },
      { inode: 300, pids: [50, 70], names: ["alpha", "zeta"] },
      { inode: 200, pids: [60], names: [] },
      { inode: 400, pids: [], names: ["blue"] },
      { inode: 500, pids: [], names: ["empty"] },
    ]);
  });

  it("nothing seen: nothing", () => {
    expect(distinctNamespaces([], [])).toEqual([]);
  });
});

describe("parseNetnsSelector", () => {
  it.each([
    ["all", { kind: "all" }],
    ["1234", { kind: "pid", pid: 1234 }],
    ["tsn-42", { kind: "name", name: "tsn-42" }],
    ["blue", { kind: "name", name: "blue" }],
    ["0", null],
    ["99999999999", null],
    ["", null],
    ["a/b", null],
    ["..", null],
    [".", null],
  ])("%s", (value, want) => {
    expect(parseNetnsSelector(value)).toEqual(want);
  });
});

describe("containerOfCgroupPath: each runtime's cgroup shape", () => {
  it.each([
    // Docker, systemd cgroup driver (cgroup v2 and the v1 name=systemd hierarchy)
    [`/system.slice/docker-${ID}.scope`, "docker:3f4e5d6c7b8a"],
    // Docker, cgroupfs driver
    [`/docker/${ID}`, "docker:3f4e5d6c7b8a"],
    // Docker in Docker: the innermost container
    [`/docker/${ID}/docker/${"a".repeat(64)}`, "docker:aaaaaaaaaaaa"],
    // Podman (libpod), systemd driver, rootful and rootless
    [`/machine.slice/libpod-${ID}.scope`, "podman:3f4e5d6c7b8a"],
    [`/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope/container`, "podman:3f4e5d6c7b8a"],
    // Podman, cgroupfs driver
    [`/libpod_parent/libpod-${ID}`, "podman:3f4e5d6c7b8a"],
    // Podman's conmon is not the container
    [`/machine.slice/libpod-conmon-${ID}.scope`, null],
    // Kubernetes with containerd, systemd driver: pod UID with "_", container id as crictl prints it
    [
      `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID.replaceAll("-", "_")}.slice/cri-containerd-${ID}.scope`,
      `k8s-pod:${UID}/containerd:3f4e5d6c7b8a9`,
    ],
    [`/kubepods.slice/kubepods-pod${UID.replaceAll("-", "_")}.slice/cri-containerd-${ID}.scope`, `k8s-pod:${UID}/containerd:3f4e5d6c7b8a9`],
    // Kubernetes with CRI-O
    [`/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${UID.replaceAll("-", "_")}.slice/crio-${ID}.scope`, `k8s-pod:${UID}/crio:3f4e5d6c7b8a9`],
    // Kubernetes, cgroupfs driver: the runtime is not in the path
    [`/kubepods/burstable/pod${UID}/${ID}`, `k8s-pod:${UID}/cri:3f4e5d6c7b8a9`],
    [`/kubepods/pod${UID}/${ID}`, `k8s-pod:${UID}/cri:3f4e5d6c7b8a9`],
    // the pod's own cgroup (no container below it)
    [`/kubepods/besteffort/pod${UID}`, `k8s-pod:${UID}`],
    // containerd without Kubernetes
    [`/system.slice/cri-containerd-${ID}.scope`, "containerd:3f4e5d6c7b8a9"],
    // not containers
    ["/", null],
    ["/init.scope", null],
    ["/system.slice/nginx.service", null],
    ["/user.slice/user-0.slice/session-3.scope", null],
    [`/system.slice/docker-${ID.slice(1)}.scope`, null], // 63 digits
    [`/system.slice/docker-${ID.toUpperCase()}.scope`, null],
    [`/pod${UID}/${ID}`, null], // "pod" outside kubepods
    ["/docker", null],
  ])("%s", (path, want) => {
    expect(containerOfCgroupPath(path)).toBe(want);
  });
});

describe("unitOfCgroupPath", () => {
  it.each([
    ["/system.slice/nginx.service", "nginx.service"],
    ["/system.slice/systemd-resolved.service", "systemd-resolved.service"],
    ["/system.slice/app.service/worker", "app.service"],
    ["/user.slice/user-1000.slice/user@1000.service/app.slice/foo.service", "foo.service"],
    ["/init.scope", null],
    ["/", null],
    ["/.service", null],
  ])("%s", (path, want) => {
    expect(unitOfCgroupPath(path)).toBe(want);
  });
});

describe("cgroupPaths", () => {
  it("the unified line first, then name=systemd, then the others", () => {
    const text = "12:memory:/a\n1:name=systemd:/b\n0::/c\n4:pids:/d\n";
    expect(cgroupPaths(text)).toEqual(["/c", "/b", "/a", "/d"]);
  });

  it("a path with a colon is kept whole", () => {
    expect(cgroupPaths("0::/x:y\n")).toEqual(["/x:y"]);
  });

  it("lines that are not cgroup lines are ignored", () => {
    expect(cgroupPaths("\ngarbage\n")).toEqual([]);
  });
});

describe("containerLabel", () => {
  it("a container on any hierarchy wins over a unit on the unified one", () => {
    const text = `0::/system.slice/containerd.service\n4:memory:/docker/${ID}\n`;
    expect(containerLabel(text, "nginx")).toBe("docker:3f4e5d6c7b8a");
  });

  it("cgroup v1 Docker, systemd driver, as /proc/<pid>/cgroup shows it", () => {
    const text = [
      `12:pids:/system.slice/docker-${ID}.scope`,
      `4:memory:/system.slice/docker-${ID}.scope`,
      `1:name=systemd:/system.slice/docker-${ID}.scope`,
      "0::/",
      "",
    ].join("\n");
    expect(containerLabel(text, "nginx")).toBe("docker:3f4e5d6c7b8a");
  });

  it("a systemd unit with PrivateNetwork=", () => {
    expect(containerLabel("0::/system.slice/systemd-resolved.service\n", "systemd-resolve")).toBe("systemd-resolved.service");
  });

  it("else the command", () => {
    expect(containerLabel("0::/user.slice/user-0.slice/session-1.scope\n", "unshare")).toBe("unshare");
    expect(containerLabel(null, "sleep")).toBe("sleep");
    expect(containerLabel(null, null)).toBe(null);
  });
});

describe("netnsLabel", () => {
  it("inode, first name, container", () => {
    expect(netnsLabel({ inode: 7, pids: [9], names: ["a", "b"] }, `0::/docker/${ID}\n`, "sh")).toEqual({
      inode: 7,
      name: "a",
      container: "docker:3f4e5d6c7b8a",
    });
  });

  it("no process: no container", () => {
    expect(netnsLabel({ inode: 7, pids: [], names: ["a"] }, null, null)).toEqual({ inode: 7, name: "a", container: null });
  });
});

describe("selectNamespaces", () => {
  const all = [
    { inode: 1, pids: [1], names: [] },
    { inode: 2, pids: [40, 41, 42], names: ["blue"] },
  ];

  it("all", () => {
    expect(selectNamespaces(all, { kind: "all" }, null)).toEqual(all);
  });

  it("a name", () => {
    expect(selectNamespaces(all, { kind: "name", name: "blue" }, 2)).toEqual([all[1]]);
  });

  it("a pid reads through that process", () => {
    expect(selectNamespaces(all, { kind: "pid", pid: 41 }, 2)).toEqual([{ inode: 2, pids: [41, 40, 42], names: ["blue"] }]);
  });

  it("not found", () => {
    expect(selectNamespaces(all, { kind: "pid", pid: 41 }, null)).toEqual([]);
    expect(selectNamespaces(all, { kind: "name", name: "x" }, 3)).toEqual([]);
  });
});

describe("emptyTables", () => {
  const v4 = (inuse: number, tw: number): string =>
    `sockets: used 12\nTCP: inuse ${inuse} orphan 0 tw ${tw} alloc 9 mem 1\nUDP: inuse 1 mem 0\nUDPLITE: inuse 0\nRAW: inuse 0\nFRAG: inuse 0 memory 0\n`;
  const v6 = (inuse: number): string => `TCP6: inuse ${inuse}\nUDP6: inuse 0\nUDPLITE6: inuse 0\nRAW6: inuse 0\nFRAG6: inuse 0 memory 0\n`;
  it.each([
    [v4(0, 0), v6(0), ["raw", "raw6", "tcp", "tcp6", "udp6"]],
    [v4(3, 0), v6(0), ["raw", "raw6", "tcp6", "udp6"]],
    [v4(0, 0), v6(2), ["raw", "raw6", "tcp", "udp6"]],
    // TIME_WAIT sockets of either family: both TCP tables are read
    [v4(0, 1), v6(0), ["raw", "raw6", "udp6"]],
    [v4(0, 0), null, ["raw", "tcp"]],
    [null, v6(0), []],
    // an unparsable TCP line keeps both TCP tables; UDPLITE's count is not UDP's; 10 is not 0
    ["garbage", v6(0), ["raw6", "udp6"]],
    ["TCP: inuse 0 orphan 0 tw 0 alloc 9 mem 1\nUDP: inuse 10 mem 2\nUDPLITE: inuse 0\nRAW: inuse 2\n", "TCP6: inuse 0\nUDP6: inuse 1\nRAW6: inuse 0\n", ["raw6", "tcp", "tcp6"]],
  ])("%j %j", (sockstat, sockstat6, want) => {
    expect([...emptyTables(sockstat, sockstat6)].sort()).toEqual(want);
  });
});

describe("tcpAllocated", () => {
  it.each([
    ["sockets: used 12\nTCP: inuse 3 orphan 0 tw 1 alloc 200104 mem 271\nUDP: inuse 1 mem 0\n", 200104],
    ["TCP: inuse 3 orphan 0 tw 1\n", null],
    ["garbage", null],
    [null, null],
  ])("%j -> %j", (sockstat, want) => {
    expect(tcpAllocated(sockstat)).toBe(want);
  });
});

describe("socketsUsed", () => {
  it.each([
    ["sockets: used 12\nTCP: inuse 3 orphan 0 tw 1 alloc 200104 mem 271\n", 12],
    ["TCP: inuse 3 orphan 0 tw 1\nsockets: used 0\n", 0],
    ["sockets: used x\n", null],
    ["", null],
    [null, null],
  ])("%j -> %j", (sockstat, want) => {
    expect(socketsUsed(sockstat)).toBe(want);
  });
});

describe("readNamespacesInParallel", () => {
  it.each([
    [3, 10_000_000, false],
    [4, 24_999, false],
    [4, 25_000, true],
    [15, 0, false],
    [15, null, false],
    [16, 0, true],
    [100, 1000, true],
  ])("%i namespaces besides the first, %j TCP sockets on the host -> %j", (others, alloc, want) => {
    expect(readNamespacesInParallel(others, alloc)).toBe(want);
  });
});

describe("namespaceHelpers", () => {
  it.each([
    [1, 100, 0],
    [2, 100, 1],
    [4, 100, 3],
    [64, 100, 7],
    [64, 8, 2],
    [8, 3, 0],
  ])("%i CPUs, %i namespaces -> %i helpers", (cpus, others, want) => {
    expect(namespaceHelpers(cpus, others)).toBe(want);
  });
});
