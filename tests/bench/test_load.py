"""bench.load's simulated user, against a small fake REST channel: a message
whose reply is lost is sent again with the same message_id, so that the
assistant answers it from the conversation instead of processing it twice
(channels/rest.py)."""
import asyncio

import aiohttp
from aiohttp import web

from bench import load, scenario


async def _talk(lose_first_reply_of_step: int):
    bodies = []
    lost = set()

    async def webhook(request):
        body = await request.json()
        bodies.append(body)
        step = len({b["message_id"] for b in bodies}) - 1
        if step == lose_first_reply_of_step and step not in lost:
            lost.add(step)
            return web.Response(status=502, text="Bad Gateway")
        # Step 0 answered as the assistant would; any later step gets an
        # unexpected reply and the simulated user stops.
        text = "réponse inattendue"
        if step == 0:
            amount = int("".join(c for c in body["message"] if c.isdigit())[3:])
            text = f"{scenario.shown_amount(amount)} noté. {scenario.STEPS[0][1]} ?"
        return web.json_response([{"recipient_id": body["sender"], "text": text}])

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    turns = []
    try:
        async with aiohttp.ClientSession() as session:
            result = await load.conversation(
                session, f"http://127.0.0.1:{port}/webhooks/rest/webhook", user=3, index=0,
                think=(0.0, 0.0), turns=turns, retry_unavailable=5.0, timeout=5.0, tag="t")
    finally:
        await runner.cleanup()
    return bodies, turns, result


def test_a_message_whose_reply_is_lost_is_sent_again_with_the_same_id():
    bodies, turns, result = asyncio.run(_talk(lose_first_reply_of_step=1))
    # Step 0 answered; step 1: 502 (reply lost), then the same message with the
    # same id; its reply is not the expected one, so the user stops there.
    assert [(t.step, t.status) for t in turns] == [(0, 200), (1, 502), (1, 200)]
    assert [b["message_id"] for b in bodies] == [f"{result.sender}-0", f"{result.sender}-1",
                                                  f"{result.sender}-1"]
    assert [b["message"] for b in bodies] == [scenario.message(0, result.amount)] + \
        [scenario.message(1, result.amount)] * 2
    assert result.acknowledged == [scenario.message(0, result.amount)]
    assert result.resent_after_lost_reply == [scenario.message(1, result.amount)]
    assert not result.completed
