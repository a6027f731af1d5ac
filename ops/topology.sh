#!/usr/bin/env bash
# Toute la topologie de production sur la boucle locale, en processus simples
# (pas de services système) dans un dossier temporaire :
#   PostgreSQL (conversations) + Redis (verrous) + N serveurs d'actions
#   + M répliques Rasa + nginx (façade REST/socket.io, et amont des actions).
#
#   ops/topology.sh start        installe au besoin (apt-get), lance tout, attend que tout réponde
#   ops/topology.sh stop         arrête tout proprement (TERM, puis KILL après 20 s)
#   ops/topology.sh status       état de chaque processus
#   ops/topology.sh env          variables utiles aux tests (fichier $TOPO_DIR/env)
#   ops/topology.sh kill-rasa N | stop-rasa N | start-rasa N     une réplique (1..M)
#   ops/topology.sh stop-actions | start-actions | pause-actions | resume-actions
#   ops/topology.sh stop-db | start-db | stop-redis | start-redis
#
# Réglages (environnement) : TOPO_DIR (/tmp/amo-topology), RASA_REPLICAS (2),
# ACTIONS_REPLICAS (2), RASA_PORT_BASE (5601 → 5601, 5602…), ACTIONS_PORT_BASE
# (5701), NGINX_PORT (5801), NGINX_ACTIONS_PORT (5802), PG_PORT (5861),
# REDIS_PORT (5862), RASA_MODEL (copié dans $TOPO_DIR au démarrage ; défaut
# models/current.tar.gz), NGINX_RATE_LIMIT (20r/s), NGINX_RATE_BURST (40),
# RASA_START_TIMEOUT (420 s), RASA_CORS_ORIGINS, ACTION_TIMEOUT_SECONDS,
# TURN_TIMEOUT_SECONDS. Secrets (mot de passe PostgreSQL et Redis, jeton de
# l'API) : générés au démarrage dans $TOPO_DIR/env (droits 0600).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export DEBIAN_FRONTEND=noninteractive

TOPO_DIR=${TOPO_DIR:-/tmp/amo-topology}
ENV_FILE=$TOPO_DIR/env
PIDS=$TOPO_DIR/pids
LOGS=$TOPO_DIR/logs
PY=$ROOT/.venv/bin/python

# Commandes sur une topologie lancée : ses ports et ses secrets font foi.
if [ "${1:-start}" != start ] && [ -f "$ENV_FILE" ]; then set -a; . "$ENV_FILE"; set +a; fi
RASA_REPLICAS=${RASA_REPLICAS:-2}
ACTIONS_REPLICAS=${ACTIONS_REPLICAS:-2}
RASA_PORT_BASE=${RASA_PORT_BASE:-5601}
ACTIONS_PORT_BASE=${ACTIONS_PORT_BASE:-5701}
NGINX_PORT=${NGINX_PORT:-5801}
NGINX_ACTIONS_PORT=${NGINX_ACTIONS_PORT:-5802}
PG_PORT=${PG_PORT:-5861}
REDIS_PORT=${REDIS_PORT:-5862}
RASA_START_TIMEOUT=${RASA_START_TIMEOUT:-420}

say() { echo "[topologie] $*"; }
die() { echo "[topologie] ERREUR : $*" >&2; exit 1; }

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return 0; }; done
  return 1
}

ensure_packages() {
  local missing=()
  pg_bin >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "paquets manquants (${missing[*]}) : relancer en root ou les installer"
  say "installation de ${missing[*]} (apt-get)"
  # Les paquets ne doivent pas démarrer de service système (nginx sur le port 80…).
  local guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; guard=1
  fi
  local rc=0
  if [ ! -f /tmp/.amo-apt-updated ]; then
    apt-get update -qq && touch /tmp/.amo-apt-updated || rc=$?
  fi
  if [ $rc = 0 ] && ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    # Index périmé (marqueur d'un essai ancien) : une mise à jour, un second essai.
    rc=0
    apt-get update -qq && touch /tmp/.amo-apt-updated || rc=$?
    [ $rc = 0 ] && { apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || rc=$?; }
  fi
  [ -n "$guard" ] && rm -f /usr/sbin/policy-rc.d
  [ $rc = 0 ] || die "apt-get a échoué (code $rc)"
}

# -- processus -------------------------------------------------------------------

alive() { [ -f "$PIDS/$1.pid" ] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }

spawn() {  # nom, commande… : nouvelle session (groupe = PID), journal logs/nom.log
  local name=$1; shift
  setsid "$@" >"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$name.pid"
}

stop_pid() {  # nom [signal] : TERM au groupe du processus, KILL après 20 s
  local name=$1 sig=${2:-TERM} pid
  [ -f "$PIDS/$name.pid" ] || return 0
  pid=$(cat "$PIDS/$name.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -"$sig" -- "-$pid" 2>/dev/null || kill -"$sig" "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$PIDS/$name.pid"
}

wait_http() {  # url secondes nom
  local deadline=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if "$PY" -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1" 2>/dev/null; then
      return 0
    fi
    sleep 1
  done
  die "$3 ne répond pas sur $1 après $2 s (journaux : $LOGS)"
}

# -- PostgreSQL ------------------------------------------------------------------

PGDATA=$TOPO_DIR/pg/data
PGSOCK=$TOPO_DIR/pg/sock

# initdb refuse root : en root, PostgreSQL tourne sous « postgres » ; sinon sous
# l'utilisateur courant (paquets déjà installés).
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

init_db() {
  local bin; bin=$(pg_bin) || die "PostgreSQL introuvable"
  mkdir -p "$TOPO_DIR/pg" "$PGSOCK"
  [ "$(id -u)" = 0 ] && chown -R postgres: "$TOPO_DIR/pg"
  as_postgres "$bin/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >"$LOGS/initdb.log" 2>&1 \
    || die "initdb a échoué (voir $LOGS/initdb.log)"
  cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PGSOCK'
max_connections = 200
shared_buffers = 64MB
CONF
  start_db
  as_postgres "$bin/psql" -q -h "$PGSOCK" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE rasa LOGIN PASSWORD '$DB_PASSWORD'" -c "CREATE DATABASE rasa OWNER rasa" \
    >>"$LOGS/initdb.log" 2>&1 || die "création de la base a échoué (voir $LOGS/initdb.log)"
}

start_db() {
  local bin; bin=$(pg_bin)
  as_postgres "$bin/pg_ctl" -D "$PGDATA" -l "$TOPO_DIR/pg/postgresql.log" -w -t 60 start >/dev/null \
    || die "PostgreSQL ne démarre pas (voir $TOPO_DIR/pg/postgresql.log)"
}

stop_db() {
  local bin; bin=$(pg_bin) || return 0
  [ -f "$PGDATA/postmaster.pid" ] || return 0
  as_postgres "$bin/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

# -- Redis -----------------------------------------------------------------------

start_redis() {
  mkdir -p "$TOPO_DIR/redis"
  umask 077
  cat >"$TOPO_DIR/redis/redis.conf" <<CONF
bind 127.0.0.1
port $REDIS_PORT
daemonize no
save ""
appendonly no
dir $TOPO_DIR/redis
requirepass $REDIS_PASSWORD
CONF
  umask 022
  spawn redis redis-server "$TOPO_DIR/redis/redis.conf"
  for _ in $(seq 1 50); do
    REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.2
  done
  die "Redis ne démarre pas (voir $LOGS/redis.log)"
}

# -- serveurs d'actions, répliques Rasa -------------------------------------------

start_actions() {
  local i
  for i in $(seq 1 "$ACTIONS_REPLICAS"); do
    alive "actions-$i" && continue
    ACTIONS_PORT=$((ACTIONS_PORT_BASE + i - 1)) FICHES_DIR="$TOPO_DIR/fiches" \
      FICHES_PUBLIC_URL="http://127.0.0.1:$NGINX_PORT" spawn "actions-$i" "$ROOT/ops/actions.sh"
  done
  for i in $(seq 1 "$ACTIONS_REPLICAS"); do
    wait_http "http://127.0.0.1:$((ACTIONS_PORT_BASE + i - 1))/health" 120 "Le serveur d'actions $i"
  done
}

stop_actions() {
  local i
  for i in $(seq 1 "$ACTIONS_REPLICAS"); do stop_pid "actions-$i"; done
}

signal_actions() {
  local i
  for i in $(seq 1 "$ACTIONS_REPLICAS"); do
    alive "actions-$i" && kill -"$1" -- "-$(cat "$PIDS/actions-$i.pid")"
  done
}

spawn_rasa() {
  local i=$1
  alive "rasa-$i" && return 0
  (
    export AMO_NO_DOTENV=1 RASA_PORT=$((RASA_PORT_BASE + i - 1)) RASA_MODEL="$TOPO_DIR/model.tar.gz" \
      DB_URL="$DB_URL" REDIS_HOST=127.0.0.1 REDIS_PORT="$REDIS_PORT" REDIS_DB=0 \
      REDIS_PASSWORD="$REDIS_PASSWORD" \
      ACTION_ENDPOINT_URL="http://127.0.0.1:$NGINX_ACTIONS_PORT/webhook" \
      RASA_ENABLE_API=true RASA_AUTH_TOKEN="$RASA_AUTH_TOKEN" \
      RASA_CORS_ORIGINS="${RASA_CORS_ORIGINS:-http://localhost:8080}"
    spawn "rasa-$i" "$ROOT/ops/rasa.sh"
  )
}

wait_rasa() {
  wait_http "http://127.0.0.1:$((RASA_PORT_BASE + $1 - 1))/" "$RASA_START_TIMEOUT" "La réplique Rasa $1"
}

# -- nginx -----------------------------------------------------------------------

write_nginx_conf() {
  mkdir -p "$TOPO_DIR/nginx/tmp"/{body,proxy,fastcgi,uwsgi,scgi}
  if [ "$(id -u)" = 0 ] && id www-data >/dev/null 2>&1; then chown -R www-data: "$TOPO_DIR/nginx/tmp"; fi
  RASA_SERVERS="" ACTIONS_SERVERS=""
  local i
  for i in $(seq 1 "$RASA_REPLICAS"); do
    RASA_SERVERS+="        server 127.0.0.1:$((RASA_PORT_BASE + i - 1)) max_fails=1 fail_timeout=10s;"$'\n'
  done
  for i in $(seq 1 "$ACTIONS_REPLICAS"); do
    ACTIONS_SERVERS+="        server 127.0.0.1:$((ACTIONS_PORT_BASE + i - 1)) max_fails=1 fail_timeout=3s;"$'\n'
  done
  PREFIX="$TOPO_DIR/nginx" LOGS="$LOGS" RASA_SERVERS="$RASA_SERVERS" ACTIONS_SERVERS="$ACTIONS_SERVERS" \
  LISTEN=127.0.0.1 NGINX_PORT="$NGINX_PORT" NGINX_ACTIONS_PORT="$NGINX_ACTIONS_PORT" \
  RATE_LIMIT="${NGINX_RATE_LIMIT:-20r/s}" RATE_BURST="${NGINX_RATE_BURST:-40}" \
  API_ALLOW="            allow 127.0.0.1;" \
  "$PY" - "$ROOT/ops/nginx/amo.conf.template" "$TOPO_DIR/nginx/nginx.conf" <<'PYCODE'
import os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r"@([A-Z_]+)@", lambda m: os.environ[m.group(1)].rstrip("\n"), text)
open(sys.argv[2], "w", encoding="utf-8").write(text)
PYCODE
}

start_nginx() {
  nginx -t -q -c "$TOPO_DIR/nginx/nginx.conf" -p "$TOPO_DIR/nginx/" -e "$LOGS/nginx-error.log" \
    || die "configuration nginx invalide"
  nginx -c "$TOPO_DIR/nginx/nginx.conf" -p "$TOPO_DIR/nginx/" -e "$LOGS/nginx-error.log"
  for _ in $(seq 1 50); do [ -s "$TOPO_DIR/nginx/nginx.pid" ] && break; sleep 0.1; done
  cp "$TOPO_DIR/nginx/nginx.pid" "$PIDS/nginx.pid"
}

# -- commandes -------------------------------------------------------------------

secret() { "$PY" -c "import secrets; print(secrets.token_hex(16))"; }

write_env() {  # valeurs entre apostrophes : DB_URL contient « & »
  umask 077
  {
    local key
    for key in TOPO_DIR RASA_REPLICAS ACTIONS_REPLICAS RASA_PORT_BASE ACTIONS_PORT_BASE \
               NGINX_PORT NGINX_ACTIONS_PORT PG_PORT REDIS_PORT DB_PASSWORD DB_URL \
               REDIS_PASSWORD RASA_AUTH_TOKEN; do
      printf "%s='%s'\n" "$key" "${!key}"
    done
    printf "BASE_URL='http://127.0.0.1:%s'\n" "$NGINX_PORT"
  } >"$ENV_FILE"
  umask 022
}

cmd_start() {
  if [ -f "$ENV_FILE" ] && alive nginx; then die "déjà lancée dans $TOPO_DIR (ops/topology.sh stop d'abord)"; fi
  ensure_packages
  trap 'rc=$?; if [ $rc -ne 0 ]; then say "échec du démarrage : arrêt de ce qui a été lancé"; cmd_stop; fi' EXIT
  rm -rf "$TOPO_DIR"
  mkdir -p "$TOPO_DIR" "$PIDS" "$LOGS"
  chmod 711 "$TOPO_DIR"
  local model=${RASA_MODEL:-$ROOT/models/current.tar.gz}
  [ -f "$model" ] || die "pas de modèle ($model) : « make train »"
  cp "$model" "$TOPO_DIR/model.tar.gz"   # le modèle peut être réentraîné pendant l'essai
  DB_PASSWORD=$(secret) REDIS_PASSWORD=$(secret) RASA_AUTH_TOKEN=${RASA_AUTH_TOKEN:-$(secret)}
  # connect_timeout : base injoignable détectée en 5 s ; statement_timeout : une
  # requête bloquée (Rasa les fait de façon synchrone) ne fige pas la réplique.
  DB_URL="postgresql://rasa:$DB_PASSWORD@127.0.0.1:$PG_PORT/rasa?connect_timeout=5&options=-c%20statement_timeout%3D5000"
  write_env
  local t0; t0=$(date +%s)
  say "PostgreSQL sur 127.0.0.1:$PG_PORT, Redis sur 127.0.0.1:$REDIS_PORT"
  init_db
  start_redis
  say "$ACTIONS_REPLICAS serveur(s) d'actions à partir du port $ACTIONS_PORT_BASE"
  start_actions
  write_nginx_conf
  start_nginx
  say "nginx : façade 127.0.0.1:$NGINX_PORT, actions 127.0.0.1:$NGINX_ACTIONS_PORT"
  say "$RASA_REPLICAS réplique(s) Rasa à partir du port $RASA_PORT_BASE (chargement du modèle…)"
  local i
  for i in $(seq 1 "$RASA_REPLICAS"); do spawn_rasa "$i"; done
  for i in $(seq 1 "$RASA_REPLICAS"); do wait_rasa "$i"; done
  wait_http "http://127.0.0.1:$NGINX_PORT/" 30 "nginx"
  say "prête en $(( $(date +%s) - t0 )) s — variables : $ENV_FILE"
}

cmd_stop() {
  [ -d "$TOPO_DIR" ] || { say "rien à arrêter ($TOPO_DIR absent)"; return 0; }
  local i
  if [ -f "$PIDS/nginx.pid" ] && kill -0 "$(cat "$PIDS/nginx.pid")" 2>/dev/null; then
    nginx -s quit -c "$TOPO_DIR/nginx/nginx.conf" -p "$TOPO_DIR/nginx/" -e "$LOGS/nginx-error.log" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$(cat "$PIDS/nginx.pid")" 2>/dev/null || break; sleep 0.25; done
  fi
  stop_pid nginx
  signal_actions CONT 2>/dev/null || true
  # Toutes les répliques et tous les serveurs d'actions en même temps.
  # (wait sur ces arrêts seulement : les serveurs lancés par ce shell sont aussi ses enfants)
  local names=() n stoppers=()
  for i in $(seq 1 "$RASA_REPLICAS"); do names+=("rasa-$i"); done
  for i in $(seq 1 "$ACTIONS_REPLICAS"); do names+=("actions-$i"); done
  for n in "${names[@]}"; do stop_pid "$n" & stoppers+=($!); done
  wait "${stoppers[@]}"
  stop_pid redis
  stop_db
  say "arrêtée (journaux : $LOGS)"
}

cmd_status() {
  local name
  for f in "$PIDS"/*.pid; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .pid)
    if alive "$name"; then echo "$name: en marche (pid $(cat "$f"))"; else echo "$name: arrêté"; fi
  done
  if [ -f "$PGDATA/postmaster.pid" ]; then echo "postgresql: en marche"; else echo "postgresql: arrêté"; fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cat "$ENV_FILE" ;;
  kill-rasa) stop_pid "rasa-${2:?N}" KILL ;;
  stop-rasa) stop_pid "rasa-${2:?N}" ;;
  start-rasa) spawn_rasa "${2:?N}"; wait_rasa "$2" ;;
  stop-actions) signal_actions CONT 2>/dev/null || true; stop_actions ;;
  start-actions) start_actions; wait_http "http://127.0.0.1:$NGINX_ACTIONS_PORT/health" 30 "nginx → actions" ;;
  pause-actions) signal_actions STOP ;;
  resume-actions) signal_actions CONT; wait_http "http://127.0.0.1:$NGINX_ACTIONS_PORT/health" 30 "nginx → actions" ;;
  stop-db) stop_db ;;
  start-db) start_db ;;
  stop-redis) stop_pid redis ;;
  start-redis) start_redis ;;
  *) sed -n '2,22p' "$0"; exit 2 ;;
esac
