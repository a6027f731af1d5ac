#!/usr/bin/env bash
# Valide données, domaine et configuration ; tout avertissement est une erreur.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD" RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
echo "==> rasa data validate (avertissements = erreurs)"
.venv/bin/rasa data validate --fail-on-warnings --max-history 5
