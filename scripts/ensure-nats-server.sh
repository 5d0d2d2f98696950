#!/usr/bin/env bash
# Makes sure a `nats-server` binary exists for the distributed-path tests, which start their own servers on free
# ports. Installs Debian's package when it is missing (needs root, as on the project's machines and CI).
set -euo pipefail
if command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ]; then
  exit 0
fi
echo "nats-server not found: installing Debian's nats-server package" >&2
if [ "$(id -u)" -ne 0 ]; then
  echo "error: nats-server is missing and this is not root; install it with: sudo apt-get install -y nats-server" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq nats-server >/dev/null
command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ]
