"""One action per message type: its schema, senders, reads, writes and announcements.

To add a message type: declare its Struct in workshop/live/protocol.py, write
its action with @register (phone.py or control.py), and describe it in
docs/protocol.md (docs/architecture.md walks through it).
"""

from workshop.live.actions import control, phone  # noqa: F401  (they register themselves)
from workshop.live.actions.base import (
    REGISTRY,
    Action,
    action_for,
    known_messages,
    messages_for,
    register,
)
from workshop.live.work import Command, Outcome, Read, Work, Write

__all__ = [
    "REGISTRY", "Action", "Command", "Outcome", "Read", "Work", "Write", "action_for",
    "known_messages", "messages_for", "register",
]  # fmt: skip
