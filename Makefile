# Deux commandes pour commencer : « make run » (l'assistant) et « make test » (les tests).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
RASA      := $(VENV)/bin/rasa
STAMP     := $(VENV)/.installed
MODEL     := models/current.tar.gz
# Ce dont dépend le modèle : s'il change, on réentraîne ; sinon, jamais.
MODEL_DEPS := config.yml domain.yml $(shell find data components -type f \( -name '*.yml' -o -name '*.py' \) 2>/dev/null) \
              assistant/text.py assistant/amounts.py

export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONHASHSEED := 0

.PHONY: help install run shell train test test-unit validate test-e2e test-conversation test-widget matrix test-matrix test-production bench purge eval lock clean

help:
	@echo "make run    : installe si besoin, entraîne si besoin, lance l'assistant (Ctrl-C pour arrêter)"
	@echo "make test   : installe si besoin, valide les données, tests unitaires, entraînement, conversations, widget, Matrix, production (≈ 25 min)"
	@echo "make shell  : conversation dans le terminal (rasa shell)"
	@echo "make train  : entraîne le modèle si les données ont changé"
	@echo "make eval   : validation croisée NLU et rapport dans docs/"
	@echo "make clean  : supprime modèles, résultats et caches (garde .venv)"
	@echo "make test-widget : le widget web dans Chromium (Playwright, axe-core ; installe ce qui manque)"
	@echo "make matrix      : lance le pont Matrix/Tchap (Rasa doit tourner : make run ; configuration : .env, voir bridge/.env.example)"
	@echo "make test-matrix : test de bout en bout du pont Matrix (Synapse, Rasa et pont, en local)"
	@echo "make test-production : 2 répliques Rasa (PostgreSQL, Redis, nginx) : pannes, entrées invalides, sécurité, purge (≈ 6 min)"
	@echo "make bench       : mesures de charge 1 à 200 conversations simultanées, 1 et 2 répliques (≈ 20 min, voir docs/performance.md)"
	@echo "make purge       : purge RGPD des conversations inactives depuis plus de JOURS jours (défaut : RETENTION_DAYS, sinon 30 ; ex. make purge JOURS=30)"

install: $(STAMP)

$(STAMP): requirements.lock scripts/install.sh scripts/install-fiche-deps.sh
	@bash scripts/install.sh
	@bash scripts/install-fiche-deps.sh   # Pango, polices, poppler-utils (fiche de cadrage PDF)
	@touch $@

train: $(MODEL)

$(MODEL): $(STAMP) $(MODEL_DEPS)
	@echo "==> Entraînement du modèle (données, domaine ou configuration modifiés)"
	$(RASA) train --fixed-model-name current --out models --quiet
	@touch $@

run: $(MODEL)
	@bash scripts/run.sh

shell: $(MODEL)
	@bash scripts/run.sh --shell

validate: $(STAMP)
	@bash scripts/validate.sh

test-unit: $(STAMP)
	$(PY) -m pytest -m "not slow" tests/assistant tests/actions tests/components tests/data tests/matrix tests/eval tests/channels tests/ops tests/bench

test-conversation: $(MODEL)
	$(PY) -m pytest -m slow tests/conversation tests/shell

test-e2e: $(MODEL)
	@bash scripts/test-e2e.sh

test: $(STAMP)
	@bash scripts/test.sh

test-widget: $(MODEL)
	@bash scripts/test-widget.sh

matrix:
	@bash scripts/matrix.sh

test-matrix: $(MODEL)
	@bash scripts/test-matrix.sh

# Tests de production (topologie complète sur la boucle locale ; installe
# postgresql, redis-server et nginx avec apt-get s'ils manquent).
test-production: $(MODEL)
	@bash scripts/test-production.sh

# Mesures de charge (pas un test) : résultats dans bench/results/, voir docs/performance.md.
bench: $(MODEL)
	@bash bench/run.sh

# Purge RGPD : conversations dont le dernier message a plus de JOURS jours, et
# fiches de cadrage aussi anciennes. JOURS absent : RETENTION_DAYS (environnement
# ou .env), sinon 30. Base : DB_URL (PostgreSQL) ou SQLITE_PATH (défaut
# var/rasa.db), lus comme ops/rasa.sh (.env compris). PURGE_ARGS=--dry-run :
# compter sans supprimer. À planifier chaque jour (cron, docs/exploitation.md).
purge: $(STAMP)
	$(PY) ops/purge.py $(if $(JOURS),--days $(JOURS)) $(PURGE_ARGS)

eval: $(MODEL)
	@bash scripts/eval.sh

lock: $(STAMP)
	$(VENV)/bin/pip freeze --exclude-editable | sort > requirements.lock

clean:
	rm -rf models results .rasa tests/artifacts .pytest_cache .hypothesis
	find . -name __pycache__ -type d -not -path './.venv*' -prune -exec rm -rf {} +
