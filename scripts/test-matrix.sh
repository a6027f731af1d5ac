#!/usr/bin/env bash
# Test de bout en bout du pont Matrix (« make test-matrix ») : installe ce qu'il
# faut (.venv-bridge, .venv-synapse), puis tests/matrix avec un vrai Synapse,
# le serveur d'actions, Rasa (models/current.tar.gz) et le pont, tous sur
# 127.0.0.1. Journaux : tests/artifacts/matrix/logs/.
#   MATRIX_TEST_FAKE_RASA=1 : Rasa factice (pas besoin de modèle ni de .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
source bridge/venv.sh

export MATRIX_E2E=1 PYTHONPATH="$PWD" RASA_TELEMETRY_ENABLED=false
export MATRIX_TEST_DIR=${MATRIX_TEST_DIR:-$PWD/tests/artifacts/matrix}

# Tout ce que le test a démarré est arrêté, même s'il échoue ou est interrompu
# (chaque processus a son propre groupe, listé dans $MATRIX_TEST_DIR/pids).
cleanup() {
  local pid
  if [ -f "$MATRIX_TEST_DIR/pids" ]; then
    while read -r pid; do
      [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && kill -TERM -- "-$pid" 2>/dev/null || true
    done < "$MATRIX_TEST_DIR/pids"
    sleep 1
    while read -r pid; do
      [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && kill -KILL -- "-$pid" 2>/dev/null || true
    done < "$MATRIX_TEST_DIR/pids"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "${MATRIX_TEST_FAKE_RASA:-}" ]; then
  if [ ! -f models/current.tar.gz ] || [ ! -x .venv/bin/rasa ]; then
    echo "Modèle ou environnement Rasa absent : lancez « make train » (ou MATRIX_TEST_FAKE_RASA=1)." >&2
    exit 1
  fi
fi

start=$(date +%s)
# Les deux environnements s'installent en parallèle.
ensure_venv .venv-synapse tests/matrix/synapse-requirements.lock &
synapse_install=$!
ensure_venv .venv-bridge bridge/requirements.lock tests/matrix/test-requirements.lock
wait "$synapse_install" || { echo "Installation de Synapse impossible" >&2; exit 1; }
installed=$(date +%s)
echo "==> Environnements prêts en $((installed - start)) s"

status=0
timeout --kill-after=30 480 .venv-bridge/bin/python -m pytest tests/matrix -p no:cacheprovider -rs "$@" || status=$?
echo "==> Tests Matrix en $(( $(date +%s) - installed )) s (installation : $((installed - start)) s)"
[ "$status" -eq 124 ] && echo "Délai de 8 minutes dépassé : journaux dans $MATRIX_TEST_DIR/logs" >&2
exit "$status"
