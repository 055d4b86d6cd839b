from django.urls import path

from workshop.live import consumers

websocket_urlpatterns = [
    path("ws/phone/<str:code>/", consumers.PhoneConsumer.as_asgi()),
    path("ws/screen/<int:session_id>/", consumers.ScreenConsumer.as_asgi()),
    path("ws/control/<int:session_id>/", consumers.ControlConsumer.as_asgi()),
]
