#!/usr/bin/env bash
# Creates N fake "hosts" on this machine: network namespaces PREFIX-n1..N, each with eth0 = 10.200.0.i/24,
# joined by veth pairs to a bridge that lives in a namespace of its own (PREFIX-br). These addresses exist only
# inside these namespaces; nothing is routed to or from the real network.
#
# Usage: scripts/cluster/netns-up.sh [N=3]     (PREFIX: $RR_NETNS_PREFIX, default rr)
# Exit: 0 up, 77 cannot run here (not root, no `ip netns`), 1 failed. Idempotent (recreates). Undo: netns-down.sh
set -euo pipefail
N="${1:-3}"
P="${RR_NETNS_PREFIX:-rr}"
say() { echo "netns-up: $*" >&2; }
[[ $(id -u) -eq 0 ]] || { say "SKIP: needs root"; exit 77; }
command -v ip >/dev/null || { say "SKIP: no ip command (iproute2)"; exit 77; }
((N >= 1 && N <= 9)) || { say "N must be 1..9"; exit 2; }

"$(dirname "$0")/netns-down.sh" >/dev/null 2>&1 || true
if ! ip netns add "$P-br" 2>/dev/null; then say "SKIP: cannot create network namespaces here"; exit 77; fi
ip -n "$P-br" link set lo up
ip -n "$P-br" link add br0 type bridge
ip -n "$P-br" link set br0 up
for i in $(seq "$N"); do
    ns="$P-n$i"
    ip netns add "$ns"
    ip -n "$P-br" link add "v$i" type veth peer name eth0 netns "$ns"
    ip -n "$P-br" link set "v$i" master br0 up
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "10.200.0.$i/24" dev eth0
    ip -n "$ns" link set eth0 up
done
# Wait until every bridge port forwards (no ping on minimal machines; mpirun itself checks the paths).
for i in $(seq "$N"); do
    ok=0
    for _ in $(seq 50); do
        if bridge -n "$P-br" link show dev "v$i" 2>/dev/null | grep -q "state forwarding"; then ok=1; break; fi
        sleep 0.1
    done
    ((ok)) || { say "bridge port v$i of $P-n$i is not forwarding"; exit 1; }
done
say "up: $N host(s) $P-n1..$P-n$N = 10.200.0.1..$N"
