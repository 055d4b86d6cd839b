"""Fault tests run their own Daphne processes, so they can kill and restart them."""

import asyncio

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


async def wait_until(predicate, what: str, timeout: float = 20.0) -> None:
    """Poll `predicate` (cheap, or an awaitable-returning callable) until true or fail with `what`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = predicate()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if loop.time() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        await asyncio.sleep(0.05)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The personas' passwords hashed fast: these tests are about other things."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
