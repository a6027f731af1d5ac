"""Settings shared by every test directory.

Hypothesis: the property tests assert behaviour, not speed (speed is measured in
bench/). Its default 200 ms deadline per example made them fail at random on a
loaded 2-core machine (a unit run beside a training), so there is no deadline.
The examples are derived from each test (derandomize): a failure is reproduced by
running the test again, on any machine. The Matrix bridge's own environment
(.venv-bridge) has no Hypothesis and no property test: nothing to set there.
"""
try:
    from hypothesis import settings
except ImportError:
    settings = None

if settings is not None:
    settings.register_profile("amo", deadline=None, derandomize=True)
    settings.load_profile("amo")
