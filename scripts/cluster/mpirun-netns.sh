#!/usr/bin/env bash
# Runs `mpirun` over TCP across the fake hosts of netns-up.sh, the way one would across real machines with a
# hostfile: mpirun starts in host 1 (10.200.0.1, hostname node1) and reaches the others through launch-agent.sh.
#
# Usage: scripts/cluster/mpirun-netns.sh HOSTS SLOTS [mpirun options] -- PROGRAM ARGS...
#   e.g. scripts/cluster/mpirun-netns.sh 2 2 -n 4 -- swift-train train configs/default.json --out runs/x
# The OpenMPI settings (also in docs/cluster.md): TCP only, on the namespaces' subnet; no ssh tree spawn;
# no core binding (each fake host would pin its ranks to core 0); ranks yield when idle; OOB keepalive so that
# a lost host ends the job in ~10 s instead of hanging.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
hosts="${1:?HOSTS}"; slots="${2:?SLOTS}"; shift 2
opts=()
while [[ $# -gt 0 && "$1" != -- ]]; do opts+=("$1"); shift; done
[[ "${1:-}" == -- ]] && shift
(($#)) || { echo "mpirun-netns.sh: no program (put it after --)" >&2; exit 2; }
hostfile="$(mktemp /tmp/rr-hostfile.XXXXXX)"
trap 'rm -f "$hostfile"' EXIT
"$here/hostfile.sh" "$slots" --netns "$hosts" >"$hostfile"
export OMPI_MCA_mpi_yield_when_idle=1
ip netns exec "${RR_NETNS_PREFIX:-rr}-n1" unshare --uts sh -c 'hostname node1; exec "$@"' mpirun \
    mpirun --hostfile "$hostfile" \
    --mca plm_rsh_agent "$here/launch-agent.sh" --mca plm_rsh_no_tree_spawn 1 \
    --mca btl tcp,self --mca btl_tcp_if_include 10.200.0.0/24 --mca oob_tcp_if_include 10.200.0.0/24 \
    --mca oob_tcp_keepalive_time 5 --mca oob_tcp_keepalive_intvl 2 --mca oob_tcp_keepalive_probes 3 \
    --bind-to none "${opts[@]}" "$@"
