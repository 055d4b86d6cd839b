"""The live sockets. Phones need no login: they get the cookies only (the
participant's token cookie), not the session and user look-up the projector and
control page need, which costs every phone a trip through the database thread."""

from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from channels.sessions import CookieMiddleware
from django.urls import path

from workshop.live import consumers

websocket_urlpatterns = [
    path("ws/phone/<str:code>/", CookieMiddleware(consumers.PhoneConsumer.as_asgi())),
    path("ws/screen/<int:session_id>/", AuthMiddlewareStack(consumers.ScreenConsumer.as_asgi())),
    path("ws/control/<int:session_id>/", AuthMiddlewareStack(consumers.ControlConsumer.as_asgi())),
]
websocket_application = URLRouter(websocket_urlpatterns)
