from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from workshop import views

urlpatterns = [
    path("", views.home, name="home"),
    path("j/", views.join_by_code, name="join_by_code"),
    path("j/<str:code>/", views.join, name="join"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("facilitator/", views.dashboard, name="dashboard"),
    path("facilitator/sessions/new/", views.session_create, name="session_create"),
    path("facilitator/sessions/<int:session_id>/", views.control, name="control"),
    path("facilitator/sessions/<int:session_id>/edit/", views.session_edit, name="session_edit"),
    path("facilitator/sessions/<int:session_id>/screen/", views.screen, name="screen"),
    path(
        "facilitator/sessions/<int:session_id>/duplicate/",
        views.session_duplicate,
        name="session_duplicate",
    ),
    path("facilitator/library/", views.library, name="library"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("printables.urls")),
]
