"""Interface texts of the projector and the control page's run of show that
their JS needs (the card under discussion, progress, the room's result in one
sentence, the legend, the discussion starter).

The views merge these into the page's `strings`, as with live_strings, so no
text is written in JavaScript.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def result_sentence() -> dict:
    """The room's result in words: used by the projector and the control page."""
    return {
        "sentence_nobody": _("Nobody has placed this card yet."),
        "sentence_few": _("Too few placements to say where the room stands."),
        "sentence_most": _("Most (%(k)s of %(n)s) see this as %(quadrant)s"),
        "sentence_lead": _("Most often placed as %(quadrant)s (%(k)s of %(n)s)"),
        "sentence_split": _("The room is divided between %(a)s and %(b)s"),
        "sentence_agree": _("the group largely agrees."),
        "sentence_fair": _("the group fairly agrees."),
        "sentence_apart": _("opinions differ a lot."),
    }


def screen() -> dict:
    return {
        **result_sentence(),
        "card_of": _("Card %(i)s of %(n)s"),
        "round_n": _("round %(n)s"),
        "state_waiting": _("Place this card on your phone"),
        "state_waiting_locked": _("Placing is closed; the results follow"),
        "state_shown": _("Results"),
        "state_locked": _("Locked"),
        "state_closed": pgettext("card", "Closed"),
        "progress": _("%(k)s of %(n)s have placed"),
        "also_open": _("Also open:"),
        "legend_title": _("What you see"),
        "legend_dot": _("one dot: one person"),
        "legend_paper": _("square: a paper vote"),
        "legend_mean": _("white circle: the average"),
        "legend_spread": _("dashed ring: where most are"),
        "legend_agreed": _("diamond: what the group agreed"),
        "legend_earlier": _("numbered ring: round %(n)s, the arrow shows the move"),
        "welcome_title": _("Join in"),
        "welcome_steps": _("Scan the code with your phone, or open the address and type the code."),
        "thanks_title": _("Thank you for taking part!"),
        "thanks_steps": _("Scan the code to see the results on your phone."),
        "replay_on": _("Replay"),
        "replay_cards": _("Cards in the replay"),
        "help_title": _("Keys for the facilitator"),
        "more_comments": _("and %(n)s more comments on the control page"),
    }


def control() -> dict:
    return {
        **result_sentence(),
        "now_title": _("Under discussion"),
        "now_none": _("No card is open. Open the next card to start."),
        "open_next": _("Open next card"),
        "open_next_named": _("Open next: %(card)s"),
        "agreed_set": _("Agreed position: %(where)s"),
        "agreed_move": _("Drag the diamond, tap the grid, or use the arrow keys."),
        "agreed_marker": _("Agreed position of the group"),
        "round_label": _("Round %(n)s"),
        "round_current": _("Round %(n)s (now)"),
        "starter_title": _("What to discuss next"),
        "starter_none": _("Suggestions appear once cards have placements."),
        "starter_spread": _("The room is most divided on %(card)s."),
        "starter_roles": _("Artists and community workers differ most on %(card)s."),
        "starter_moved": _("The room moved most between rounds on %(card)s."),
        "starter_show": _("Show on projector"),
        "show_card": _("Select"),
        "session_closed_note": _("The session is closed. Everything for afterwards is below."),
    }
