#!/usr/bin/env bash
# Prints an OpenMPI hostfile: one "HOST slots=SLOTS" line per host.
# Usage: scripts/cluster/hostfile.sh SLOTS HOST...        e.g. hostfile.sh 4 node1 node2 > hosts
#        scripts/cluster/hostfile.sh SLOTS --netns N      the hosts of netns-up.sh: 10.200.0.1..N
set -euo pipefail
slots="${1:?usage: hostfile.sh SLOTS HOST... | hostfile.sh SLOTS --netns N}"; shift
[[ "$slots" =~ ^[1-9][0-9]*$ ]] || { echo "hostfile.sh: SLOTS must be a positive integer, got '$slots'" >&2; exit 2; }
if [[ "${1:-}" == --netns ]]; then
    set -- $(seq -f "10.200.0.%g" 1 "${2:?--netns N}")
fi
(($#)) || { echo "hostfile.sh: no hosts" >&2; exit 2; }
for h in "$@"; do echo "$h slots=$slots"; done
