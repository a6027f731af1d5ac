"""Rasa SDK action server: thin adapters between the tracker and ``assistant/``.

One module per concern: ``hygiene`` (greeting, handoff, feedback, fallback),
``faq`` (questions answered from the knowledge data), ``forms`` (validation of
the diagnostic), ``advice`` (the engine's result).
"""
