"""Helpers shared by the tests of the questions answered at any time
(``test_faq``, ``test_procurement``, ``test_definitions``)."""

NNBSP, NBSP = "\u202f", "\u00a0"


def after_message(tracker, text, intent, entities=()):
    """The tracker, with an earlier user message before its latest one."""
    earlier = {"event": "user", "text": text,
               "parse_data": {"intent": {"name": intent}, "entities": list(entities)}}
    tracker.events[:0] = [earlier, {"event": "bot", "text": "…"},
                          {"event": "action", "name": "action_listen"}]
    return tracker


def plain(result) -> str:
    """The messages' text, with plain spaces for French typography's no-break ones."""
    return result.text.replace(NBSP, " ").replace(NNBSP, " ")
