"""Forms for the join page and the facilitator's screens."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.forms import BaseInlineFormSet, BaseModelFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from workshop import throttle
from workshop.models import (
    AXIS_FIELDS,
    QUADRANT_FIELDS,
    Card,
    LibraryCard,
    Session,
    normalise_join_code,
)


class JoinCodeForm(forms.Form):
    unknown_code = False  # set when the code is well-formed but no session has it
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "inputmode": "text",
                "class": "ak-code-input",
            }
        ),
    )

    def clean_code(self) -> str:
        code = normalise_join_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Type the code you see on the screen."))
        session = Session.objects.filter(join_code=code).first()
        if session is None:
            self.unknown_code = True
            raise forms.ValidationError(
                _("There is no session with code %(code)s. Check the code on the screen."),
                params={"code": code},
            )
        self.session = session
        return code


class ThrottledLoginMixin:
    """Django's login form, with password guessing throttled by django-axes (workshop/throttle.py).

    A wrong password counts against the username and the address (axes records
    it from Django's user_login_failed signal); past either limit the password
    is not even checked. A good password forgets the account's own typos.
    """

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None or self.cleaned_data.get("password") is None:
            return super().clean()  # a field is missing: nothing is checked, nothing counts
        if not throttle.login_allowed(self.request, username):
            minutes = max(1, throttle.login_window() // 60)
            raise forms.ValidationError(
                ngettext(
                    "Too many failed login attempts. Wait %(minutes)s minute and try again.",
                    "Too many failed login attempts. Wait %(minutes)s minutes and try again.",
                    minutes,
                ),
                code="throttled",
                params={"minutes": minutes},
            )
        try:
            return super().clean()
        finally:
            if self.user_cache is not None:  # right password, even if refused later (admin)
                throttle.forget_failed_logins(username)


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username or e-mail address")


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class LanguageOptionalMixin:
    """The session's language may be left out of a post: it then stays as it was (Dutch for a new session)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].required = False

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language or "nl"


class SessionCreateForm(LanguageOptionalMixin, forms.ModelForm):
    """A new session: the texts that differ each time; axes and cards come from the model."""

    class Meta:
        model = Session
        fields = ["title", "date", "place", "organiser", "language"]
        widgets = {"date": DateInput()}


class SessionForm(LanguageOptionalMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = [
            "title", "date", "place", "organiser", "language", *AXIS_FIELDS, *QUADRANT_FIELDS,
        ]  # fmt: skip
        widgets = {"date": DateInput()}

    def save(self, commit=True):
        """Only the form's fields: the live state (seq, state, notes, spotlight …) as it
        is in the database stays, whatever the live commit changed since this page loaded."""
        session = super().save(commit=False)
        if commit:
            session.save(update_fields=self._meta.fields)
        return session

    def main_fields(self):
        return [self[f] for f in ["title", "date", "place", "organiser", "language"]]

    def axis_fields(self):
        return [self[f] for f in AXIS_FIELDS]

    def quadrant_fields(self):
        return [self[f] for f in QUADRANT_FIELDS]


class OptionalPositionMixin:
    """A card row whose order may be left empty; a new row stays empty (and is
    skipped) unless someone types in it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        if self.instance.pk is None:
            self.fields["position"].initial = None
            self.initial.pop("position", None)


class CardForm(OptionalPositionMixin, forms.ModelForm):
    class Meta:
        model = Card
        fields = ["position", "title", "description", "image", "image_credit"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "image": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }
        labels = {"position": _("Order")}


class PositionAtEndMixin:
    """Rows typed without an order go to the end, in the order they were typed."""

    def save(self, commit=True):
        last = max(
            (f.cleaned_data.get("position") or 0 for f in self.forms if f.cleaned_data),
            default=0,
        )
        for form in self.forms:
            if form.cleaned_data and form.cleaned_data.get("position") is None:
                last += 1
                form.instance.position = last
        return super().save(commit)


class BaseCardFormSet(PositionAtEndMixin, BaseInlineFormSet):
    def save_existing(self, form, obj, commit=True):
        """Only the form's fields: a card opened, revealed or run again live meanwhile stays so."""
        card = form.save(commit=False)
        if commit:
            card.save(update_fields=form._meta.fields)
        return card

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        problems = []
        kept = 0
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                # Deleting a card would silently drop what the room said about it.
                if form.instance.pk and form.instance.placements.exists():
                    problems.append(
                        forms.ValidationError(
                            _(
                                "“%(title)s” already has placements and cannot be deleted. "
                                "Reset the card on the control page first."
                            ),
                            params={"title": form.instance.title},
                        )
                    )
                    kept += 1
                continue
            kept += 1
        if kept == 0:
            problems.append(forms.ValidationError(_("A session needs at least one card.")))
        if problems:
            raise forms.ValidationError(problems)


CardFormSet = forms.inlineformset_factory(
    Session,
    Card,
    form=CardForm,
    formset=BaseCardFormSet,
    extra=2,
    can_delete=True,
)


class LibraryCardForm(OptionalPositionMixin, forms.ModelForm):
    """One library card; read-only (every field disabled) for a user who may not change it."""

    class Meta:
        model = LibraryCard
        fields = ["position", "title", "description", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"position": _("Order")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.created_by = user
        self.editable = self.instance.may_be_changed_by(user)
        for field in self.fields.values():
            field.disabled = not self.editable  # a disabled field keeps the stored value


class BaseLibraryFormSet(PositionAtEndMixin, BaseModelFormSet):
    """The whole library in order; each user changes and deletes only the cards they may.

    Pass the user as form_kwargs={"user": ...}.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if not form.editable:
            del form.fields["DELETE"]

    def refused_rows(self) -> list[LibraryCardForm]:
        """Rows of cards the user may not change that came back with values: the page
        sends only their id, so these are a hand-made request."""
        return [
            form
            for form in self.forms
            if not form.editable
            and any(
                key.startswith(form.prefix + "-") and key != form.add_prefix("id")
                for key in self.data
            )
        ]


LibraryFormSet = forms.modelformset_factory(
    LibraryCard,
    form=LibraryCardForm,
    formset=BaseLibraryFormSet,
    extra=3,
    can_delete=True,
)


# The facilitator's toolkit (workshop/pages/toolkit.py) -----------------------------


class DeckNameForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the deck"),
        max_length=120,
        error_messages={"required": _("Give the deck a name.")},
    )


class FacilitatorAddForm(forms.Form):
    """Another account that may run this session: by username, once."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        error_messages={"required": _("Type the username of the other facilitator.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session

    def clean_username(self):
        from workshop.accounts import find_account

        name = self.cleaned_data["username"].strip()
        user = find_account(name)  # username or e-mail address, any capitalisation
        if user is None:
            raise forms.ValidationError(
                _("There is no account with the username “%(name)s”. Check the spelling."),
                params={"name": name},
            )
        if self.session.facilitators.filter(pk=user.pk).exists():
            raise forms.ValidationError(
                _("%(name)s already facilitates this session."), params={"name": user.username}
            )
        self.user = user
        return name
