#!/usr/bin/env bash
# Statistiques d'usage pour l'équipe du portail, lues dans le tracker store SQL de Rasa.
#
#   bash scripts/usage-report.sh <rasa.db | postgresql://utilisateur:motdepasse@hôte:5432/rasa> [rapport.md] [options]
#   bash scripts/usage-report.sh --db <base> [--out rapport.md | --out dossier/] [options]
#
# Par défaut le rapport va dans results/usage/usage-report.md (images à côté, dans
# usage/), hors du dépôt : il cite les messages non compris (nettoyés des courriels,
# téléphones et longues suites de chiffres, mais relisez-le avant de le diffuser).
# Options : --since AAAA-MM-JJ --until AAAA-MM-JJ --tz Europe/Paris --top 20
# --json chiffres.json. La base peut aussi venir de la variable TRACKER_DB.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" SQLALCHEMY_SILENCE_UBER_WARNING=1
usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
args=()
if [ $# -ge 1 ] && [ "${1#--}" = "$1" ]; then        # positional form: <base> [rapport.md]
  args+=(--db "$1"); shift
  if [ $# -ge 1 ] && [ "${1#--}" = "$1" ]; then args+=(--out "$1"); shift; fi
fi
args+=("$@")
case " ${args[*]-} " in *" --db "*) ;; *) [ -n "${TRACKER_DB:-}" ] || usage; args+=(--db "$TRACKER_DB") ;; esac
case " ${args[*]} " in *" --out "*) ;; *) args+=(--out results/usage/usage-report.md) ;; esac
exec .venv/bin/python -W ignore -m eval.usage "${args[@]}"
