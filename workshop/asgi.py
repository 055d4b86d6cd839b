"""ASGI entry point: Django for HTTP, the live consumers for websockets."""

import gc
import os
import pprint

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")
django_asgi_app = get_asgi_application()  # sets Django up before the consumers import models

from channels.routing import ProtocolTypeRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from workshop.demo import refuse_demo_account_in_production  # noqa: E402
from workshop.routing import websocket_application  # noqa: E402

refuse_demo_account_in_production()  # a production server with the README's demo login: no

# A live server holds a hall's sockets for hours: Python's full collections then
# scan every one of their objects and stop the event loop for 40-130 ms, twice
# in a few seconds of a placing hall (docs/performance.md). What was loaded at
# start is left out of those scans, and collections run less often.
GC_THRESHOLDS = (50_000, 20, 20)  # Python's own: (700, 10, 10)
gc.freeze()
gc.set_threshold(*GC_THRESHOLDS)


class LazyPrettyPrint:
    """pprint.pformat(value) made only when a log line is really written."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __str__(self) -> str:
        return pprint.pformat(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def quiet_autobahn_debug_lines() -> None:
    """Autobahn pretty-prints every socket's configuration and transport for two debug
    lines per connection, even with debug logging off: an eighth of the server's
    time while a hall joins (docs/performance.md). Format them only when written."""
    from autobahn.websocket import protocol

    if getattr(protocol, "pformat", None) is pprint.pformat:
        protocol.pformat = LazyPrettyPrint


quiet_autobahn_debug_lines()

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(websocket_application),
    }
)
