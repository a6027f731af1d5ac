#!/usr/bin/env bash
# Lance UN serveur d'actions (au premier plan, « exec ») sur 127.0.0.1:ACTIONS_PORT
# (défaut 5055). Plusieurs serveurs d'actions : plusieurs ports derrière l'amont
# nginx « amo_actions » (ops/topology.sh). Ils sont sans état, sauf les fiches de
# cadrage écrites dans FICHES_DIR (défaut var/fiches) : ce dossier doit être
# partagé par tous les serveurs d'actions (même machine, ou volume partagé).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. ops/dotenv.sh
load_dotenv .env   # .env (hors dépôt) ; l'environnement l'emporte
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}" RASA_TELEMETRY_ENABLED=false
export SANIC_HOST=${ACTIONS_INTERFACE:-127.0.0.1}
if [ -f actions/server.py ]; then
  # Serveur d'actions + route de téléchargement des fiches (/fiches/<id>.pdf|md).
  exec "${PY:-$ROOT/.venv/bin/python}" -m actions.server --port "${ACTIONS_PORT:-5055}"
fi
exec "${RASA:-$ROOT/.venv/bin/rasa}" run actions --actions actions --port "${ACTIONS_PORT:-5055}"
