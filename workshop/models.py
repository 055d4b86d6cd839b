import datetime
import secrets
from pathlib import PurePosixPath
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshop import defaults
from workshop.lib.findings import quadrant_of
from workshop.lib.images import validate_card_image

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read off a projector is typed right.
JOIN_CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6  # 24**6 ≈ 1.9e8 codes; guessing is throttled on top
COMMENT_MAX_LENGTH = 280


def new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not Session.objects.filter(join_code=code).exists():
            return code


def normalise_join_code(raw: str) -> str:
    """What a participant typed, as stored: upper case, no spaces or dashes."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def new_participant_token() -> str:
    return secrets.token_urlsafe(24)


# The grid's labels, in one place: the axis ends and the quadrant names, as
# Session field names. Session.axes() gives them to the clients and charts
# under the short keys (the field name without "quadrant_").
AXIS_FIELDS = ("x_from", "x_to", "y_from", "y_to")
QUADRANT_FIELDS = (
    "quadrant_top_left", "quadrant_top_right", "quadrant_bottom_left", "quadrant_bottom_right",
)  # fmt: skip


class Role(models.TextChoices):
    ARTIST = "kunstenaar", _("artist / arts teacher")
    COMMUNITY_WORKER = "opbouwwerker", _("community worker / social worker")
    POLICY_MAKER = "beleidsmaker", _("policy maker")
    RESIDENT = "bewoner", _("resident")
    OTHER = "anders", _("other")


# The two roles the workshop is about: the role comparison sets them side by side.
COMPARED_ROLES = (Role.ARTIST.value, Role.COMMUNITY_WORKER.value)


def is_maker_or_organiser(user, maker_id: int | None) -> bool:
    """Shared things (library cards, decks) are changed by their maker, or by whoever
    looks after the library: the permission workshop.look_after_library (the
    Organisers group has it; workshop/accounts.py), not merely being staff."""
    if not (user and user.is_authenticated):
        return False
    if user.has_perm("workshop.look_after_library"):
        return True
    return maker_id is not None and maker_id == user.pk


class LibraryCard(models.Model):
    """An example project in the facilitator's card library; sessions copy them."""

    title = models.CharField(_("title"), max_length=80)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in new sessions"), default=True)
    # Who may change the card; none for the built-in cards (and cards of removed accounts).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_cards",
        verbose_name=_("made by"),
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("library card")
        verbose_name_plural = _("card library")
        permissions = [
            ("look_after_library", _("Can change and delete every library card and deck")),
        ]

    def __str__(self) -> str:
        return self.title

    def may_be_changed_by(self, user) -> bool:
        """Every facilitator uses every card; its maker and staff change or delete it.

        Built-in cards (no maker) are staff's only.
        """
        return is_maker_or_organiser(user, self.created_by_id)

    @classmethod
    def ensure_defaults(cls) -> None:
        if not cls.objects.exists():
            cls.objects.bulk_create(
                cls(title=title, description=text, position=i)
                for i, (title, text) in enumerate(defaults.CARDS)
            )


class Session(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    title = models.CharField(_("title"), max_length=120)
    date = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    organiser = models.CharField(
        _("organiser"),
        max_length=200,
        blank=True,
        help_text=_("Name and contact, printed on handouts."),
    )
    join_code = models.CharField(_("join code"), max_length=12, unique=True, default=new_join_code)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)

    x_from = models.CharField(_("x axis, left"), max_length=40, default=defaults.AXES["x_from"])
    x_to = models.CharField(_("x axis, right"), max_length=40, default=defaults.AXES["x_to"])
    y_from = models.CharField(_("y axis, bottom"), max_length=40, default=defaults.AXES["y_from"])
    y_to = models.CharField(_("y axis, top"), max_length=40, default=defaults.AXES["y_to"])
    quadrant_top_left = models.CharField(
        _("quadrant top left"), max_length=60, default=defaults.QUADRANTS["quadrant_top_left"]
    )
    quadrant_top_right = models.CharField(
        _("quadrant top right"), max_length=60, default=defaults.QUADRANTS["quadrant_top_right"]
    )
    quadrant_bottom_left = models.CharField(
        _("quadrant bottom left"), max_length=60, default=defaults.QUADRANTS["quadrant_bottom_left"]
    )
    quadrant_bottom_right = models.CharField(
        _("quadrant bottom right"),
        max_length=60,
        default=defaults.QUADRANTS["quadrant_bottom_right"],
    )

    class Moderation(models.TextChoices):
        OPEN = "open", _("comments appear straight away")
        PRE = "pre", _("comments wait for the facilitator's approval")

    moderation = models.CharField(
        _("comments"), max_length=10, choices=Moderation.choices, default=Moderation.OPEN
    )
    # What the projector shows large: one card, optionally with one participant's comment.
    spotlight_card = models.ForeignKey(
        "Card", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    spotlight_participant = models.ForeignKey(
        "Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The round of that comment; None: the card's current round.
    spotlight_round = models.PositiveSmallIntegerField(null=True, blank=True)

    # The language of the room: phones, the projector and the printables use it
    # (a participant may still switch on the phone).
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.ROOM_LANGUAGES,
        default="nl",
        help_text=_(
            "The language of the phones and the printables. In Turkish, Arabic or Polish: "
            "the phones and the handout; the other printables are in Dutch."
        ),
    )

    notes = models.TextField(_("facilitator notes"), blank=True, max_length=10000)
    # The deck the session started from: sessions of one deck can be compared.
    deck = models.ForeignKey(
        "Deck", on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    # Bumped in the same transaction as every change the live clients see.
    seq = models.PositiveBigIntegerField(default=0, editable=False)

    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="workshop_sessions", verbose_name=_("facilitators")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Retention (workshop/retention.py, docs/privacy.md): the clock starts when the session
    # closes; once what each participant did is removed, only these figures may remain.
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    participant_data_removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    kept_results = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.title} ({self.join_code})"

    def save(self, *args, **kwargs):
        closed = self.state == self.State.CLOSED
        if closed != (self.closed_at is not None):  # closed or reopened just now
            self.closed_at = timezone.now() if closed else None
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "closed_at"}
        super().save(*args, **kwargs)

    def clean(self):
        # Retention removed the answers (workshop/retention.py): answers given in a
        # reopened session would outlive its period. The live action refuses it
        # too (workshop/live/actions/control.py, error 2007); this is the admin's.
        if self.participant_data_removed_at and self.state == self.State.OPEN:
            # Not tied to the state field: forms without it (session_edit) show it too.
            raise ValidationError(_(
                "The answers of this session were removed after the time to keep them, "
                "so it cannot open again. To run it again, duplicate it."
            ))  # fmt: skip

    @classmethod
    def create_from_deck(cls, user, deck: "Deck", **fields) -> "Session":
        """A new session with the default axes and the deck's cards (images included)."""
        with transaction.atomic():
            session = cls.objects.create(deck=deck, **fields)
            session.facilitators.add(user)
            Card.objects.bulk_create(
                Card(session=session, position=i, deck_card=c, **c.card_fields())
                for i, c in enumerate(deck.cards.all())
            )
        return session

    def save_as_deck(self, user, name: str) -> "Deck":
        """Keep this session's cards as a deck, to start other sessions from. A
        session of no deck yet becomes the deck's first, its cards the deck cards'
        origin (so the comparison follows them through a rename)."""
        with transaction.atomic():
            deck = Deck.objects.create(name=name, owner=user)
            cards = list(self.cards.all())
            made = DeckCard.objects.bulk_create(
                DeckCard(deck=deck, position=i, **c.card_fields()) for i, c in enumerate(cards)
            )
            if self.deck_id is None:
                Session.objects.filter(pk=self.pk).update(deck=deck)
                self.deck = deck
                for card, deck_card in zip(cards, made, strict=True):
                    card.deck_card = deck_card
                Card.objects.bulk_update(cards, ["deck_card"])
        return deck

    @classmethod
    def create_from_library(cls, user, **fields) -> "Session":
        """A new session with the default axes and the active library cards."""
        LibraryCard.ensure_defaults()
        with transaction.atomic():
            session = cls.objects.create(**fields)
            session.facilitators.add(user)
            Card.objects.bulk_create(
                Card(session=session, title=c.title, description=c.description, position=i)
                for i, c in enumerate(LibraryCard.objects.filter(active=True))
            )
        return session

    def duplicate(self, user) -> "Session":
        """Same texts, axes and cards; new code, no participants, back to draft."""
        copied = {f: getattr(self, f) for f in self.COPIED_FIELDS}
        copied["deck"] = self.deck
        copied["title"] = _("%(title)s (copy)") % {"title": self.title}
        with transaction.atomic():
            session = Session.objects.create(**copied)
            session.facilitators.add(user)
            Card.objects.bulk_create(
                Card(
                    session=session, position=c.position, deck_card_id=c.deck_card_id,
                    **c.card_fields(),
                )
                for c in self.cards.all()
            )  # fmt: skip
        return session

    COPIED_FIELDS = ["date", "place", "organiser", "language", *AXIS_FIELDS, *QUADRANT_FIELDS]

    def is_facilitator(self, user) -> bool:
        if not (user and user.is_authenticated):
            return False
        return user.is_superuser or self.facilitators.filter(pk=user.pk).exists()

    @property
    def accepts_placements(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def answers_removed_on(self) -> datetime.date | None:
        """The day retention removed what the participants did (workshop/retention.py)."""
        removed = self.participant_data_removed_at
        return timezone.localdate(removed) if removed else None

    def join_path(self) -> str:
        return reverse("join", args=[self.join_code])

    def axes(self) -> dict:
        """Axis labels and quadrant names, as the charts and the clients use them."""
        return {
            **{f: getattr(self, f) for f in AXIS_FIELDS},
            **{f.removeprefix("quadrant_"): getattr(self, f) for f in QUADRANT_FIELDS},
        }

    def quadrant_name(self, x: float, y: float) -> str:
        return getattr(self, f"quadrant_{quadrant_of(x, y)}")

    @classmethod
    def lock(cls, session_ids) -> dict[int, str]:
        """Lock the session rows, in a fixed order, first in every writing transaction.

        Phone batches, facilitator actions and page edits, in any process, then
        queue here instead of deadlocking on the rows they touch later. NO KEY
        UPDATE lets inserts that reference the session (new participants) go on.
        SQLite serialises writers anyway and ignores this. Returns the state of
        each session that still exists, by id, as it is under the lock. Call
        inside a transaction.
        """
        return dict(
            cls.objects.select_for_update(no_key=True)
            .filter(pk__in=session_ids)
            .order_by("pk")
            .values_list("pk", "state")
        )

    @classmethod
    def bump_seqs(cls, session_ids) -> dict[int, int]:
        """Advance each session's sequence number; {id: new seq} for those that exist.

        One UPDATE … RETURNING per session (SQLite ≥ 3.35 and PostgreSQL both
        have it), at the end of the transaction that changed the session, in a
        fixed order (no deadlock between processes). Call inside a transaction.
        """
        table = cls._meta.db_table
        seqs = {}
        with connection.cursor() as cursor:
            for session_id in sorted(session_ids):
                cursor.execute(
                    f"UPDATE {table} SET seq = seq + 1 WHERE id = %s RETURNING seq", [session_id]
                )
                row = cursor.fetchone()
                if row is not None:  # None: the session was deleted meanwhile
                    seqs[session_id] = row[0]
        return seqs


class CardContent(models.Model):
    """What a card says and shows; sessions' cards and deck cards share it."""

    title = models.CharField(_("title"), max_length=80)
    description = models.CharField(_("description"), max_length=300, blank=True)
    image = models.ImageField(
        _("image"), upload_to="cards/", blank=True, validators=[validate_card_image],
        help_text=_("JPEG, PNG or WebP, at most 2 MB."),
    )  # fmt: skip
    image_credit = models.CharField(_("image credit"), max_length=120, blank=True)

    class Meta:
        abstract = True

    @property
    def small_image_url(self) -> str:
        """The phone-sized copy of the picture (workshop.lib.images.small_copy_bytes), or "".

        Also "" when the uploaded file is gone (a database moved without its
        media folder): phones then show no picture rather than a broken one.
        """
        if not self.image or not self.image.storage.exists(self.image.name):
            return ""
        return reverse("card_image_small", args=[PurePosixPath(self.image.name).name])

    def card_fields(self) -> dict:
        return {
            "title": self.title,
            "description": self.description,
            "image": self.image.name if self.image else "",
            "image_credit": self.image_credit,
        }


class Deck(models.Model):
    """A saved set of cards, to run the same workshop again (and compare sessions)."""

    name = models.CharField(_("name"), max_length=120)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="decks"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("card deck")
        verbose_name_plural = _("card decks")

    def __str__(self) -> str:
        return self.name

    def may_be_changed_by(self, user) -> bool:
        """Whoever sees a deck uses it; its owner and staff rename or delete it."""
        return is_maker_or_organiser(user, self.owner_id)


class DeckCard(CardContent):
    deck = models.ForeignKey(Deck, on_delete=models.CASCADE, related_name="cards")
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("deck card")
        verbose_name_plural = _("deck cards")

    def __str__(self) -> str:
        return self.title


class Card(CardContent):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="cards")
    position = models.PositiveIntegerField(_("position"), default=0)
    # The deck card this card was made from (sessions of a deck are compared by
    # it, whatever either is called now); none for a card added to the session.
    deck_card = models.ForeignKey(
        DeckCard, on_delete=models.SET_NULL, null=True, blank=True, related_name="session_cards"
    )

    # Placing a card again after the discussion starts round 2; each round's
    # placements are kept apart, the card shows the current one.
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    # Times the facilitator cleared the current round: phones drop their dot when it grows.
    resets = models.PositiveIntegerField(default=0, editable=False)
    is_open = models.BooleanField(_("open"), default=False)
    revealed = models.BooleanField(_("results shown"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    agreed_x = models.FloatField(_("agreed position x"), null=True, blank=True)
    agreed_y = models.FloatField(_("agreed position y"), null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        constraints = [
            models.CheckConstraint(
                condition=Q(agreed_x__isnull=True) | Q(agreed_x__gte=-1, agreed_x__lte=1),
                name="card_agreed_x_in_range",
            ),
            models.CheckConstraint(
                condition=Q(agreed_y__isnull=True) | Q(agreed_y__gte=-1, agreed_y__lte=1),
                name="card_agreed_y_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def agreed_position(self) -> tuple[float, float] | None:
        if self.agreed_x is None or self.agreed_y is None:
            return None
        return (self.agreed_x, self.agreed_y)

    # What the facilitator's card buttons set: action -> (field, value).
    FLAGS = {
        "open": ("is_open", True),
        "close": ("is_open", False),
        "reveal": ("revealed", True),
        "hide": ("revealed", False),
        "lock": ("locked", True),
        "unlock": ("locked", False),
    }

    def set_flag(self, action: str) -> None:
        """Open, close, reveal, hide, lock or unlock the card (a key of FLAGS)."""
        field, value = self.FLAGS[action]
        setattr(self, field, value)
        self.save(update_fields=[field])

    def refusal(self, session_id: int) -> str | None:
        """Why a participant of that session cannot place or comment on this card now
        (the protocol's error names: workshop/live/protocol.py Code), or None.

        Reads the card's session state: load cards with select_related("session").
        """
        if self.session_id != session_id:
            return "UNKNOWN_CARD"
        if not self.session.accepts_placements:
            return "SESSION_NOT_OPEN"
        if not self.is_open:
            return "CARD_NOT_OPEN"
        if self.locked:
            return "CARD_LOCKED"
        return None

    def set_agreed(self, x: float | None, y: float | None) -> None:
        """The position the group agreed on; both coordinates or none."""
        both = x is not None and y is not None
        self.agreed_x, self.agreed_y = (x, y) if both else (None, None)
        self.save(update_fields=["agreed_x", "agreed_y"])

    def start_round(self) -> None:
        """Run the card again: earlier rounds stay, stored apart, for the comparison."""
        self.round += 1
        self.is_open, self.revealed, self.locked = True, False, False
        self.save(update_fields=["round", "is_open", "revealed", "locked"])

    def reset(self, client_id: str) -> None:
        """Clear the current round; the history records the reset per participant."""
        placements = list(self.placements.current())
        PlacementEvent.objects.bulk_create(
            PlacementEvent(
                participant_id=pl.participant_id, card=self, kind=PlacementEvent.Kind.RESET,
                round=self.round, client_id=f"reset:{client_id}"[:64],
            )
            for pl in placements
        )  # fmt: skip
        Placement.objects.filter(pk__in=[pl.pk for pl in placements]).delete()
        self.resets += 1
        self.save(update_fields=["resets"])


class Participant(models.Model):
    """An anonymous phone (or, later, a paper sheet): a token and an optional role."""

    class Source(models.TextChoices):
        PHONE = "phone", _("phone")
        PAPER = "paper", _("paper or proxy, entered by the facilitator")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participants")
    token = models.CharField(max_length=64, unique=True, default=new_participant_token)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.PHONE
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_role_display() or '-'}"


class PlacementQuerySet(models.QuerySet):
    def current(self):
        """Placements in their card's current round (what the room sees now)."""
        return self.filter(round=F("card__round"))

    def earlier(self):
        """Placements of rounds before their card's current one (for the comparison)."""
        return self.filter(round__lt=F("card__round"))


class Placement(models.Model):
    """The latest position of one card by one participant in one round.

    Every move is in PlacementEvent. comment_hidden: the comment is not shown
    to the room (hidden by the facilitator, or awaiting approval).
    comment_featured: the facilitator marked the comment to feature in the session
    summary (printed first, before the selection; a hidden comment is never printed).
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="placements"
    )
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="placements")
    round = models.PositiveSmallIntegerField(default=1)
    x = models.FloatField()
    y = models.FloatField()
    comment = models.CharField(max_length=COMMENT_MAX_LENGTH, blank=True)
    comment_hidden = models.BooleanField(default=False)
    comment_featured = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "card", "round"], name="one_placement_per_card_and_round"
            ),
            models.CheckConstraint(condition=Q(x__gte=-1, x__lte=1), name="placement_x_in_range"),
            models.CheckConstraint(condition=Q(y__gte=-1, y__lte=1), name="placement_y_in_range"),
        ]


class Move(NamedTuple):
    """One placement to store: where a participant put a card in a round.

    comment None keeps the comment a stored placement has (a move); a string
    sets it (a paper sheet, a demo, a test). client_id: the history row's.
    """

    participant_id: int
    card_id: int
    round: int
    x: float
    y: float
    client_id: str
    comment: str | None = None
    hidden: bool = False


def place(moves: list[Move]) -> None:
    """Store placements and their history rows: the one way a placement is made.

    Two statements whatever the number (the phones' group commit, a paper
    sheet, the demo, the benchmarks and tests all come here): an insert that
    moves an existing placement of the same participant, card and round
    instead (keeping its comment unless one is given), and the history rows.
    Raw SQL: the ORM's bulk_create compiled every value through Python, most
    of the cost of a phone's placement (docs/performance.md).
    """
    if not moves:
        return
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table, history = Placement._meta.db_table, PlacementEvent._meta.db_table
    keep = f"CASE WHEN %s THEN {table}.comment ELSE excluded.comment END"
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (participant_id, card_id, round, x, y, comment,"
            " comment_hidden, comment_featured, updated_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (participant_id, card_id, round) DO UPDATE SET x = excluded.x,"
            f" y = excluded.y, updated_at = excluded.updated_at, comment = {keep},"
            f" comment_hidden = CASE WHEN %s THEN {table}.comment_hidden"
            " ELSE excluded.comment_hidden END",
            [
                (m.participant_id, m.card_id, m.round, m.x, m.y, m.comment or "", m.hidden,
                 False, now, m.comment is None, m.comment is None)
                for m in moves
            ],
        )  # fmt: skip
        cursor.executemany(
            f"INSERT INTO {history} (participant_id, card_id, kind, round, x, y, comment,"
            " client_id, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (m.participant_id, m.card_id, PlacementEvent.Kind.PLACE.value, m.round, m.x,
                 m.y, m.comment or "", m.client_id, now)
                for m in moves
            ],
        )  # fmt: skip


def already_applied(pairs: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which (participant, client id) pairs have a history row already: a message
    resent after a reconnect is applied once.

    One index look-up per pair, the pairs joined as a list of values. The ORM's
    `participant IN (…) AND client_id IN (…)` made the database try every
    participant with every id: a group commit of 500 placements took 27 ms on
    SQLite for this read alone, and 0.6 ms this way (docs/performance.md).
    """
    found: set[tuple[int, str]] = set()
    pairs, history = list(pairs), PlacementEvent._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), 1000):  # far below either database's parameter limit
            chunk = pairs[start : start + 1000]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"WITH wanted (participant_id, client_id) AS (VALUES {values})"
                f" SELECT e.participant_id, e.client_id FROM wanted JOIN {history} e"
                " ON e.participant_id = wanted.participant_id"
                " AND e.client_id = wanted.client_id",
                [value for pair in chunk for value in pair],
            )
            found.update(cursor.fetchall())
    return found


class PlacementEvent(models.Model):
    """Append-only history of every move and comment, for replay and audit.

    client_id is the id the phone gave its message: unique per participant, so
    a message resent after a reconnect is applied once.
    """

    class Kind(models.TextChoices):
        PLACE = "place", _("placed")
        COMMENT = "comment", _("commented")
        RESET = "reset", _("reset by facilitator")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="events")
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    round = models.PositiveSmallIntegerField(default=1)
    x = models.FloatField(null=True)
    y = models.FloatField(null=True)
    comment = models.CharField(max_length=COMMENT_MAX_LENGTH, blank=True)
    client_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "client_id"], name="event_once_per_client_id"
            )
        ]


class ControlEvent(models.Model):
    """Audit trail of the facilitator's live actions; client_id makes them idempotent."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="control_events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    client_id = models.CharField(max_length=64)
    action = models.CharField(max_length=20)
    card = models.ForeignKey(Card, on_delete=models.SET_NULL, null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "client_id"], name="control_once_per_client_id"
            )
        ]
