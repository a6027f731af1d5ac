"""The action server's discovery of the actions (``actions.server.create_app``,
rasa_sdk's ``ActionExecutor.register_package("actions")``: every module of the
package imported, every subclass of ``Action`` registered). The actions live in
several modules (``actions.forms``, ``actions.ask``…): each one the domain names
must be registered, or Rasa gets a 404 for it at run time."""
import asyncio
import json

from sanic import Sanic

from actions.server import create_app


def _registered():
    Sanic.test_mode = True       # several apps in one test process
    app = create_app("actions")
    route = next(r for r in app.router.routes if r.path == "actions")
    reply = asyncio.run(route.handler(None))
    return {action["name"] for action in json.loads(reply.body)}


def test_every_action_of_the_domain_is_registered_by_the_server(domain):
    registered = _registered()
    custom = [a for a in domain["actions"] if not a.startswith("utter_")]
    assert custom and not [a for a in custom if a not in registered]


def test_every_question_of_every_form_has_its_ask_action_or_response(domain):
    """A form asks each slot with action_ask_<slot> (registered) or
    utter_ask_<slot> (a response of the domain)."""
    registered = _registered()
    missing = [f"{form}: {slot}" for form, spec in domain["forms"].items()
               for slot in spec["required_slots"]
               if f"action_ask_{slot}" not in registered
               and f"utter_ask_{slot}" not in domain["responses"]]
    assert not missing
