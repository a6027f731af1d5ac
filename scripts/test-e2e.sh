#!/usr/bin/env bash
# Tests de conversation de bout en bout : NLU → politique → actions → réponses,
# sur les histoires de test de tests/e2e/ (toute erreur de prédiction fait échouer).
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD" RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
mkdir -p logs results var
.venv/bin/python -m actions.server --port 5055 >logs/actions-test.log 2>&1 &
actions_pid=$!
trap 'kill $actions_pid 2>/dev/null; wait $actions_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://localhost:5055/health', timeout=2)" 2>/dev/null && break
  sleep 1
done
echo "==> rasa test core --fail-on-prediction-errors (tests/e2e)"
.venv/bin/rasa test core --model models/current.tar.gz --endpoints endpoints.yml \
  --stories tests/e2e --fail-on-prediction-errors --out results/e2e
.venv/bin/python scripts/e2e_summary.py results/e2e
