"""Every text the live pages show: the phone, the control page and the projector.

The views pick a page's table; the templates hand it to the scripts with
json_script, so no text is written in JavaScript. The role names come from
workshop.models.Role, the one list of roles.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from workshop.lib import compare, findings
from workshop.models import COMPARED_ROLES, Role


def roles() -> dict:
    """Every role, in the order pages list them, with its name (the one list: models.Role)."""
    return {value: str(label) for value, label in Role.choices}


def phone() -> dict:
    """Every text place.js shows, in the page's language (plain Dutch, B1)."""
    return {
        "connecting": _("Connecting…"),
        "reconnecting": _(
            "No connection. What you do is kept and sent as soon as the connection is back."
        ),
        "offline": _("Your phone is offline. What you do is kept and sent once it is back online."),
        "connected": _("Connected"),
        "gone": _("This session no longer exists."),
        **_phone_waiting(),
        "placed": _("“%(card)s” is now at %(where)s."),
        "next_card": _("Next card: “%(card)s”."),
        "all_placed": _("You have placed all open cards."),
        "not_placed": _("not placed yet"),
        "placed_short": _("placed"),
        "comment_invite": _("tap to add a comment"),
        "locked_short": _("fixed"),
        "new_short": _("new"),
        "revealed": _("result visible"),
        "again_short": _("place again"),
        "strength_weak": _("close to the middle"),
        "strength_medium": "",
        "strength_strong": _("far from the middle"),
        # Until the result's words (workshop.lib.findings) have arrived: only the count.
        "result": _("%(n)s people placed this card."),
        "result_one": _("1 person placed this card."),
        "result_none": _("Nobody has placed this card yet."),
        "card_locked": _("“%(card)s” is fixed now. You can no longer move it."),
        "card_closed": _("“%(card)s” is closed now. You can no longer move it."),
        "err_2004": _("The session is not open."),
        "err_2005": _("Place the card first. Then you can write something."),
        "err_other": _("That did not work. Please try again."),
        "no_cards": _("No card is open yet. Wait a moment: the facilitator will open one."),
        "hint_armed": _(
            "Where does “%(card)s” belong? Tap that spot on the grid. "
            "Or keep your finger on the card for a moment, then drag it there."
        ),
        "hint_free": _(
            "Tap a card to choose it. Or keep your finger on a card for a moment, "
            "then drag it onto the grid."
        ),
        "tap_card_first": _("Want to move “%(card)s”? Tap that card first."),
        "choose_card_first": _("Tap a card first. Then tap the grid."),
        "key_hint": _("Arrow keys move the card, Enter places it."),
        "new_card": _("New card: %(cards)s."),
        "new_cards": _("New cards: %(cards)s."),
        "again": _("Place this card again"),
        "round_again": _("“%(card)s”: place this card again."),
        "previous": _("Last time: %(where)s"),
        "your_place": _("Your place: %(where)s"),
        "count": _("%(n)s of 280 characters"),
        "role_none": _("no role"),
        "your_role": _("Your role: %(role)s"),
        "roles": roles(),
        **_phone_position(),
    }


def _phone_waiting() -> dict:
    """What the server has not acknowledged yet, and what became of a comment."""
    return {
        "sending_short": _("being sent"),
        "your_place_sending": _("Your place: %(where)s (being sent…)"),
        "comment_sending": _("Being sent…"),
        "comment_waiting": _("Sent. Your comment waits for the facilitator."),
        "comment_shown": _("Sent. Your comment may appear on the big screen."),
        "comment_not_shown": _("Sent. The facilitator does not show your comment on the screen."),
    }


def _phone_position() -> dict:
    """The keyboard cursor's place in words, on both axes (place.js positionWords)."""
    return {
        "pos_steps": _("%(n)s of 10 steps towards %(end)s"),
        "pos_step": _("1 of 10 steps towards %(end)s"),
        "pos_edge": _("all the way to %(end)s, at the edge"),
        "pos_between": _("halfway between %(from)s and %(to)s"),
        "pos_centre": _("Exactly in the middle"),
        "pos_on_line": _("On the line"),
        "grid_name": grid_name_template(),
    }


def grid_name_template() -> str:
    """The phone grid's accessible name: both axes, from which end to which."""
    return _(
        "Grid: from %(x_from)s on the left to %(x_to)s on the right, "
        "from %(y_from)s at the bottom to %(y_to)s at the top"
    )


def control() -> dict:
    return {
        "connecting": _("Connecting…"),
        "reconnecting": _("Reconnecting…"),
        "connected": _("Connected"),
        "gone": _("No connection: log in again and reload this page."),
        "gone_4403": _("Log in again as a facilitator, then reload this page."),
        "gone_4404": _("This session does not exist (any more). Go back to your sessions."),
        "open": _("Open"),
        "close": _("Close"),
        "reveal": _("Show results"),
        "hide": _("Hide results"),
        "lock": _("Lock"),
        "unlock": _("Unlock"),
        "reset": _("Reset"),
        "reset_confirm": _("Remove all placements of “%(card)s”? The history keeps them."),
        "state_open": _("open"),
        "state_closed": _("closed"),
        "state_revealed": _("results shown"),
        "state_locked": _("locked"),
        "placements": _("%(n)s placed"),
        "session_draft": pgettext("session state", "Not started"),
        "session_open": pgettext("session state", "Open"),
        "session_closed": pgettext("session state", "Closed"),
        "open_session": _("Open session"),
        "close_session": _("Close session"),
        "close_session_confirm": _("Close the session? Participants can no longer place cards."),
        "saving": _("Saving…"),
        "saved": _("Saved"),
        "error": _("Not saved: %(message)s"),
        "agreed_none": _("No agreed position yet."),
        "agreed": _("Agreed: %(where)s"),
        "participants": _("%(n)s joined, %(k)s took part"),
        "role_none": _("no role"),
        "where": _("%(quadrant)s, %(strength)s"),
        "strength_weak": _("close to the middle"),
        "strength_medium": _("clearly"),
        "strength_strong": _("strongly"),
        "roles": roles(),
        **_control_toolkit(),
        **_control_run_of_show(),
    }


def _control_toolkit() -> dict:
    """Rounds, spotlight, moderation and paper votes."""
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
        "comment_paper": _("paper"),
        "paper_saved": _("Paper vote saved: %(card)s, %(where)s."),
        "paper_sheet": _("Sheet %(participant)s · cards entered: %(n)s"),
        "paper_sheet_new": _("New sheet: the first vote makes a new participant."),
        "paper_pick_card": _("Choose a card first."),
    }


def screen() -> dict:
    return {
        "reconnecting": _("Reconnecting…"),
        "connecting": _("Connecting…"),
        "gone": _("No connection: log in again and reload this page."),
        "gone_4403": _("Log in again as a facilitator, then reload this page."),
        "gone_4404": _("This session does not exist (any more). Go back to your sessions."),
        "participants": _("%(n)s took part"),
        "placements": _("%(n)s placed"),
        "hidden": _("results hidden"),
        "revealed": _("results shown"),
        "locked": _("locked"),
        "no_cards": _("No card is open yet."),
        "closed": _("This session is closed. Thank you!"),
        "draft": _("The session starts soon."),
        "roles": roles(),
        "compared_roles": list(COMPARED_ROLES),
        "role_none": _("no role"),
        "role_view": _("By role"),
        "role_view_on": _("Placements by role"),
        "role_count": _("%(role)s (%(n)s)"),
        "roles_hidden": _("Roles not shown for this card: too few people in a role."),
        "role_mean_note": _("Large circle: the role's average, with the card's number."),
        "role_differ_title": _("Where artists and community workers differ most"),
        "role_differ_none": _(
            "Too few artists or community workers yet to compare them (at least %(n)s of each)."
        )
        % {"n": compare.MIN_COMPARED},
        "role_differ_unclear": _(
            "No clear difference yet: the gaps are no larger than chance often gives."
        ),
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
        **_screen_run_of_show(),
    }


def _result_sentence() -> dict:
    """The room's result in words (static/js/findings.js): the projector's and the
    control page's, the very texts of workshop.lib.findings, used by every output."""
    return {"said": findings.texts()}


def _screen_run_of_show() -> dict:
    """The card under discussion, progress, the legend, welcome and thanks."""
    return {
        **_result_sentence(),
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
        "legend_spread": _("dashed ring: at least two in three dots lie inside"),
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


def _control_run_of_show() -> dict:
    """The card under discussion, the agreed position, rounds, the discussion starter."""
    return {
        **_result_sentence(),
        "card_of": _("Card %(i)s of %(n)s"),
        "open_next": _("Open next card"),
        "open_next_named": _("Open next: %(card)s"),
        "agreed_set": _("Agreed position: %(where)s"),
        "round_label": _("Round %(n)s"),
        "round_current": _("Round %(n)s (now)"),
        "starter_none": _("Suggestions appear once cards have placements."),
        "starter_spread": _("The room is most divided on %(card)s."),
        "starter_roles": _("Artists and community workers differ most on %(card)s."),
        "starter_moved": _("The room moved most between rounds on %(card)s."),
        "starter_show": _("Show on projector"),
        "comment_feature": _("In the summary"),
    }
