#!/usr/bin/env bash
# The runtime-sensitive part of the suite (worker threads, fs, dgram and net sockets, the bundle's
# start) on the other Node.js lines tsnetstat supports: package.json says node >= 20, `npm test`
# runs on the machine's own node, this on 22 and 24.
#   bash scripts/test-runtimes.sh [VERSION ...]      default: the pinned versions below
# Each Node.js comes from the npm registry's node-linux-<arch> package (an official build, packed
# with its binary; npm keeps the tarball in its cache), unpacked for this run into a fresh
# directory every user can search: the tests also run it as nobody, which could not reach it in a
# clone under /root or any 0700 directory. The tests then run with it first in PATH, so that vitest
# and every tsnetstat the tests start (process.execPath) run on it.
set -euo pipefail
cd "$(dirname "$0")/.."

versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(22.23.5 24.22.3)

case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) echo "test-runtimes: no node-linux package for $(uname -m)" >&2; exit 1 ;;
esac

# the tests that touch what differs between Node.js lines; the rest is pure code
subset=(test/unit test/names test/platforms test/e2e test/cli test/faults test/sea test/live/golden.test.ts
  test/live/empty-tables.test.ts test/live/netns.test.ts test/live/netns-parallel.test.ts
  test/audit/live.test.ts test/audit/probe-bind.test.ts)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"

for v in "${versions[@]}"; do
  dir=$work/$v
  mkdir -m 755 "$dir"
  (cd "$dir" && npm pack --silent "node-linux-$arch@$v" >/dev/null && tar xzf "node-linux-$arch-$v.tgz" && rm "node-linux-$arch-$v.tgz")
  chmod -R go-w "$dir"
  bin=$dir/package/bin
  got=$("$bin/node" --version)
  [ "$got" = "v$v" ] || { echo "test-runtimes: node-linux-$arch@$v holds $got" >&2; exit 1; }
  echo "== Node.js $got: ${subset[*]}"
  PATH="$bin:$PATH" node node_modules/vitest/vitest.mjs run "${subset[@]}"
done
