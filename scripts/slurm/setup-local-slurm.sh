#!/usr/bin/env bash
# A one-node Slurm "cluster" on this machine (Debian bookworm, as root), for
# trying scripts/slurm/*.  Idempotent: run it again to (re)start what is down.
#   - apt: slurm-wlm munge (slurmctld + slurmd + client, 22.05 on bookworm), sqlite3
#   - munge key (mungekey), munged started as user munge
#   - /etc/slurm/slurm.conf: ClusterName=local, this host as controller and the one
#     node (CPUs and RealMemory from `slurmd -C`), partition debug, cons_tres/CR_Core,
#     proctrack/linuxproc, task/none, no accounting (so no sacct)
#   - slurmctld and slurmd started directly as daemons (no systemd needed);
#     with systemd running, `systemctl restart` is used instead.
# Logs: /var/log/slurm/{slurmctld,slurmd}.log; debug with `slurmctld -D -vvv`.
# Stop: kill "$(cat /run/slurm/slurmd.pid)" "$(cat /run/slurm/slurmctld.pid)"
#       kill "$(cat /run/munge/munged.pid)"
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
log() { printf '[setup-slurm] %s\n' "$*"; }
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
SYSTEMD=0; [ -d /run/systemd/system ] && SYSTEMD=1

# 1. packages
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null \
   || ! command -v munged >/dev/null || ! command -v sqlite3 >/dev/null; then
  log "installing slurm-wlm munge sqlite3"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y slurm-wlm munge sqlite3
fi
log "$(slurmctld -V), $(munged -V 2>&1 | head -n 1)"

# 2. munge
if [ ! -s /etc/munge/munge.key ]; then
  log "creating /etc/munge/munge.key"
  if command -v mungekey >/dev/null; then mungekey -c -f -k /etc/munge/munge.key
  else /usr/sbin/create-munge-key -f; fi
fi
chown munge:munge /etc/munge /etc/munge/munge.key
chmod 700 /etc/munge; chmod 400 /etc/munge/munge.key
install -d -o munge -g munge -m 755 /run/munge
install -d -o munge -g munge -m 700 /var/lib/munge /var/log/munge
if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  log "munged already running"
elif [ "$SYSTEMD" = 1 ]; then
  systemctl restart munge
else
  log "starting munged"
  runuser -u munge -- /usr/sbin/munged
  sleep 1
fi
munge -n | unmunge | grep -q 'STATUS: *Success' || { echo "munge does not work" >&2; exit 1; }

# 3. slurm.conf
HOST=$(hostname -s)
CPUS=$(slurmd -C | sed -n 's/.* CPUs=\([0-9]*\).*/\1/p')
MEM=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
install -d -o slurm -g slurm -m 755 /var/spool/slurmctld /var/log/slurm /run/slurm
install -d -m 755 /var/spool/slurmd
CONF=$(cat <<EOF
# written by scripts/slurm/setup-local-slurm.sh: one node, no accounting
ClusterName=local
SlurmctldHost=$HOST
SlurmUser=slurm
AuthType=auth/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
ReturnToService=2
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd.pid
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
NodeName=$HOST CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
)
CHANGED=0
if [ "$(cat /etc/slurm/slurm.conf 2>/dev/null)" != "$CONF" ]; then
  log "writing /etc/slurm/slurm.conf (node $HOST, CPUs=$CPUS, RealMemory=$MEM)"
  printf '%s\n' "$CONF" > /etc/slurm/slurm.conf
  CHANGED=1
fi

# 4. daemons
if [ "$SYSTEMD" = 1 ]; then
  if [ "$CHANGED" = 1 ]; then systemctl restart slurmctld slurmd
  else systemctl start slurmctld slurmd; fi
else
  if [ "$CHANGED" = 1 ]; then
    for p in /run/slurm/slurmd.pid /run/slurm/slurmctld.pid; do
      if alive "$p"; then log "stopping $(basename "$p" .pid) for the new config"; kill "$(cat "$p")"; sleep 2; fi
    done
  fi
  alive /run/slurm/slurmctld.pid || { log "starting slurmctld"; slurmctld; sleep 2; }
  alive /run/slurm/slurmd.pid    || { log "starting slurmd";    slurmd;    sleep 2; }
fi

# 5. node up?
for _ in $(seq 1 30); do
  state=$(sinfo -h -n "$HOST" -o '%T' 2>/dev/null || true)
  case "$state" in
    idle*|mixed*|allocated*) break ;;
    down*|drain*) log "node is $state; resuming"; scontrol update NodeName="$HOST" State=RESUME || true ;;
  esac
  sleep 1
done
sinfo
log "srun hostname -> $(timeout 60 srun -N1 -n1 hostname)"
