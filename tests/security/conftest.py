import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Every test starts with no failed joins counted against the test client's address."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The personas' passwords hashed fast: these tests are about other things."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cache_down(monkeypatch):
    """The throttles' cache (Redis in production) answers every call with an error."""
    from workshop import throttle

    class Down:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("cache down")

            return fail

    monkeypatch.setattr(throttle, "cache", Down())
    down = Down()
    for method in ("get", "set", "add", "incr", "delete", "touch", "get_many", "set_many"):
        monkeypatch.setattr(cache, method, getattr(down, method))  # Django's cache itself
