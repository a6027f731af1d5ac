#!/usr/bin/env bash
# « make eval » : qualité de la compréhension et du dialogue, performances, et
# comparaison avec le pipeline de référence (config.baseline.yml), dans la même
# exécution. Écrit docs/quality.md et ses images (docs/quality/) ; résultats
# bruts dans results/eval/. Compter 45 à 90 minutes sur 2 cœurs (validation
# croisée à 5 plis + deux entraînements complets).
#
# Arguments passés à « python -m eval.run », par exemple, pour un essai rapide
# qui n'écrase pas docs/ :
#   bash scripts/eval.sh --epochs 3 --folds 2 --out /tmp/eval --report /tmp/eval/quality.md
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" RASA_TELEMETRY_ENABLED=false \
       TF_CPP_MIN_LOG_LEVEL=2 PYTHONHASHSEED=0 SQLALCHEMY_SILENCE_UBER_WARNING=1
if [ -n "$(git status --porcelain -- data/nlu 2>/dev/null)" ]; then
  echo "==> Attention : data/nlu contient des modifications non commitées (elles seront mesurées)." >&2
fi
exec .venv/bin/python -W ignore -m eval.run "$@"
