#!/usr/bin/env bash
# mpirun's launch agent (--mca plm_rsh_agent) for the fake hosts of netns-up.sh, instead of ssh.
# mpirun calls: launch-agent.sh [ssh-style options] HOST COMMAND...; HOST must be 10.200.0.i, and COMMAND runs
# in namespace PREFIX-ni with hostname "nodei" (its own UTS namespace), like a login on that host.
set -euo pipefail
while [[ $# -gt 0 && "$1" == -* ]]; do shift; done
host="${1:?launch-agent: no host}"; shift
if [[ ! "$host" =~ ^10\.200\.0\.([1-9])$ ]]; then
    echo "launch-agent: refusing host '$host' (only the 10.200.0.1-9 namespaces of netns-up.sh)" >&2
    exit 255
fi
i="${BASH_REMATCH[1]}"
exec ip netns exec "${RR_NETNS_PREFIX:-rr}-n$i" unshare --uts sh -c "hostname node$i; $*"
