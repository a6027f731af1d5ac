#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 supports Python ≤ 3.10).
# Looks at $PYTHON, python3.10 on the PATH, then pyenv's installed versions.
set -u
check() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }
for candidate in "${PYTHON:-}" python3.10 ; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if check "$path"; then echo "$path"; exit 0; fi
done
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for path in "$root"/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
  if [ -x "$path" ] && check "$path"; then echo "$path"; exit 0; fi
done
echo "Python 3.10 est introuvable (Rasa 3.6 ne fonctionne pas au-delà de Python 3.10)." >&2
echo "Installez-le, par exemple avec « pyenv install 3.10 », ou indiquez-le : make PYTHON=/chemin/vers/python3.10" >&2
exit 1
