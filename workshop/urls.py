from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from workshop import accounts
from workshop.pages import accounts_views, phone, toolkit, views

urlpatterns = [
    path("", views.home, name="home"),
    path("j/", views.join_by_code, name="join_by_code"),
    path("fonts/faces.css", views.typeface_css, name="typeface_css"),
    path("fonts/<str:name>", views.typeface_file, name="typeface_file"),
    path("j/sw.js", phone.service_worker, name="phone_service_worker"),
    path("j/said.<str:language>.json", phone.result_words, name="phone_result_words"),
    path("j/<str:code>/", phone.join, name="join"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Django's own views for choosing, changing and resetting a password (templates/registration/).
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(form_class=accounts.ChangePasswordForm),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/reset/",
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt"
        ),
        name="password_reset",
    ),
    path(
        "accounts/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=accounts.ChoosePasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("facilitator/team/", accounts_views.team, name="team"),
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
    path(
        "facilitator/sessions/<int:session_id>/delete/",
        views.session_delete,
        name="session_delete",
    ),
    path("facilitator/library/", views.library, name="library"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("printables.urls")),
]

# The facilitator's toolkit: decks, card images, exports, co-hosts.
urlpatterns += [
    path("facilitator/decks/", toolkit.deck_list, name="deck_list"),
    path("facilitator/decks/<int:deck_id>/", toolkit.deck_detail, name="deck_detail"),
    path("facilitator/decks/<int:deck_id>/compare/", toolkit.deck_compare, name="deck_compare"),
    path("facilitator/decks/<int:deck_id>/rename/", toolkit.deck_rename, name="deck_rename"),
    path("facilitator/decks/<int:deck_id>/delete/", toolkit.deck_delete, name="deck_delete"),
    path("facilitator/sessions/<int:session_id>/save-deck/", toolkit.deck_save, name="deck_save"),
    path(
        "facilitator/sessions/<int:session_id>/facilitators/",
        toolkit.facilitators,
        name="session_facilitators",
    ),
    path("facilitator/sessions/<int:session_id>/export.csv", toolkit.export_csv, name="export_csv"),
    path(
        "facilitator/sessions/<int:session_id>/export.json",
        toolkit.export_json,
        name="export_json",
    ),
    path(
        "facilitator/sessions/<int:session_id>/replay.json",
        toolkit.replay_json,
        name="replay_json",
    ),
    path("media/cards/<str:name>", toolkit.card_image, name="card_image"),
    path("media/cards/small/<str:name>", toolkit.card_image_small, name="card_image_small"),
]
