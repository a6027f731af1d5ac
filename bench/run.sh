#!/usr/bin/env bash
# Mesures de charge (pas un test chronométré) : la topologie de production
# (ops/topology.sh : PostgreSQL, Redis, nginx) avec 1 puis 2 répliques Rasa
# (autant de serveurs d'actions), et des usagers simulés qui font des
# diagnostics complets en même temps (bench/load.py) : 1, 10, 50, 200
# conversations simultanées, en deux régimes :
#   « réaliste »  : 1 à 3 s de lecture/frappe avant chaque message (BENCH_THINK) ;
#   « saturation » : sans pause, chaque usager renvoie dès la réponse reçue.
# Résultats : bench/results/<date>/*.json, puis bench/report.py (tableau et
# graphique pour docs/performance.md).
#
#   bash bench/run.sh                        # tout (≈ 15 à 25 min)
#   BENCH_REPLICAS="1" BENCH_LEVELS="1 10" bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PYTHONPATH="$ROOT" RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
OUT=${BENCH_OUT:-bench/results/$(date +%Y%m%d-%H%M%S)}
LEVELS=${BENCH_LEVELS:-"1 10 50 200"}
THINK=${BENCH_THINK:-1-3}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
export TOPO_DIR=${TOPO_DIR:-/tmp/amo-bench}
export RASA_PORT_BASE=5631 ACTIONS_PORT_BASE=5731 NGINX_PORT=5831 NGINX_ACTIONS_PORT=5832
export PG_PORT=5881 REDIS_PORT=5882 NGINX_RATE_LIMIT=10000r/s NGINX_RATE_BURST=10000
cp models/current.tar.gz "$OUT/model.tar.gz"
export RASA_MODEL=$OUT/model.tar.gz

machine() {
  .venv/bin/python - "$1" <<'PY'
import json, os, platform, sys
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
json.dump({"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(mem / 1024 / 1024, 1),
           "kernel": platform.release(), "loadavg": open("/proc/loadavg").read().split()[:3]},
          open(sys.argv[1], "w"))
PY
}

trap 'ops/topology.sh stop >/dev/null 2>&1 || true' EXIT
machine "$OUT/machine-before.json"
for replicas in ${BENCH_REPLICAS:-1 2}; do
  echo "######## $replicas réplique(s)"
  RASA_REPLICAS=$replicas ACTIONS_REPLICAS=$replicas ops/topology.sh start
  pids=("$TOPO_DIR"/pids/*.pid "$TOPO_DIR/pg/data/postmaster.pid")
  # Échauffement (premiers appels TensorFlow, connexions).
  .venv/bin/python -m bench.load --url "http://127.0.0.1:$NGINX_PORT" --users 2 --think 0 >/dev/null || true
  for users in $LEVELS; do
    case $users in 1) conv=10 ;; 10) conv=3 ;; *) conv=1 ;; esac
    for mode in realistic saturation; do
      think=$THINK; [ $mode = saturation ] && think=0
      echo "-- $replicas réplique(s), $users conversations simultanées, $mode"
      .venv/bin/python -m bench.load --url "http://127.0.0.1:$NGINX_PORT" --users "$users" \
        --conversations "$conv" --think "$think" --pids "${pids[@]}" \
        --label "r$replicas-u$users-$mode" --json "$OUT/r$replicas-u$users-$mode.json" || true
    done
  done
  ops/topology.sh stop
done
machine "$OUT/machine-after.json"
rm -f "$OUT/model.tar.gz"
.venv/bin/python -m bench.report "$OUT"
