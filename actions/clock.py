"""The date of the question: answers are computed at it (the thresholds in
force, the partners' open programmes, the profile of the diagnostic).

The actions call ``clock.today()`` (the module's attribute, read at each
call), so that a test or a script fixes the date of every action at once
(``monkeypatch.setattr(clock, "today", …)``).
"""
from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    return dt.date.today()
