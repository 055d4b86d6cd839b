"""ASGI entry point: Django for HTTP, the live consumers for websockets."""

import os
import pprint

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")
django_asgi_app = get_asgi_application()  # sets Django up before the consumers import models

from channels.routing import ProtocolTypeRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from workshop.demo import refuse_demo_account_in_production  # noqa: E402
from workshop.live import collector  # noqa: E402
from workshop.routing import websocket_application  # noqa: E402

refuse_demo_account_in_production()  # a production server with the README's demo login: no

collector.prepare()  # garbage collection for a server that holds a hall for hours


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
