"""Join-code guessing is throttled per client address (workshop/throttle.py)."""

import pytest

from tests.helpers import Client
from workshop import throttle

pytestmark = pytest.mark.django_db(transaction=True)


async def close_code_for(path: str, address: str) -> int | None:
    """Connect to `path` from `address`; the close code, or None if the socket stayed open."""
    client = Client(path)
    client.comm.scope["client"] = (address, 50000)
    connected, _ = await client.connect()
    assert connected
    if await client.comm.receive_nothing(timeout=0.2):
        await client.close()
        return None
    output = await client.comm.receive_output(timeout=3)
    assert output["type"] == "websocket.close"
    return output["code"]


async def test_guessing_join_codes_locks_the_address_out_even_for_a_real_code(session):
    guesser, neighbour = "198.51.100.7", "203.0.113.9"
    for n in range(throttle.JOIN_FAILURES_ALLOWED):
        assert await close_code_for(f"/ws/phone/GUESS{n}/", guesser) == 4404

    assert await close_code_for("/ws/phone/GUESSX/", guesser) == 4429
    assert await close_code_for(f"/ws/phone/{session.join_code}/", guesser) == 4429, (
        "a throttled address cannot tell a real code from a wrong one"
    )
    assert await close_code_for(f"/ws/phone/{session.join_code}/", neighbour) is None


async def test_joining_a_real_code_again_and_again_is_not_throttled(session):
    phone_behind_venue_nat = "192.0.2.44"
    for _ in range(throttle.JOIN_FAILURES_ALLOWED + 5):
        path = f"/ws/phone/{session.join_code.lower()}/"
        assert await close_code_for(path, phone_behind_venue_nat) is None


def test_the_counter_takes_requests_scopes_and_addresses_alike(rf):
    request = rf.get("/j/", REMOTE_ADDR="192.0.2.1")
    scope = {"type": "websocket", "client": ("192.0.2.1", 4000)}

    assert throttle.record_failed_join(request) == 1
    assert throttle.record_failed_join(scope) == 2
    assert throttle.record_failed_join("192.0.2.1") == 3
    assert throttle.check_join_attempt("192.0.2.2")
    for _ in range(throttle.JOIN_FAILURES_ALLOWED - 3):
        assert throttle.check_join_attempt(request)
        throttle.record_failed_join(request)
    assert not throttle.check_join_attempt(scope)
    throttle.reset_join_failures(request)
    assert throttle.check_join_attempt(scope)


def test_a_cache_that_is_down_lets_joins_through_rather_than_keeping_the_room_out(cache_down):
    assert throttle.check_join_attempt("192.0.2.9")
    assert throttle.record_failed_join("192.0.2.9") == 0
