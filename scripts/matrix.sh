#!/usr/bin/env bash
# Lance le pont Matrix/Tchap ↔ Rasa (« make matrix »). Rasa doit tourner à part
# (« make run », RASA_URL=http://localhost:5005 par défaut).
# Configuration : variables d'environnement ou fichier .env (modèle : bridge/.env.example).
# Crée .venv-bridge (Python 3.11) et y installe bridge/requirements.lock si besoin.
set -euo pipefail
cd "$(dirname "$0")/.."
source bridge/venv.sh
ensure_venv .venv-bridge bridge/requirements.lock
.venv-bridge/bin/python -m bridge --check
exec .venv-bridge/bin/python -m bridge "$@"
