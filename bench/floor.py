"""The frameworks' floor for a joining hall: what Daphne, autobahn and Channels
cost per phone before any of our work.

Served the way workshop/asgi.py serves phones (the same Daphne command line,
the same origin check, URL router and cookie middleware, the same start-up
settings), its consumer only accepts and answers each message with an ack:
no database, no hub. `python bench/load.py --phones 1000 --join-only --floor`
measures it with the same client; docs/performance.md compares the two.
"""

import itertools

import msgspec
from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from channels.sessions import CookieMiddleware
from django.urls import path

import workshop.asgi  # noqa: F401  Django set up, and the server's start-up settings

numbers = itertools.count(1)


class AckingConsumer(AsyncWebsocketConsumer):
    channel_layer_alias = "none"  # like the project's consumers: no channel of its own

    async def dispatch(self, message):
        # Like the project's consumers: no database clean-up hop before every frame.
        await getattr(self, get_handler_name(message))(message)

    async def receive(self, text_data=None, bytes_data=None):
        message = msgspec.json.decode(text_data or "{}")
        number = next(numbers)
        ack = {"type": "ack", "id": message.get("id"), "participant": number, "token": f"t{number}"}
        await self.send(text_data=msgspec.json.encode(ack).decode())


application = ProtocolTypeRouter(
    {
        "websocket": AllowedHostsOriginValidator(
            URLRouter([path("ws/phone/<str:code>/", CookieMiddleware(AckingConsumer.as_asgi()))])
        )
    }
)
