#!/usr/bin/env bash
# Dépendances système de la fiche de cadrage (PDF avec WeasyPrint) :
#   - Pango (mise en page du texte) : libpango-1.0-0, libpangoft2-1.0-0 ;
#   - polices libres : fonts-liberation2 (Liberation Sans) et fonts-dejavu-core ;
#   - poppler-utils (pdftoppm, pdfinfo) : les tests convertissent la fiche en PNG.
# Puis, si .venv existe et que WeasyPrint n'y est pas encore, les versions
# exactes de WeasyPrint et de ses dépendances (les mêmes que requirements.lock).
# Idempotent : sans rien à installer, il ne fait qu'interroger dpkg (< 1 s).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 fonts-dejavu-core poppler-utils)
PY_PINS=(weasyprint==70.0 pydyf==0.12.1 tinycss2==1.5.1 cssselect2==0.10.1 tinyhtml5==2.1.0
         pyphen==0.18.1 webencodings==0.6.1 brotli==1.2.1 zopfli==0.4.3)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$pkg")
done

if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "Il faut être root (ou avoir sudo) pour installer : ${missing[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  echo "==> Paquets Debian de la fiche de cadrage : ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -x .venv/bin/python ] && ! .venv/bin/python -c "import weasyprint" 2>/dev/null; then
  echo "==> WeasyPrint dans .venv (${PY_PINS[0]})"
  .venv/bin/python -m pip install --quiet --no-input "${PY_PINS[@]}"
fi
