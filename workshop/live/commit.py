"""The group commit: many commands, one transaction, one sequence number per session.

The hub's writer (workshop/live/hub.py) calls `apply_commands` with whatever
phone, paper and control commands have gathered. In one transaction it

1. locks the sessions (a fixed order: no deadlock between processes),
2. loads, per run of bulk actions, what those actions declare in `reads`,
3. checks and applies each command through its action (workshop/live/actions/),
4. writes what the run queued on the actions' `writes`, each in bulk,
5. bumps each changed session's `seq`,

and returns one `Outcome` per command and one `Batch` per changed session,
which the hub announces through workshop/live/publish.py after the commit.
It names no message type: it runs whatever the actions declare. Its cost is
a handful of queries per batch, whatever the batch's size: that is what lets
a full hall place at once.
"""

import logging

from django.db import IntegrityError, transaction

from workshop.live import protocol as p
from workshop.live.actions import Action, Command, Outcome, Read, Work, action_for
from workshop.live.publish import Batch
from workshop.models import Session

log = logging.getLogger(__name__)


def apply_commands(commands: list[Command]) -> tuple[list[Outcome], dict[int, Batch]]:
    """Apply many commands in one transaction (group commit).

    A failure of the batch as a whole (a rare race on a unique client id
    between two server processes) falls back to one transaction per command,
    so one bad message never costs the others their place.
    """
    try:
        with transaction.atomic():
            return _commit(commands)
    except IntegrityError:
        log.warning("batch of %d commands hit a conflict; applying one by one", len(commands))
    outcomes: list[Outcome] = []
    batches: dict[int, Batch] = {}
    for command in commands:
        try:
            with transaction.atomic():
                (outcome,), one = _commit([command])
        except IntegrityError:
            outcome, one = Outcome(duplicate=True), {}
        outcomes.append(outcome)
        for session_id, batch in one.items():
            batches[session_id] = (
                batches[session_id].merge(batch) if session_id in batches else batch
            )
    return outcomes, batches


def _commit(commands: list[Command]) -> tuple[list[Outcome], dict[int, Batch]]:
    """The body of one group commit; call inside a transaction."""
    work = Work(Session.lock({c.session_id for c in commands}))
    actions = [action_for(c.message) for c in commands]
    outcomes: list[Outcome] = []
    for start, end in _runs(actions):
        outcomes += apply_run(work, commands[start:end], actions[start:end])
    seqs = Session.bump_seqs(work.changes)
    batches = {
        session_id: Batch(
            seq=seqs[session_id],
            changes=changes,
            phones_urgent=session_id in work.urgent,
            phones_results=session_id in work.results,
        )
        for session_id, changes in work.changes.items()
        if session_id in seqs
    }
    return outcomes, batches


def _runs(actions: list[Action]):
    """(start, end) of each run: bulk actions side by side share one; any other is alone."""
    start = 0
    for i, action in enumerate(actions):
        if not action.bulk:
            if i > start:
                yield start, i
            yield i, i + 1
            start = i + 1
    if start < len(actions):
        yield start, len(actions)


def apply_run(work: Work, commands: list[Command], actions: list[Action]) -> list[Outcome]:
    """Read what the run's actions declare, check and apply each command, write the run."""
    work.begin_run()
    reads: dict[Read, list[Command]] = {}
    for command, action in zip(commands, actions, strict=True):
        if command.session_id in work.sessions:
            for read in action.reads:
                reads.setdefault(read, []).append(command)
    work.prefetch(reads)
    outcomes = []
    for command, action in zip(commands, actions, strict=True):
        if command.session_id not in work.sessions:  # deleted meanwhile
            outcomes.append(Outcome(error=p.Code.SESSION_NOT_OPEN, close=p.CloseCode.NOT_FOUND))
        else:
            outcomes.append(action.check(work, command) or action.apply(work, command))
    work.write()
    return outcomes
