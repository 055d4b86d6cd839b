from django.urls import path

from printables import views

urlpatterns = [
    path("sessions/<int:session_id>/print/<slug:name>.pdf", views.printable, name="printable"),
    path("j/<str:join_code>/handout.pdf", views.public_handout, name="public_handout"),
]
