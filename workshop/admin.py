from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workshop import accounts
from workshop.models import Card, LibraryCard, Participant, Session
from workshop.pages.forms import AdminLoginForm

admin.site.login_form = AdminLoginForm  # password guessing is throttled here too


@admin.register(LibraryCard)
class LibraryCardAdmin(admin.ModelAdmin):
    list_display = ["title", "position", "active", "created_by"]
    list_editable = ["position", "active"]
    list_select_related = ["created_by"]

    def get_changeform_initial_data(self, request):
        # Who may change the card on the library page besides staff; empty: staff only.
        return {"created_by": request.user.pk, **super().get_changeform_initial_data(request)}


class CardInline(admin.TabularInline):
    model = Card
    fields = ["position", "title", "description", "is_open", "revealed", "locked"]
    extra = 0


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "place", "join_code", "state"]
    list_filter = ["state"]
    search_fields = ["title", "place", "join_code"]
    filter_horizontal = ["facilitators"]
    inlines = [CardInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["id", "session", "role", "joined_at"]
    list_filter = ["role"]
    exclude = ["token"]


@admin.action(description=gettext_lazy("Send an invitation (a link to choose a password)"))
def send_invitations(modeladmin, request, queryset):
    sent = 0
    for person in queryset.filter(is_active=True).exclude(email=""):
        try:
            accounts.send_invitation(person, request.user, request)
        except accounts.MailFailed:
            modeladmin.message_user(request, accounts.MAIL_FAILED, messages.ERROR)
            break
        sent += 1
    modeladmin.message_user(
        request,
        _("Invitations sent: %(n)s (accounts without e-mail address skipped).") % {"n": sent},
        messages.SUCCESS,
    )


class FacilitatorAdmin(UserAdmin):
    """Django's user admin, plus the invitation: add a user with password-based login
    disabled and an e-mail address, then send the invitation from the list."""

    actions = [send_invitations]

    def get_readonly_fields(self, request, obj=None):
        # An organiser (auth.change_user) manages facilitators, but may not make anyone,
        # themselves included, a superuser or hand out single permissions.
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), FacilitatorAdmin)
