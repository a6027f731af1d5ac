#!/usr/bin/env bash
# « make test » : validation des données, tests unitaires, entraînement,
# tests de conversation de bout en bout, widget, pont Matrix, topologie de
# production (PostgreSQL, Redis, nginx, 2 répliques). S'arrête à la première erreur.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$(date +%s)
step() { echo; echo "######## $1 ($(( $(date +%s) - t0 )) s)"; }
step "Validation des données"
make --no-print-directory validate
step "Tests unitaires (pytest)"
make --no-print-directory test-unit
step "Entraînement (si nécessaire)"
make --no-print-directory train
step "Tests de conversation (rasa test)"
make --no-print-directory test-e2e
step "Conversations complètes par le canal REST (serveurs réels)"
make --no-print-directory test-conversation
step "Widget web dans un navigateur (Chromium, Playwright, axe-core)"
make --no-print-directory test-widget
step "Pont Matrix/Tchap : test de bout en bout (Synapse + Rasa + pont)"
make --no-print-directory test-matrix
step "Production : répliques, pannes, entrées invalides, sécurité, purge"
make --no-print-directory test-production
step "Terminé"
