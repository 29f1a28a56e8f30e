#!/usr/bin/env bash
# Stops the test cluster started by slurm-up.sh: cancels its jobs, stops slurmd, slurmctld and (if it started
# it) munged, by the PIDs recorded in DIR. Idempotent. Usage: scripts/cluster/slurm-down.sh [DIR]
set -uo pipefail
DIR="${1:-${RR_SLURM_DIR:-/tmp/rr-slurm}}"
export SLURM_CONF="$DIR/slurm.conf"
alive() { [[ -s "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop() {  # stop PIDFILE: SIGTERM, wait up to 10 s, then SIGKILL
    local f="$1" pid
    alive "$f" || { rm -f "$f"; return 0; }
    pid="$(cat "$f")"
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    rm -f "$f"
}

if alive "$DIR/slurmctld.pid" && [[ -f "$SLURM_CONF" ]]; then
    jobs="$(timeout 5 squeue -h -o %i 2>/dev/null | tr '\n' ' ')"
    if [[ -n "${jobs// }" ]]; then
        # shellcheck disable=SC2086
        timeout 5 scancel $jobs 2>/dev/null
        for _ in $(seq 150); do [[ -z "$(timeout 5 squeue -h -o %i 2>/dev/null)" ]] && break; sleep 0.2; done
    fi
fi
stop "$DIR/slurmd.pid"
stop "$DIR/slurmctld.pid"
stop "$DIR/munged.pid"
echo "slurm-down: stopped ($DIR)" >&2
