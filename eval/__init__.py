"""Quality measurements and usage analytics of the assistant.

- :mod:`eval.metrics`  pure metrics (per-label precision/recall/F1, macro-F1,
  confusions, entity matching, latency statistics);
- :mod:`eval.rasa_results` readers of the files written by ``rasa test``;
- :mod:`eval.holdout` the held-out conversations and NLU examples, and the
  check that none of their texts is in the training data;
- :mod:`eval.measure` wall/CPU time and peak memory of a command, server start;
- :mod:`eval.run` the whole measurement (``make eval`` → ``scripts/eval.sh``);
- :mod:`eval.report` / :mod:`eval.plots` docs/quality.md and its images;
- :mod:`eval.usage` usage analytics from Rasa's SQL tracker store;
- :mod:`eval.synthetic` synthetic conversations saved through Rasa's own
  SQLTrackerStore (test fixture and docs/usage-report-example.md).
"""
