"""Rasa SDK action server: thin adapters between the tracker and ``assistant/``.

One module per concern: ``hygiene`` (greeting, handoff, feedback, fallback),
``faq`` (questions answered from the knowledge data), ``forms`` (validation of
the diagnostic), ``passing`` (answers said in passing), ``ask`` (the
diagnostic's questions), ``advice`` (the engine's result). The action server
(``server``) registers every ``Action`` subclass of every module of the package.
"""
