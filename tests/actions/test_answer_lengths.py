"""The main answers fit a phone: every case of scripts/measure_answers.py
(testers' reports: secretaire M5, dgs M8, maire M2: « moi je veux 3 lignes »)."""
import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from actions import clock
from actions.render import MAX_BUBBLE, MAX_SOURCES

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "measure_answers.py"
_spec = importlib.util.spec_from_file_location("measure_answers", SCRIPT)
measure_answers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(measure_answers)

CASES = measure_answers.cases(measure_answers.DOMAIN)


@pytest.mark.parametrize("name", list(CASES))
def test_main_answers_are_short(name, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 11, 22))
    action, tracker = CASES[name]
    found = measure_answers.measure(measure_answers._run(action, tracker))
    assert 1 <= found["bubbles"] <= 4, found
    assert found["longest"] <= MAX_BUBBLE, found
    assert found["sources"] <= MAX_SOURCES and found["internal"] == 0, found


def test_the_diagnostic_result_and_its_update_are_shorter_still(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 11, 22))
    for name, limit in [("diagnostic, secrétaire (30 000 €, partenaires)", 3),
                        ("correction du montant (55 000 → 80 000 €)", 2)]:
        action, tracker = CASES[name]
        found = measure_answers.measure(measure_answers._run(action, tracker))
        assert found["bubbles"] <= limit and found["buttons"] == 4, (name, found)
