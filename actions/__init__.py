"""Rasa SDK action server: thin adapters between the tracker and ``assistant/``.

One module per concern: ``hygiene`` (greeting, handoff, feedback, fallback),
``faq`` (questions answered from the knowledge data: it picks the answer),
``procurement`` (thresholds, routes of an amount, dates), ``definitions``
(terms, partners' cards), ``proposal`` (a provider's proposal pasted in),
``forms`` (the diagnostic form), ``validators`` and ``amount`` (validation of
its answers), ``corrections`` (questions explained, asked again, answers said
back), ``passing`` (answers said in passing), ``ask`` (the diagnostic's
questions), ``advice`` (the engine's result), ``clock`` (the date of the
question). The action server (``server``) registers every ``Action``
subclass of every module of the package.
"""
