"""The per-process hub between websocket consumers, the database and other processes.

Why a hub instead of one channel-layer group per session with every consumer
in it: group messages are at-most-once and cost one copy per member, so a
busy room would cost clients × placements. Here:

- Commands (phone, paper and control alike) queue up for one writer task
  that applies whatever has gathered in a single transaction (group commit,
  workshop/live/commit.py) and only then answers (persist before ack).
- Each committed change set (a `Batch` with the session's new `seq`) goes to
  the channel layer once (workshop/live/publish.py), to a group that holds
  one channel per *process*.
- Each process's hub merges the batches it receives and, once per tick,
  sends one `update` to its local projector/control sockets and, at most once
  per phone tick, one complete `view` to its local phones: the cost grows with
  clients × ticks, not with clients × placements.
"""

import asyncio
import logging
import time
import weakref
from collections import deque
from dataclasses import dataclass, field

import msgspec
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from workshop.live import authority, collector, commit, outage, publish, snapshots
from workshop.live import protocol as p
from workshop.live.actions import Command, Outcome

log = logging.getLogger(__name__)


@dataclass
class Room:
    """This process's sockets of one session, and what they have yet to be sent."""

    screens: set = field(default_factory=set)  # projectors: hidden comments blanked
    controls: set = field(default_factory=set)  # control pages: everything
    phones: set = field(default_factory=set)
    pending: list[dict] = field(default_factory=list)  # published batches for the screens
    phones_dirty: bool = False
    phones_urgent: bool = False
    phones_sent_at: float = 0.0
    view: p.View | None = None  # the last phone view, reused for joining phones
    view_at: float = 0.0
    view_coming: asyncio.Future | None = None  # the view being computed, for all who ask meanwhile
    view_version: int = 0  # grows when the view goes stale: a view computed before is not kept
    spread: "Spread | None" = None  # new results on their way to the phones, a share a tick

    def view_stale(self) -> None:
        self.view, self.view_coming, self.view_version = None, None, self.view_version + 1


@dataclass
class Spread:
    """New results going out to a room's phones a share at a time, at most `rate`
    phones a second: a hall's thousand views in one burst held every ack and
    projector update back for a third of a second (docs/performance.md)."""

    text: str  # the view, encoded once
    phones: deque
    rate: float
    credit: float  # how many phones may be sent to now
    at: float

    def share(self, now: float) -> list:
        """The phones whose turn it is now."""
        self.credit = min(self.credit + (now - self.at) * self.rate, len(self.phones))
        self.at = now
        count = int(self.credit)
        self.credit -= count
        return [self.phones.popleft() for _ in range(count)]


class Gathered:
    """`await gathered(item)` calls `fn(items)` in the database thread once for every
    item queued meanwhile (fn returns one result per item, in order): a thousand
    phones connecting at once cost a few trips through the one database thread,
    not a thousand."""

    def __init__(self, fn):
        self.fn = fn
        self.queue: list[tuple[object, asyncio.Future]] = []
        self.task: asyncio.Task | None = None

    async def __call__(self, item):
        future = asyncio.get_running_loop().create_future()
        self.queue.append((item, future))
        if self.task is None:
            self.task = asyncio.create_task(self._run())
        return await future

    async def _run(self) -> None:
        try:
            while self.queue:
                items, self.queue = self.queue, []
                try:
                    results = await database_sync_to_async(self.fn)([i for i, _ in items])
                except Exception as exc:
                    results = [exc] * len(items)
                for (_, future), result in zip(items, results, strict=True):
                    if future.done():
                        continue
                    if isinstance(result, Exception):
                        future.set_exception(result)
                    else:
                        future.set_result(result)
        finally:
            self.task = None


class Hub:
    def __init__(self):
        self.layer = get_channel_layer()
        self.channel: str | None = None
        self.rooms: dict[int, Room] = {}
        self.writes: asyncio.Queue = asyncio.Queue()
        self.wake = asyncio.Event()
        self.tasks: list[asyncio.Task] = []
        self.screen_tick = settings.LIVE_SCREEN_TICK_MS / 1000
        self.phone_tick = settings.LIVE_PHONE_TICK_MS / 1000
        self.phone_rate = settings.LIVE_PHONE_SENDS_PER_SECOND
        self.gather = settings.LIVE_WRITE_GATHER_MS / 1000
        self.checks: set[asyncio.Task] = set()  # authority checks under way
        self.recheck_every = settings.LIVE_AUTHORITY_RECHECK_MS / 1000
        self.gathered: dict = {}  # fn -> Gathered(fn), see batched()
        self.collector = collector.QuietCollector()  # full collections when quiet

    async def start(self) -> None:
        self.channel = await self.layer.new_channel("hub.")
        try:
            await self.layer.group_add(publish.AUTHORITY_GROUP, self.channel)
        except Exception:  # the layer is down: the periodic recheck still ends lost logins
            log.exception("could not listen for facilitators' removals and logouts")
        self.tasks = [
            asyncio.create_task(self._write_loop(), name="hub-writer"),
            asyncio.create_task(self._receive_loop(), name="hub-receiver"),
            asyncio.create_task(self._tick_loop(), name="hub-ticker"),
            asyncio.create_task(self._recheck_loop(), name="hub-authority"),
            asyncio.create_task(self.collector.run(), name="hub-collector"),
        ]

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    async def batched(self, fn, item):
        """fn(items) for this item and every other queued meanwhile (see Gathered)."""
        if fn not in self.gathered:
            self.gathered[fn] = Gathered(fn)
        return await self.gathered[fn](item)

    # Sockets --------------------------------------------------------------

    async def subscribe(self, session_id: int, consumer, audience: str) -> None:
        self.collector.busy()
        room = self.rooms.get(session_id)
        if room is None:
            room = self.rooms[session_id] = Room()
            await self.layer.group_add(publish.group_name(session_id), self.channel)
        {"screen": room.screens, "control": room.controls, "phone": room.phones}[audience].add(
            consumer
        )

    async def unsubscribe(self, session_id: int, consumer) -> None:
        self.collector.left()  # a socket that closes leaves garbage behind
        room = self.rooms.get(session_id)
        if room is None:
            return
        for consumers in (room.screens, room.controls, room.phones):
            consumers.discard(consumer)
        # The room and its group membership stay: leaving the group here could
        # race a socket of the same session joining (group_add and group_discard
        # both wait on Redis), and this process would then miss its batches.

    # Writing --------------------------------------------------------------

    async def submit(self, command: Command) -> Outcome:
        """Queue a command for the next group commit; returns once it is durable."""
        future = asyncio.get_running_loop().create_future()
        await self.writes.put((command, future))
        return await future

    async def _write_loop(self) -> None:
        limit = settings.LIVE_WRITE_BATCH
        while True:
            items = [await self.writes.get()]
            self.collector.busy()
            if self.writes.qsize() < limit // 10:
                # Let a few more arrive: a batch costs a handful of queries
                # whatever its size, so a short wait here buys throughput.
                await asyncio.sleep(self.gather)
            while len(items) < limit and not self.writes.empty():
                items.append(self.writes.get_nowait())
            commands = [command for command, _ in items]
            try:
                outcomes, batches = await database_sync_to_async(commit.apply_commands)(commands)
            except Exception:
                log.exception("group commit of %d commands failed", len(items))
                outcomes, batches = [Outcome(error=p.Code.SERVER_ERROR)] * len(items), {}
            for (_, future), outcome in zip(items, outcomes, strict=True):
                if not future.done():
                    future.set_result(outcome)
            for session_id, batch in batches.items():
                await publish.batch(session_id, batch)

    # Fan-out --------------------------------------------------------------

    async def _receive_loop(self) -> None:
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                outage.layer.failed(exc, announcement=False)  # one line per outage
                await asyncio.sleep(0.5)
                continue
            outage.layer.works()
            self.collector.busy()
            if message.get("type") == "live.authority":
                self.check_authority(message)
                continue
            room = self.rooms.get(message.get("session"))
            if room is None:
                continue
            if message.get("type") == "session.deleted":
                await self.close_room(message["session"], room)
                continue
            room.pending.append(message)
            # Phones show card states and revealed results only: joins and moves
            # on hidden cards need no new view.
            if message.get("phones_urgent", False):
                room.phones_urgent = True
                room.view_stale()
            room.phones_dirty |= room.phones_urgent or message.get("phones_results", False)
            self.wake.set()

    async def _tick_loop(self) -> None:
        flushed_at = -self.screen_tick
        while True:
            await self.wake.wait()
            self.wake.clear()
            # At most one update a tick, counted from the last one, so a slow flush
            # does not stretch the next tick; what arrives meanwhile goes with it.
            # After a quiet spell the first change goes out at once.
            wait = flushed_at + self.screen_tick - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            flushed_at = time.monotonic()
            phones_waiting = False
            for session_id, room in list(self.rooms.items()):
                try:
                    await self._flush_screens(room)
                    await self._flush_phones(session_id, room)
                except Exception:
                    log.exception("fan-out for session %s failed", session_id)
                phones_waiting = phones_waiting or room.phones_dirty or room.spread is not None
            if phones_waiting:
                self.wake.set()  # come back for phones whose turn has not come yet

    async def _flush_screens(self, room: Room) -> None:
        if room.pending:
            batches = sorted(room.pending, key=lambda b: b["seq"])
            room.pending = []
            if room.controls:
                await self._send_all(room.controls, update(batches, "changes"))
            if room.screens:
                await self._send_all(room.screens, update(batches, "screen"))

    async def _flush_phones(self, session_id: int, room: Room) -> None:
        now = time.monotonic()
        since, interval = now - room.phones_sent_at, self.phone_interval(room)
        # Card changes go out soon, but a burst of them (six reveals) as one view.
        phones_due = since >= interval or (room.phones_urgent and since >= interval / 4)
        if room.phones_dirty and phones_due:
            urgent = room.phones_urgent
            room.phones_dirty = room.phones_urgent = False
            room.phones_sent_at = now
            if room.phones:
                view = await self._compute_view(session_id, room)
                self._spread(room, view, urgent)
        if room.spread is not None:
            share = room.spread.share(time.monotonic())
            await self._send_to(share, room.spread.text, room.phones)
            if not room.spread.phones:
                room.spread = None

    def _spread(self, room: Room, view: p.View, urgent: bool) -> None:
        """The new view for every phone, a share a tick, the phones still waiting
        for the last one first. A card's new state goes four times as fast as
        new results: to a hall of a thousand in a second, not four."""
        waiting = list(room.spread.phones) if room.spread else []
        queue = deque(dict.fromkeys(waiting + list(room.phones)))  # in order, each once
        rate = self.phone_rate * (URGENT_SPEEDUP if urgent else 1)
        room.spread = Spread(p.encode(view).decode(), queue, rate, rate * self.screen_tick,
                             at=time.monotonic())  # fmt: skip

    # Endings ---------------------------------------------------------------

    async def close_room(self, session_id: int, room: Room) -> None:
        """The session was deleted: close every socket of it here with 4404."""
        self.rooms.pop(session_id, None)
        for consumer in room.screens | room.controls | room.phones:
            await consumer.end(p.CloseCode.NOT_FOUND)

    def check_authority(self, message: dict) -> None:
        """A facilitator lost a session or logged out: check their sockets here again."""
        for session_id, room in self.rooms.items():
            if message["session"] not in (None, session_id):
                continue
            for consumer in room.screens | room.controls:
                if consumer.user_id == message["user"]:
                    task = asyncio.create_task(self._recheck(session_id, consumer, message))
                    self.checks.add(task)
                    task.add_done_callback(self.checks.discard)

    async def _recheck_loop(self) -> None:
        """Ask every projector and control socket again now and then: a login that
        expired, a password changed or an announcement lost on its way (a Redis
        outage) still ends the socket, not only its next action."""
        while True:
            await asyncio.sleep(self.recheck_every)
            for session_id, room in list(self.rooms.items()):
                for consumer in list(room.screens | room.controls):
                    await self._recheck(session_id, consumer, {"login": None})

    async def _recheck(self, session_id: int, consumer, message: dict) -> None:
        if consumer.login != message["login"]:  # not the login that ended: ask the database
            try:
                if await database_sync_to_async(authority.facilitates)(
                    session_id, consumer.user_id, consumer.login
                ):
                    return
            except Exception:
                # The database is in trouble: keep the socket; its next action is checked again.
                log.exception("checking a facilitator's socket failed; kept open")
                return
        await consumer.end(p.CloseCode.FORBIDDEN)

    def phone_interval(self, room: Room) -> float:
        # A full hall gets results less often: sends to phones stay near
        # phone_rate a second per process, whatever the room's size.
        return max(self.phone_tick, len(room.phones) / self.phone_rate)

    async def phone_view(self, session_id: int) -> p.View:
        """The session's phone view; a recent one is shared by phones that join
        meanwhile, and one being computed by every phone that asks before it is
        ready (a hall joining at once asks for it hundreds of times a second)."""
        room = self.rooms.get(session_id)
        if room is None:
            return await database_sync_to_async(snapshots.phone_view)(session_id)
        if room.view and time.monotonic() - room.view_at < self.phone_interval(room):
            return room.view
        if room.view_coming is None:
            room.view_coming = asyncio.ensure_future(self._compute_view(session_id, room))
        return await asyncio.shield(room.view_coming)

    async def _compute_view(self, session_id: int, room: Room) -> p.View:
        version = room.view_version
        try:
            view = await database_sync_to_async(snapshots.phone_view)(session_id)
        finally:
            if room.view_version == version:
                room.view_coming = None
        if room.view_version == version:  # else it went stale while it was computed
            room.view, room.view_at = view, time.monotonic()
        return view

    async def _send_all(self, consumers: set, message: p.Out) -> None:
        await self._send_to(list(consumers), p.encode(message).decode(), consumers)

    async def _send_to(self, targets: list, text: str, members: set) -> None:
        """Send `text` to each of `targets` still in `members`; a socket that fails
        is dropped from `members`."""
        for index, consumer in enumerate(targets):
            if index and index % SEND_SLICE == 0:
                # A send does not give the event loop back (Daphne writes the frame
                # there and then): a hall's views would hold every ack back.
                await asyncio.sleep(0)
            if consumer not in members:
                continue  # left meanwhile
            try:
                await consumer.send(text_data=text)
            except Exception:
                log.debug("dropping a socket that failed to send", exc_info=True)
                members.discard(consumer)


SEND_SLICE = 50  # sockets sent to before the event loop gets a turn
URGENT_SPEEDUP = 4  # a card's new state reaches phones this many times faster than results


def update(published: list[dict], copy: str) -> p.Update:
    """An `update` of published batches: their changes as encoded at publish time
    ("changes" for control pages, "screen" for projectors)."""
    return p.Update(
        batches=[
            p.Batch(seq=b["seq"], changes=[msgspec.Raw(c) for c in b[copy]]) for b in published
        ]
    )


_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Task]" = (
    weakref.WeakKeyDictionary()
)


async def get_hub() -> Hub:
    """The hub of the running event loop (one per Daphne process; one per test loop)."""
    loop = asyncio.get_running_loop()
    starting = _hubs.get(loop)
    if starting is None:  # the first caller starts it; callers meanwhile wait for the same task
        starting = _hubs[loop] = loop.create_task(_start_hub())
    return await asyncio.shield(starting)


async def _start_hub() -> Hub:
    hub = Hub()
    await hub.start()
    return hub
