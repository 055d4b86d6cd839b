"""One action per message type: who may send it, its check, apply and description.

To add a message type: declare its Struct in workshop/live/protocol.py, write
its action in phone.py or control.py with @register, and describe it in
docs/protocol.md (docs/architecture.md walks through it).
"""

from workshop.live.actions import control, phone  # noqa: F401  (they register themselves)
from workshop.live.actions.base import (
    REGISTRY,
    Action,
    Command,
    Outcome,
    action_for,
    messages_for,
    register,
)

__all__ = [
    "REGISTRY", "Action", "Command", "Outcome", "action_for", "messages_for", "register",
]  # fmt: skip
