"""ASGI entry point: Django for HTTP, the live consumers for websockets."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")
django_asgi_app = get_asgi_application()  # sets Django up before the consumers import models

from channels.routing import ProtocolTypeRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from workshop.demo import refuse_demo_account_in_production  # noqa: E402
from workshop.routing import websocket_application  # noqa: E402

refuse_demo_account_in_production()  # a production server with the README's demo login: no

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(websocket_application),
    }
)
