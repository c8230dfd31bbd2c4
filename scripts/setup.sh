#!/usr/bin/env bash
# Installs what Skiff needs on a fresh Debian machine with Node 20, then builds. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
need_apt=()
# The node agent's runtime and its tests: runc, socat, nftables, Debian's busybox-static (test images) and docker-registry (a local registry).
command -v runc >/dev/null 2>&1 || need_apt+=(runc)
[ -x /bin/busybox ] || need_apt+=(busybox-static)
# port-forward connects inside the pod's network namespace through socat (as dockershim did).
command -v socat >/dev/null 2>&1 || need_apt+=(socat)
# The node's service proxy (kube-proxy's nftables mode).
command -v nft >/dev/null 2>&1 || [ -x /usr/sbin/nft ] || need_apt+=(nftables)
command -v docker-registry >/dev/null 2>&1 || need_apt+=(docker-registry)
# The etcd datastore's tests run a real etcd (Debian's etcd 3.4) and etcdctl.
command -v etcd >/dev/null 2>&1 || need_apt+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || need_apt+=(etcd-client)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
# Size-enforced local-path volumes: a filesystem image per volume (ext4 or xfs), loop-mounted.
command -v mkfs.ext4 >/dev/null 2>&1 || [ -x /usr/sbin/mkfs.ext4 ] || need_apt+=(e2fsprogs)
command -v mkfs.xfs >/dev/null 2>&1 || [ -x /usr/sbin/mkfs.xfs ] || need_apt+=(xfsprogs)
command -v kubectl >/dev/null 2>&1 || echo "note: kubectl is not on PATH; e2e tests will be skipped" >&2
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"; }
  else
    echo "missing Debian packages (run as root to install): ${need_apt[*]}" >&2
  fi
fi
stamp=node_modules/.skiff-install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
# Compiled files whose source was moved or deleted would still run as tests: drop them before building.
if [ -d dist ]; then
  find dist -name '*.js' | while read -r js; do
    src="${js#dist/}"; src="${src%.js}.ts"
    [ -f "$src" ] || rm -f "$js" "${js%.js}.d.ts" "$js.map"
  done
fi
npx tsc -p tsconfig.json
