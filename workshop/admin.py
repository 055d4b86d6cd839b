from django.contrib import admin

from workshop.forms import AdminLoginForm
from workshop.models import Card, LibraryCard, Participant, Session

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
