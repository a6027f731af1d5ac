"""bench.load.explained_by_a_resend: the only off-course conversation the
replica-kill test tolerates is a message processed twice after a lost reply."""
from bench.load import explained_by_a_resend

ACK = ["m0", "m1", "m2", "m3"]


def test_a_message_resent_after_a_lost_reply_and_stored_twice_is_explained():
    assert explained_by_a_resend(ACK, ACK + ["pas encore", "pas encore"], ["pas encore"])


def test_anything_else_is_not():
    # Not resent after a lost reply.
    assert not explained_by_a_resend(ACK, ACK + ["pas encore", "pas encore"], [])
    # Stored once only, or three times, or another message.
    assert not explained_by_a_resend(ACK, ACK + ["pas encore"], ["pas encore"])
    assert not explained_by_a_resend(ACK, ACK + ["pas encore"] * 3, ["pas encore"])
    assert not explained_by_a_resend(ACK, ACK + ["pas encore", "autre"], ["pas encore"])
    # An acknowledged message lost or out of order.
    assert not explained_by_a_resend(ACK, ["m0", "m2", "m3", "x", "x"], ["x"])
    assert not explained_by_a_resend(ACK, ["m1", "m0", "m2", "m3", "x", "x"], ["x"])
