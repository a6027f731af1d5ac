#!/usr/bin/env bash
# Lance le serveur d'actions (5055) et Rasa (5005, canaux REST et socket.io),
# ou « rasa shell » avec --shell. Ctrl-C arrête tout (aucun processus orphelin).
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD" RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
RASA=.venv/bin/rasa
ACTIONS_PORT=${ACTIONS_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}
WIDGET_PORT=${WIDGET_PORT:-8080}
mkdir -p logs var
ENDPOINTS=${ENDPOINTS:-endpoints.yml}
if [ "$ACTIONS_PORT" != 5055 ]; then   # another port: point Rasa at it
  sed "s#localhost:5055#localhost:$ACTIONS_PORT#" "$ENDPOINTS" > "logs/endpoints-$ACTIONS_PORT.yml"
  ENDPOINTS="logs/endpoints-$ACTIONS_PORT.yml"
fi
pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

wait_http() {  # url, seconds, name
  for _ in $(seq 1 "$2"); do
    if .venv/bin/python -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1" 2>/dev/null; then return 0; fi
    sleep 1
  done
  echo "$3 n'a pas démarré à temps (voir logs/)." >&2; return 1
}

export FICHES_DIR=${FICHES_DIR:-$PWD/var/fiches} FICHES_PUBLIC_URL=${FICHES_PUBLIC_URL:-http://localhost:$ACTIONS_PORT}
echo "==> Serveur d'actions et fiches de cadrage sur le port $ACTIONS_PORT (journal : logs/actions.log)"
.venv/bin/python -m actions.server --port "$ACTIONS_PORT" >logs/actions.log 2>&1 &
pids+=($!)
wait_http "http://localhost:$ACTIONS_PORT/health" 60 "Le serveur d'actions"

if [ "${1:-}" = "--shell" ]; then
  $RASA shell --model models/current.tar.gz --endpoints "$ENDPOINTS" --port "$RASA_PORT"
  exit 0
fi

echo "==> Assistant Rasa sur le port $RASA_PORT (journal : logs/rasa.log)"
$RASA run --model models/current.tar.gz --endpoints "$ENDPOINTS" --credentials credentials.yml \
  --port "$RASA_PORT" --cors "${RASA_CORS_ORIGINS:-http://localhost:$WIDGET_PORT}" >logs/rasa.log 2>&1 &
pids+=($!)
wait_http "http://localhost:$RASA_PORT/" 180 "Rasa"
echo "==> Widget et portail de démonstration sur le port $WIDGET_PORT (journal : logs/widget.log)"
.venv/bin/python widget/serve.py --port "$WIDGET_PORT" --rasa-url "http://localhost:$RASA_PORT" >logs/widget.log 2>&1 &
pids+=($!)
wait_http "http://localhost:$WIDGET_PORT/demo/" 20 "Le serveur du widget"
cat <<MSG

L'assistant est prêt.
  Widget    : http://localhost:$WIDGET_PORT/demo/  (portail de démonstration)
  REST      : curl -s localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"essai","message":"Bonjour"}'
  socket.io : http://localhost:$RASA_PORT/socket.io
Ctrl-C pour tout arrêter.
MSG
wait -n "${pids[@]}"
