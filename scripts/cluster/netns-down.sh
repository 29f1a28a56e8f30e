#!/usr/bin/env bash
# Removes the namespaces made by netns-up.sh (PREFIX-n1..9 and PREFIX-br). Idempotent.
set -uo pipefail
P="${RR_NETNS_PREFIX:-rr}"
for ns in "$P"-n{1..9} "$P-br"; do
    ip netns list 2>/dev/null | grep -qw "^$ns" && ip netns delete "$ns"
done
echo "netns-down: removed $P-* namespaces" >&2
