import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Every test starts with no failed joins counted against the test client's address."""
    cache.clear()
    yield
    cache.clear()
