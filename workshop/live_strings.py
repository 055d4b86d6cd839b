"""Interface texts of the live toolkit (rounds, role view, spotlight, moderation,
paper votes, replay) that the control page and the projector pass to their JS.

The views merge these into the page's `strings`; the templates hand them to the
scripts with json_script, so no text is written in JavaScript.
"""

from django.utils.translation import gettext as _

from workshop.models import Role


def control() -> dict:
    return {
        "round": _("New round"),
        "round_confirm": _(
            "Start a new round of “%(card)s”? The card opens again with results hidden; "
            "the earlier round is kept for the comparison."
        ),
        "spotlight": _("Large on screen"),
        "spotlight_now": _("On the projector: %(card)s"),
        "spotlight_off": _("Nothing is shown large on the projector."),
        "round_n": _("round %(n)s"),
        "round_nobody": _("nobody placed this card"),
        "comments_none": _("No comments on this card yet."),
        "comment_visible": _("visible"),
        "comment_hidden": _("hidden"),
        "comment_pending": _("waiting for approval"),
        "comment_show": _("Show"),
        "comment_hide": _("Hide"),
        "comment_by": _("%(role)s, paper"),
        "paper_saved": _("Paper vote saved: %(card)s, %(where)s."),
        "paper_sheet": _("Sheet %(participant)s · cards entered: %(n)s"),
        "paper_sheet_new": _("New sheet: the first vote makes a new participant."),
        "paper_pick_card": _("Choose a card first."),
    }


def screen() -> dict:
    return {
        "roles": {value: str(label) for value, label in Role.choices},
        "role_none": _("no role"),
        "role_view": _("By role"),
        "role_view_on": _("Placements by role"),
        "role_count": _("%(role)s (%(n)s)"),
        "role_mean_note": _("Large circle: the role's average, with the card's number."),
        "role_differ_title": _("Where artists and community workers differ most"),
        "role_differ_none": _("Not enough placements by both roles yet."),
        "role_differ_item": _("%(card)s: %(how)s (distance %(d)s)"),
        "differ_far": _("far apart"),
        "differ_some": _("somewhat apart"),
        "differ_close": _("close together"),
        "moved": _("Round %(from)s → %(to)s: the room moved %(how)s."),
        "moved_little": _("hardly"),
        "moved_some": _("a little"),
        "moved_much": _("a lot"),
        "closer": _("The group is closer together."),
        "further": _("The group is further apart."),
        "same_spread": _("The group is about as spread as before."),
        "comments_title": _("Comments"),
        "replay": _("Replay"),
        "replay_play": _("Play"),
        "replay_pause": _("Pause"),
        "replay_live": _("Back to live"),
        "replay_speed": _("Speed"),
        "replay_time": _("Replay: %(t)s of %(total)s"),
        "replay_empty": _("Nothing to replay yet."),
        "replay_error": _("The replay could not be loaded."),
        "replay_done": _("Replay finished."),
        "shortcuts": _("Keys: R by role, P replay, Esc back to live"),
    }
