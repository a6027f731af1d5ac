#!/usr/bin/env bash
# « make test-production » : la topologie de production sur la boucle locale —
# 2 répliques Rasa (PostgreSQL + Redis) derrière nginx, 2 serveurs d'actions
# derrière nginx, et un Rasa seul sur SQLite —, les tests tests/production/
# (répliques tuées et relancées, pannes, entrées invalides, fuzzing, sécurité,
# purge RGPD), puis l'arrêt de tout. Installe au besoin postgresql, redis-server
# et nginx (apt-get). Environ 6 min sur 2 cœurs ; borné : PRODUCTION_TIMEOUT
# secondes au total (défaut 900, pour une machine chargée).
# Journaux conservés dans logs/production/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PYTHONPATH="$ROOT" RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
export DEBIAN_FRONTEND=noninteractive
t0=$(date +%s)
BUDGET=${PRODUCTION_TIMEOUT:-900}
step() { echo "######## $1 ($(( $(date +%s) - t0 )) s)"; }

[ -x .venv/bin/rasa ] || make --no-print-directory install
[ -f models/current.tar.gz ] || make --no-print-directory train

WORK=$(mktemp -d /tmp/amo-production.XXXXXX)
chmod 711 "$WORK"
export TOPO_DIR=$WORK/topology
# Ports propres à ce test (une topologie de développement peut tourner à côté).
export RASA_PORT_BASE=${RASA_PORT_BASE:-5611} ACTIONS_PORT_BASE=${ACTIONS_PORT_BASE:-5711}
export NGINX_PORT=${NGINX_PORT:-5811} NGINX_ACTIONS_PORT=${NGINX_ACTIONS_PORT:-5812}
export PG_PORT=${PG_PORT:-5871} REDIS_PORT=${REDIS_PORT:-5872}
SQLITE_PORT=${SQLITE_PORT:-5621}
export RASA_REPLICAS=2 ACTIONS_REPLICAS=2
# Tout vient de la boucle locale : pas de limite de débit par adresse ici.
export NGINX_RATE_LIMIT=1000r/s NGINX_RATE_BURST=2000
export ACTION_TIMEOUT_SECONDS=${ACTION_TIMEOUT_SECONDS:-10}
export RASA_CORS_ORIGINS="http://localhost:8080"
cp models/current.tar.gz "$WORK/model.tar.gz"   # le modèle peut être réentraîné pendant l'essai
export RASA_MODEL=$WORK/model.tar.gz
export RASA_AUTH_TOKEN
RASA_AUTH_TOKEN=$(.venv/bin/python -c "import secrets; print(secrets.token_hex(16))")

SQLITE_DIR=$WORK/sqlite
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  step "Arrêt"
  if [ -f "$SQLITE_DIR/rasa.pid" ]; then
    pid=$(cat "$SQLITE_DIR/rasa.pid")
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  ops/topology.sh stop || true
  mkdir -p logs/production
  cp "$TOPO_DIR"/logs/*.log "$TOPO_DIR"/pg/*.log "$SQLITE_DIR"/*.log logs/production/ 2>/dev/null || true
  if [ $rc -ne 0 ] || [ -n "${KEEP_PRODUCTION_DIR:-}" ]; then
    echo "Dossier de travail gardé (bases, journaux) : $WORK"
  else
    rm -rf "$WORK"
  fi
  echo "Terminé en $(( $(date +%s) - t0 )) s (code $rc) ; journaux : logs/production/"
  exit $rc
}
trap cleanup EXIT INT TERM

step "Rasa seul sur SQLite (port $SQLITE_PORT), en arrière-plan"
mkdir -p "$SQLITE_DIR"
cat >"$SQLITE_DIR/start.sh" <<EOF
#!/usr/bin/env bash
# (Re)lance le Rasa SQLite de ce test (utilisé aussi par les tests pour le relancer).
echo \$\$ >"$SQLITE_DIR/rasa.pid"
export AMO_NO_DOTENV=1 RASA_PORT=$SQLITE_PORT SQLITE_PATH="$SQLITE_DIR/var/rasa.db" \\
  RASA_MODEL="$RASA_MODEL" ACTION_ENDPOINT_URL="http://127.0.0.1:$NGINX_ACTIONS_PORT/webhook" \\
  RASA_ENABLE_API=true RASA_AUTH_TOKEN="$RASA_AUTH_TOKEN" ACTION_TIMEOUT_SECONDS=$ACTION_TIMEOUT_SECONDS
unset DB_URL
exec "$ROOT/ops/rasa.sh" >>"$SQLITE_DIR/rasa.log" 2>&1
EOF
cat >"$SQLITE_DIR/env" <<EOF
URL=http://127.0.0.1:$SQLITE_PORT
PID_FILE=$SQLITE_DIR/rasa.pid
START=$SQLITE_DIR/start.sh
EOF
setsid bash "$SQLITE_DIR/start.sh" </dev/null >/dev/null 2>&1 &
disown

step "Topologie : PostgreSQL, Redis, 2 serveurs d'actions, nginx, 2 répliques Rasa"
ops/topology.sh start

step "Attente du Rasa SQLite"
for _ in $(seq 1 300); do
  .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$SQLITE_PORT/', timeout=2)" 2>/dev/null && break
  sleep 1
done

remaining=$(( BUDGET - ($(date +%s) - t0) - 45 ))
[ "$remaining" -gt 60 ] || { echo "ERREUR : démarrage trop long, plus de temps pour les tests" >&2; exit 1; }
step "Tests tests/production/ (au plus $remaining s)"
export AMO_TOPOLOGY_ENV=$TOPO_DIR/env AMO_SQLITE_DIR=$SQLITE_DIR
timeout --signal=INT --kill-after=20 "$remaining" \
  .venv/bin/python -m pytest tests/production -p no:cacheprovider -rfEs --durations=8 "$@"
