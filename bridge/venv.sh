# Fonctions communes à scripts/matrix.sh et scripts/test-matrix.sh (à sourcer).
#
# Le pont et Synapse ont chacun leur environnement Python (.venv-bridge,
# .venv-synapse) : matrix-nio 0.26 demande aiohttp ≥ 3.10 et Synapse pydantic 2,
# incompatibles avec Rasa 3.6 (.venv, aiohttp < 3.10, pydantic 1).

# Un Python 3.11 (sinon 3.12 ou 3.10) : $BRIDGE_PYTHON_BIN, le PATH, puis pyenv.
find_bridge_python() {
  local candidate path root
  ok() { "$1" -c 'import sys; sys.exit(0 if (3, 10) <= sys.version_info[:2] <= (3, 12) else 1)' >/dev/null 2>&1; }
  for candidate in "${BRIDGE_PYTHON_BIN:-}" python3.11 python3.12 python3.10; do
    [ -n "$candidate" ] || continue
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if ok "$path"; then echo "$path"; return 0; fi
  done
  root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
  for path in "$root"/versions/3.11*/bin/python3.11 "$root"/versions/3.12*/bin/python3.12 \
              "$root"/versions/3.10*/bin/python3.10 /usr/bin/python3.11 /usr/bin/python3.12; do
    if [ -x "$path" ] && ok "$path"; then echo "$path"; return 0; fi
  done
  echo "Python 3.10 à 3.12 introuvable pour le pont Matrix (3.11 conseillé) ; indiquez-le avec BRIDGE_PYTHON_BIN=/chemin/python3.11" >&2
  return 1
}

# ensure_venv DOSSIER FICHIER.lock… : crée l'environnement s'il manque et installe
# les versions exactes des fichiers .lock ; ne refait rien pour un fichier .lock
# déjà installé tel quel (son empreinte est notée dans DOSSIER/.installed).
ensure_venv() {
  local dir=$1; shift
  local stamp="$dir/.installed" lock sum python missing=0
  for lock in "$@"; do
    sum=$(sha256sum "$lock" | cut -d' ' -f1)
    grep -qxF "$lock $sum" "$stamp" 2>/dev/null || missing=1
  done
  if [ -x "$dir/bin/python" ] && [ "$missing" -eq 0 ]; then
    return 0
  fi
  if [ ! -x "$dir/bin/python" ]; then
    python=$(find_bridge_python) || return 1
    echo "==> Création de $dir avec $python"
    "$python" -m venv "$dir"
    rm -f "$stamp"
  fi
  echo "==> Installation dans $dir ($*)"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --upgrade "pip>=24"
  local args=()
  for lock in "$@"; do args+=(-r "$lock"); done
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "${args[@]}"
  "$dir/bin/python" -m pip check >/dev/null
  for lock in "$@"; do
    sum=$(sha256sum "$lock" | cut -d' ' -f1)
    { grep -v "^$lock " "$stamp" 2>/dev/null || true; echo "$lock $sum"; } > "$stamp.tmp"
    mv "$stamp.tmp" "$stamp"
  done
}
