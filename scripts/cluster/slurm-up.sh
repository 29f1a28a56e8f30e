#!/usr/bin/env bash
# Starts a real single-node Slurm cluster (munge + slurmctld + slurmd, Debian's packages) without systemd.
#
# Usage: scripts/cluster/slurm-up.sh [DIR]     (DIR: scratch folder, default $RR_SLURM_DIR or /tmp/rr-slurm)
# Then:  export SLURM_CONF=DIR/slurm.conf; sbatch ...; scripts/cluster/slurm-down.sh [DIR]
#
# Idempotent: if this cluster is already up it only prints the SLURM_CONF line. Installs slurm-wlm and munge
# with apt-get when missing. Needs root. Exit status: 0 up, 77 cannot run here (not root / cannot install),
# 1 failed to start (see DIR/*.log). The node advertises CPUs=8 on a smaller machine (config_overrides) so that
# test jobs of up to 8 ranks start; everything listens on 127.0.0.1 only.
set -euo pipefail
DIR="${1:-${RR_SLURM_DIR:-/tmp/rr-slurm}}"
CONF="$DIR/slurm.conf"
export SLURM_CONF="$CONF"
say() { echo "slurm-up: $*" >&2; }

if [[ $(id -u) -ne 0 ]]; then say "SKIP: needs root (munged/slurmd run as root here)"; exit 77; fi

mkdir -p "$DIR"
need=()
for b in slurmctld slurmd sbatch scontrol munged; do command -v "$b" >/dev/null || need+=("$b"); done
if ((${#need[@]})); then
    say "installing slurm-wlm and munge (missing: ${need[*]})"
    export DEBIAN_FRONTEND=noninteractive
    if ! timeout -k 10 300 apt-get install -y -q --no-install-recommends slurm-wlm munge >"$DIR.apt.log" 2>&1; then
        timeout -k 10 300 apt-get update -q >>"$DIR.apt.log" 2>&1 || true
        if ! timeout -k 10 300 apt-get install -y -q --no-install-recommends slurm-wlm munge >>"$DIR.apt.log" 2>&1; then
            say "SKIP: cannot install slurm-wlm/munge with apt-get (log: $DIR.apt.log)"; exit 77
        fi
    fi
fi

alive() { [[ -s "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
if alive "$DIR/slurmctld.pid" && alive "$DIR/slurmd.pid" && timeout 5 scontrol ping >/dev/null 2>&1; then
    say "already up"
    echo "export SLURM_CONF=$CONF"
    exit 0
fi
# Partial leftovers: stop them and start clean.
"$(dirname "$0")/slurm-down.sh" "$DIR" >/dev/null 2>&1 || true

host="$(hostname -s)"
mkdir -p "$DIR"/{state,spool,tmp,logs}
cat >"$CONF" <<CONF
# Single-node test cluster written by scripts/cluster/slurm-up.sh
ClusterName=rrtest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=pmix
KillOnBadExit=1
KillWait=10
ReturnToService=2
SlurmdParameters=config_overrides
MailProg=/bin/true
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
TmpFS=$DIR/tmp
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/logs/slurmctld.log
SlurmdLogFile=$DIR/logs/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
NodeName=$host NodeAddr=127.0.0.1 CPUs=8 RealMemory=2000 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF

# munge: reuse a working munged, else start one (remembered so that slurm-down stops only ours).
if ! (munge -n | unmunge) >/dev/null 2>&1; then
    [[ -s /etc/munge/munge.key ]] || { mungekey --create >/dev/null 2>&1 || true; chown munge:munge /etc/munge/munge.key; }
    mkdir -p /run/munge /var/log/munge /var/lib/munge
    chown munge:munge /run/munge /var/log/munge /var/lib/munge
    runuser -u munge -- /usr/sbin/munged --force
    for _ in $(seq 50); do (munge -n | unmunge) >/dev/null 2>&1 && break; sleep 0.1; done
    cp /run/munge/munged.pid "$DIR/munged.pid"
fi
(munge -n | unmunge) >/dev/null 2>&1 || { say "munged does not work"; exit 1; }

slurmctld -i
for _ in $(seq 100); do timeout 5 scontrol ping >/dev/null 2>&1 && break; sleep 0.2; done
slurmd
state=""
for _ in $(seq 150); do
    state="$(sinfo -h -n "$host" -o %T 2>/dev/null || true)"
    [[ "$state" == idle* || "$state" == mixed* || "$state" == allocated* ]] && break
    sleep 0.2
done
if [[ "$state" != idle* && "$state" != mixed* && "$state" != allocated* ]]; then
    say "node $host did not come up (state '$state'); logs in $DIR/logs"
    tail -5 "$DIR/logs/slurmctld.log" "$DIR/logs/slurmd.log" >&2 || true
    exit 1
fi
say "up: node $host $state, partition debug, logs in $DIR/logs"
echo "export SLURM_CONF=$CONF"
