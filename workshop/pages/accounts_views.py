"""The organiser's team page: who has an account, and inviting someone new."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workshop import accounts


class InviteForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("Username"),
        max_length=150,
        help_text=gettext_lazy(
            "Letters, digits and . _ - only; for example “fatima” or “j.devries”."
        ),
        validators=[get_user_model().username_validator],
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
        error_messages={"required": gettext_lazy("Choose a username for the new facilitator.")},
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        help_text=gettext_lazy("The invitation goes here."),
        error_messages={
            "required": gettext_lazy("Type the e-mail address of the new facilitator."),
            "invalid": gettext_lazy("This is not an e-mail address. Check it."),
        },
    )
    organiser = forms.BooleanField(
        label=gettext_lazy("Also an organiser (may invite others and look after the card library)"),
        required=False,
    )

    def clean_username(self):
        name = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(
                _("The username “%(name)s” is taken. Choose another one."), params={"name": name}
            )
        return name

    def clean_email(self):
        email = get_user_model().objects.normalize_email(self.cleaned_data["email"].strip())
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email


@login_required
def team(request):
    """Organisers only (permission auth.add_user)."""
    if not accounts.is_organiser(request.user):
        raise PermissionDenied
    users = get_user_model().objects
    form = InviteForm()
    if request.method == "POST" and "again" in request.POST:
        raw = request.POST["again"]
        person = users.filter(pk=int(raw), is_active=True).first() if raw.isdigit() else None
        if person is None or person.has_usable_password() or not person.email:
            messages.error(request, _("That account has no open invitation."))
        else:
            try:
                link = accounts.send_invitation(person, request.user, request)
            except accounts.MailFailed:
                messages.error(request, accounts.MAIL_FAILED)
            else:
                _say_sent(request, person, link)
        return redirect("team")
    if request.method == "POST":
        form = InviteForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data  # no password: an unusable one until they choose theirs
            try:
                person, link = accounts.invite(
                    data["username"], data["email"], data["organiser"], request.user, request
                )
            except accounts.MailFailed:
                messages.error(request, _(
                    "The invitation could not be sent, so no account was made. Try again "
                    "later, or ask whoever looks after the server to check the mail settings."
                ))  # fmt: skip
            else:
                _say_sent(request, person, link)
                return redirect("team")
    context = {
        "form": form,
        "people": users.filter(is_active=True).order_by("username").prefetch_related("groups"),
        "organisers": set(accounts.organisers_group().user_set.values_list("pk", flat=True)),
        "mail_is_set_up": accounts.mail_is_set_up(),
    }
    return render(request, "workshop/team.html", context)


def _say_sent(request, person, link: str) -> None:
    if accounts.mail_is_set_up():
        messages.success(
            request,
            _("Invitation sent to %(email)s. %(name)s chooses a password with the link in it.")
            % {"email": person.email, "name": person.username},
        )
    else:
        messages.warning(
            request,
            _(
                "No mail server is set up, so the invitation was only saved on the server. "
                "Give %(name)s this link yourself: %(link)s"
            )
            % {"name": person.username, "link": link},
        )
