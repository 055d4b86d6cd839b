"""The one place that announces committed changes to live clients.

Every process's hub listens on the channel layer: to the group of each
session it has sockets for, and to one group for changes of who may run a
session. Three kinds of message go there, all only after the change is
durable:

- `session.batch`: what one commit changed in a session, with its new `seq`
  (from the hub's writer, and from the edit page: `session_edited`);
- `session.deleted`: every socket of the session is closed with 4404;
- `live.authority`: a facilitator lost (or may have lost) a session or their
  login; their projector and control sockets are checked again and closed
  with 4403 where they no longer may run the session.

Page views call the sync functions at the end of their change; they send on
commit (Zulip's `send_event_on_commit`), so nothing is announced that a
rollback could take back.
"""

from dataclasses import dataclass

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.dispatch import receiver

from workshop.live import outage
from workshop.live import protocol as p
from workshop.models import Session

AUTHORITY_GROUP = "live-authority"


def group_name(session_id: int) -> str:
    return f"session-{session_id}"


@dataclass
class Batch:
    """What one committed transaction changed in one session."""

    seq: int
    changes: list[p.Change]
    phones_urgent: bool = False  # card or session state changed: phones must know soon
    phones_results: bool = False  # a revealed card's result changed: phones may wait a tick

    def merge(self, later: "Batch") -> "Batch":
        return Batch(
            seq=later.seq,
            changes=self.changes + later.changes,
            phones_urgent=self.phones_urgent or later.phones_urgent,
            phones_results=self.phones_results or later.phones_results,
        )

    def as_message(self, session_id: int) -> dict:
        """The channel-layer message: each change encoded here, once, as the control
        page gets it and (`screen`) as a projector gets it (hidden comments blanked)."""
        return {
            "type": "session.batch",
            "session": session_id,
            "seq": self.seq,
            "changes": [p.encode(c) for c in self.changes],
            "screen": [p.encode(p.for_screen(c)) for c in self.changes],
            "phones_urgent": self.phones_urgent,
            "phones_results": self.phones_results,
        }


async def batch(session_id: int, committed: Batch) -> None:
    """Announce a committed batch to every process's hub (the sender's included)."""
    try:
        await get_channel_layer().group_send(
            group_name(session_id), committed.as_message(session_id)
        )
    except Exception as exc:
        # Clients recover through their sequence numbers; never fail the writer.
        outage.layer.failed(exc)
    else:
        outage.layer.works()


# From page views (sync) -------------------------------------------------------


def _send_on_commit(group: str, message: dict) -> None:
    def send():
        try:
            async_to_sync(get_channel_layer().group_send)(group, message)
        except Exception as exc:  # the page's change is saved; live clients resync on their own
            outage.layer.failed(exc)
        else:
            outage.layer.works()

    transaction.on_commit(send)


def session_edited(session_id: int) -> None:
    """The edit page changed texts, axes or cards: every client reloads the session.

    Bumps the sequence number (so the change has its place in the order of
    live changes) and announces an `edited` change; projectors and control
    pages take a new snapshot, phones a new view. Placements are untouched.
    """
    with transaction.atomic():
        Session.lock([session_id])
        seq = Session.bump_seqs([session_id]).get(session_id)
        if seq is not None:
            edited = Batch(seq=seq, changes=[p.EditedChange()], phones_urgent=True)
            _send_on_commit(group_name(session_id), edited.as_message(session_id))


def session_deleted(session_id: int) -> None:
    """The session is gone: every socket of it is closed with 4404."""
    _send_on_commit(group_name(session_id), {"type": "session.deleted", "session": session_id})


def facilitator_removed(session_id: int, user_id: int) -> None:
    """A co-host no longer runs the session: their sockets of it close with 4403."""
    message = {"type": "live.authority", "user": user_id, "session": session_id, "login": ""}
    _send_on_commit(AUTHORITY_GROUP, message)


@receiver(user_logged_out, dispatch_uid="assenkruis-live-logout")
def logged_out(sender, request, user, **kwargs) -> None:
    """A facilitator logged out: the sockets opened with that login close with 4403.

    Sent before Django deletes the login, so the message names it.
    """
    if user is None or request is None:
        return
    login = request.session.session_key or ""
    message = {"type": "live.authority", "user": user.pk, "session": None, "login": login}
    _send_on_commit(AUTHORITY_GROUP, message)
