#!/usr/bin/env bash
# « make test-widget » : le widget web dans un vrai navigateur (Chromium de Debian
# piloté par Playwright, sans « playwright install »), avec axe-core.
# Démarre ses propres serveurs sur les ports 5255 (actions), 5205 (Rasa) et 8280 (démo).
# Arguments passés à pytest (ex. : scripts/test-widget.sh -k axe).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive PYTHONPATH="$PWD" RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
PY=.venv/bin/python
PLAYWRIGHT_VERSION=1.65.2   # vérifié avec Chromium 156 de Debian 12

if [ ! -x /usr/bin/chromium ]; then
  echo "==> Installation de Chromium (paquet Debian)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q chromium
fi

if [ "$($PY -c 'import importlib.metadata as m; print(m.version("playwright"))' 2>/dev/null)" != "$PLAYWRIGHT_VERSION" ]; then
  echo "==> Installation de Playwright $PLAYWRIGHT_VERSION dans .venv (sans navigateur téléchargé)"
  $PY -m pip install -q "playwright==$PLAYWRIGHT_VERSION"
fi

AXE=tests/widget/node_modules/axe-core/axe.min.js
AXE_VERSION=4.14.1
if [ ! -f "$AXE" ]; then
  echo "==> Installation d'axe-core (npm) dans tests/widget/node_modules"
  npm install --prefix tests/widget --no-save --no-package-lock --no-audit --no-fund --loglevel=error "axe-core@$AXE_VERSION"
fi

if [ ! -f models/current.tar.gz ]; then
  echo "Modèle absent (models/current.tar.gz) : lancez « make train »." >&2
  exit 1
fi

mkdir -p tests/artifacts/widget
AMO_WIDGET_TESTS=1 $PY -m pytest tests/widget -p no:cacheprovider "$@"
echo "Captures d'écran et journaux : tests/artifacts/widget/"
