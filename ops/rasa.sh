#!/usr/bin/env bash
# Lance UNE réplique Rasa (au premier plan : « exec », le PID est celui de Rasa),
# configurée par l'environnement (voir .env.example et docs/exploitation.md) :
#
#   RASA_PORT            port d'écoute (défaut 5005), sur RASA_INTERFACE (défaut 127.0.0.1)
#   RASA_MODEL           modèle (défaut models/current.tar.gz)
#   DB_URL               défini : PostgreSQL + Redis (ops/endpoints.postgres.yml) ;
#                        non défini : SQLite SQLITE_PATH (défaut var/rasa.db, ops/endpoints.sqlite.yml)
#   REDIS_HOST/PORT/DB/PASSWORD   verrous partagés (avec DB_URL)
#   ACTION_ENDPOINT_URL  serveur d'actions (défaut http://127.0.0.1:5055/webhook)
#   RASA_ENDPOINTS, RASA_CREDENTIALS  fichiers à utiliser à la place des choix ci-dessus
#   RASA_CORS_ORIGINS    origines autorisées, séparées par des espaces (défaut : aucune)
#   RASA_ENABLE_API=true API HTTP (trackers…) : exige RASA_AUTH_TOKEN ou RASA_JWT_SECRET
#   ACTION_TIMEOUT_SECONDS (10), TURN_TIMEOUT_SECONDS (25), MAX_MESSAGE_CHARS (2000),
#   TICKET_LOCK_LIFETIME (30), STORE_WAIT_SECONDS (60) : voir docs/exploitation.md
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. ops/dotenv.sh
load_dotenv .env   # .env (hors dépôt) ; l'environnement l'emporte

export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}" RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:5055/webhook}
export TICKET_LOCK_LIFETIME=${TICKET_LOCK_LIFETIME:-30}
RASA=${RASA:-$ROOT/.venv/bin/rasa}
PY=${PY:-$ROOT/.venv/bin/python}
MODEL=${RASA_MODEL:-models/current.tar.gz}

if [ -n "${DB_URL:-}" ]; then
  export REDIS_HOST=${REDIS_HOST:-127.0.0.1} REDIS_PORT=${REDIS_PORT:-6379} \
         REDIS_DB=${REDIS_DB:-0} REDIS_PASSWORD=${REDIS_PASSWORD:-}
  ENDPOINTS=${RASA_ENDPOINTS:-ops/endpoints.postgres.yml}
else
  export SQLITE_PATH=${SQLITE_PATH:-var/rasa.db}
  mkdir -p "$(dirname "$SQLITE_PATH")"
  ENDPOINTS=${RASA_ENDPOINTS:-ops/endpoints.sqlite.yml}
fi
CREDENTIALS=${RASA_CREDENTIALS:-ops/credentials.yml}

args=(run --model "$MODEL" --endpoints "$ENDPOINTS" --credentials "$CREDENTIALS"
      --interface "${RASA_INTERFACE:-127.0.0.1}" --port "${RASA_PORT:-5005}")

if [ -n "${RASA_CORS_ORIGINS:-}" ]; then
  read -r -a origins <<<"$RASA_CORS_ORIGINS"
  args+=(--cors "${origins[@]}")
fi

case "${RASA_ENABLE_API:-false}" in
  true|1|yes)
    if [ -n "${RASA_JWT_SECRET:-}" ]; then
      args+=(--enable-api --jwt-secret "$RASA_JWT_SECRET" --jwt-method "${RASA_JWT_METHOD:-HS256}")
    elif [ -n "${RASA_AUTH_TOKEN:-}" ]; then
      args+=(--enable-api --auth-token "$RASA_AUTH_TOKEN")
    else
      echo "ERREUR : RASA_ENABLE_API=true exige RASA_AUTH_TOKEN ou RASA_JWT_SECRET (API jamais ouverte sans authentification)." >&2
      exit 2
    fi ;;
esac

# Bases injoignables au démarrage : une erreur claire, puis abandon (code 3)
# au bout de STORE_WAIT_SECONDS, plutôt que l'attente sans fin de Rasa.
"$PY" ops/check_stores.py --endpoints "$ENDPOINTS" --wait "${STORE_WAIT_SECONDS:-60}"

exec "$RASA" "${args[@]}"
