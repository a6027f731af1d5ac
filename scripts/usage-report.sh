#!/usr/bin/env bash
# Statistiques d'usage pour l'équipe du portail, lues dans le tracker store SQL de Rasa.
#
#   bash scripts/usage-report.sh <rasa.db | postgresql://utilisateur:motdepasse@hôte:5432/rasa> [rapport.md] [options]
#
# Par défaut le rapport va dans results/usage/usage-report.md (images dans
# results/usage/usage/), hors du dépôt : il cite les messages non compris (nettoyés
# des courriels, téléphones et longues suites de chiffres, mais relisez-le avant de
# le diffuser). Options (après le rapport) : --since AAAA-MM-JJ --until AAAA-MM-JJ
# --tz Europe/Paris --top 20 --json chiffres.json. L'adresse de la base peut aussi
# venir de la variable TRACKER_DB.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ge 1 ] && [ "${1#--}" = "$1" ]; then DB=$1; shift; else DB=${TRACKER_DB:-}; fi
if [ -z "$DB" ]; then
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
OUT=results/usage/usage-report.md
if [ $# -ge 1 ] && [ "${1#--}" = "$1" ]; then OUT=$1; shift; fi
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" SQLALCHEMY_SILENCE_UBER_WARNING=1
exec .venv/bin/python -W ignore -m eval.usage --db "$DB" --out "$OUT" "$@"
