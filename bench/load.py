"""Load benchmark: a plenary hall of phones against real Daphne processes.

    python bench/load.py                          # 300 phones, 6 cards, embedded profile
    python bench/load.py --phones 1000            # the target run
    python bench/load.py --phones 1000 --find-knee
    python bench/load.py --profile scaleout --processes 2 --phones 3000
    python bench/load.py --phones 1000 --join-only --floor   # Daphne and Channels alone

The benchmark starts the server itself (fresh database), then drives it from
this separate process over real websockets with the documented protocol:
N phones join and pick roles, place each of C open cards (some move a card
once more), a control client reveals the results midway, a projector watches.
It prints what was sent, acknowledged, stored and seen (all equal: nothing
lost), latencies, server CPU and memory, and messages the server sent.
The join line also gives the hello time as a multiple of the client's CPU
time: against the same server the client does the same work in every run,
so that figure compares runs taken while this shared machine ran at
different speeds (docs/performance.md, session 12).
See docs/performance.md for figures.
"""

import argparse
import asyncio
import random
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.client import Phone, Screen  # noqa: E402
from bench.room import REDIS_URL, create_session, prepare_database, stored_placements  # noqa: E402
from bench.servers import (  # noqa: E402
    DaphneServer,
    bench_env,
    free_port,
    machine_cpu,
    stolen_percent,
)

ROLES = ["kunstenaar", "opbouwwerker", "beleidsmaker", "bewoner", "anders", ""]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


class Run:
    """One benchmark run: the clients, and what they measured."""

    def __init__(self, servers, session, card_ids, cookie, phones: int):
        self.servers, self.session, self.card_ids = servers, session, card_ids
        self.phones = [
            Phone(servers[i % len(servers)].ws_url, session.join_code, servers[0].origin)
            for i in range(phones)
        ]
        self.projector = Screen(servers[0].ws_url, session.pk, servers[0].origin, cookie)
        self.control = Screen(
            servers[-1].ws_url, session.pk, servers[0].origin, cookie, kind="control"
        )
        self.sent: dict[tuple, float] = {}  # (participant, card, x, y) -> send time
        self.ack_latency: list[float] = []
        self.acked = 0
        self.errors = 0

    async def connect_screens(self) -> None:
        await self.projector.connect()
        await self.control.connect()
        await asyncio.wait_for(self.projector.snapshot_event.wait(), 30)

    async def say_hello(self, concurrency: int = 100) -> float:
        """Every phone connects and says hello, at most `concurrency` at once: seconds."""
        gate = asyncio.Semaphore(concurrency)

        async def join(phone: Phone) -> None:
            async with gate:
                await phone.join()

        started = time.perf_counter()
        await asyncio.gather(*(join(phone) for phone in self.phones))
        return time.perf_counter() - started

    async def choose_roles(self, concurrency: int = 100) -> float:
        """Every phone chooses a role: seconds."""
        gate = asyncio.Semaphore(concurrency)
        rng = random.Random(1)

        async def choose(phone: Phone) -> None:
            async with gate:
                await phone.request({"type": "role", "role": rng.choice(ROLES)}, timeout=60)

        started = time.perf_counter()
        await asyncio.gather(*(choose(phone) for phone in self.phones))
        return time.perf_counter() - started

    async def place(self, phone: Phone, card: int, x: float, y: float) -> None:
        self.sent[(phone.participant, card, x, y)] = time.perf_counter()
        started = time.perf_counter()
        reply = await phone.request({"type": "place", "card": card, "x": x, "y": y}, timeout=120)
        if reply["type"] == "ack":
            self.acked += 1
            self.ack_latency.append(time.perf_counter() - started)
        else:
            self.errors += 1

    async def wave(
        self, rate: float, count: int | None, rng: random.Random, reveal_at: float | None
    ):
        """Placements at `rate` a second (all phones × cards, plus ~10% moves, or `count`)."""
        plan = [(phone, card) for phone in self.phones for card in self.card_ids]
        rng.shuffle(plan)
        plan += rng.sample(plan, len(plan) // 10)  # some move a card once more
        if count is not None:
            plan = plan[:count]
        loop = asyncio.get_running_loop()
        start = loop.time()
        tasks, revealed = [], False
        for i, (phone, card) in enumerate(plan):
            due = start + i / rate
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            if reveal_at is not None and not revealed and i >= len(plan) * reveal_at:
                revealed = True
                tasks += [
                    asyncio.create_task(
                        self.control.request(
                            {"type": "card", "card": c, "action": "reveal"}, timeout=120
                        )
                    )
                    for c in self.card_ids
                ]
            x, y = round(rng.uniform(-1, 1), 4), round(rng.uniform(-1, 1), 4)
            tasks.append(asyncio.create_task(self.place(phone, card, x, y)))
        await asyncio.gather(*tasks)
        return len(plan), loop.time() - start

    async def wait_for_projector(self, timeout: float = 30) -> None:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if all(key in self.projector.seen_at for key in self.sent):
                return
            await asyncio.sleep(0.05)

    def projector_latency(self, keys) -> list[float]:
        return [
            self.projector.seen_at[k] - self.sent[k] for k in keys if k in self.projector.seen_at
        ]

    def messages_received(self) -> int:
        """Every frame the server sent to a client (acks, snapshots, views, updates)."""
        clients = [*self.phones, self.projector, self.control]
        return sum(c.frames for c in clients)

    async def close(self) -> None:
        await asyncio.gather(*(c.close() for c in [*self.phones, self.projector, self.control]))


def profile(server: DaphneServer, folder: str, phase: str):
    """py-spy on a server process for one phase (join, place): collapsed stacks per
    process (flamegraph.pl or speedscope.app draw them)."""
    import subprocess

    Path(folder).mkdir(parents=True, exist_ok=True)
    out = Path(folder) / f"daphne-{server.port}-{phase}.txt"
    return subprocess.Popen(
        ["py-spy", "record", "-p", str(server.proc.pid), "-o", str(out), "-r", "200", "-f", "raw"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def spy_on(servers, folder: str | None, phase: str) -> list:
    return [profile(server, folder, phase) for server in servers] if folder else []


def stop(spies) -> None:
    for spy in spies:
        spy.send_signal(signal.SIGINT)  # py-spy writes its output on SIGINT
        spy.wait(timeout=60)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main(args) -> int:
    """Database and servers first (synchronous Django), then the clients' event loop."""
    database_url = prepare_database(args.profile)
    if args.profile == "scaleout":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
    session, card_ids, cookie = create_session(args.cards)
    redis_url = REDIS_URL if args.profile == "scaleout" else ""
    env = bench_env(database_url, redis_url)
    app = "bench.floor:application" if args.floor else DaphneServer.app
    servers = [DaphneServer(port=free_port(), env=env, app=app) for _ in range(args.processes)]
    try:
        for server in servers:
            server.start()
        return asyncio.run(drive(args, servers, session, card_ids, cookie))
    finally:
        for server in servers:
            server.stop()


async def drive(args, servers, session, card_ids, cookie) -> int:
    run = Run(servers, session, card_ids, cookie, args.phones)
    rng = random.Random(args.seed)
    try:
        if not args.floor:  # the floor serves phones only
            await run.connect_screens()
        spies = spy_on(servers, args.py_spy, "hello")
        cpu_before = sum(s.cpu_seconds() for s in servers)
        client_before, machine_before = time.process_time(), machine_cpu()
        join_seconds = await run.say_hello()
        hello_stolen = stolen_percent(machine_before, machine_cpu())
        hello_cpu = sum(s.cpu_seconds() for s in servers) - cpu_before
        hello_client_cpu = time.process_time() - client_before
        stop(spies)
        spies = spy_on(servers, args.py_spy, "role")
        role_seconds = await run.choose_roles()
        join_cpu = sum(s.cpu_seconds() for s in servers) - cpu_before
        stop(spies)
        joined = (
            f"join: {args.phones} phones connected and said hello in {join_seconds:.2f} s "
            f"(server CPU {hello_cpu:.2f} s, the client {hello_client_cpu:.2f} s, "
            f"stolen by the host {hello_stolen:.0f} %; "
            f"{join_seconds / max(hello_client_cpu, 1e-3):.2f} × the client's CPU), "
            f"then chose a role in {role_seconds:.2f} s (server CPU, both: {join_cpu:.1f} s)"
        )
        if args.join_only:
            print(joined)
            return 0
        frames_before = run.messages_received()
        cpu_before = sum(s.cpu_seconds() for s in servers)
        client_before = time.process_time()  # this process: is the client the limit?
        machine_before = machine_cpu()
        spies = spy_on(servers, args.py_spy, "place")
        count, seconds = await run.wave(args.rate, None, rng, reveal_at=0.5)
        stop(spies)
        await run.wait_for_projector()
        cpu = sum(s.cpu_seconds() for s in servers) - cpu_before
        client_cpu = time.process_time() - client_before
        stolen = stolen_percent(machine_before, machine_cpu())
        await asyncio.sleep(max(args.settle, 0))
        stored = await asyncio.to_thread(stored_placements, session.pk)
        seen = sum(1 for key in run.sent if key in run.projector.seen_at)
        frames = run.messages_received() - frames_before
        latency = run.projector_latency(list(run.sent))
        print(
            f"profile {args.profile}, {args.processes} Daphne process(es), "
            f"{args.phones} phones, {args.cards} cards, target rate {args.rate:.0f}/s"
        )
        print(joined)
        print(
            f"placements: sent {len(run.sent)}, acked {run.acked}, stored {stored}, "
            f"seen by projector {seen}, errors {run.errors}  "
            f"({'nothing lost' if len(run.sent) == run.acked == stored == seen else 'LOST SOME'})"
        )
        print(
            f"placement phase: {count} placements in {seconds:.1f} s "
            f"({count / seconds:.0f}/s achieved)"
        )
        print(
            "ack latency:        p50 {} p95 {} p99 {}".format(
                *(ms(percentile(run.ack_latency, q)) for q in (50, 95, 99))
            )
        )
        print(
            "placement→projector: p50 {} p95 {} p99 {}".format(
                *(ms(percentile(latency, q)) for q in (50, 95, 99))
            )
        )
        print(
            f"server CPU: {cpu:.1f} s in the placement phase, "
            f"{cpu / max(1, count) * 1000:.2f} s per 1000 placements "
            f"(the client, on the same machine: {client_cpu:.1f} s; "
            f"stolen by the host: {stolen:.0f} % of the machine's CPU time)"
        )
        print("server peak RSS: " + ", ".join(f"{s.peak_rss_mb():.0f} MB" for s in servers))
        print(
            f"messages sent by the server in the placement phase: {frames} "
            f"({frames / max(1, count):.2f} per placement; phones got "
            f"{sum(p.views for p in run.phones)} result views); "
            f"{run.messages_received()} in total, joining included"
        )
        if args.find_knee:
            await find_knee(run, rng, args)
        return 0 if len(run.sent) == run.acked == stored == seen else 1
    finally:
        await run.close()


async def find_knee(run: Run, rng: random.Random, args) -> None:
    """Waves of moves at rising rates; the knee is the first rate with p95 over 150 ms."""
    print("\nknee search (p95 of placement→projector and of ack, per offered rate):")
    last_good = None
    for rate in args.knee_rates:
        run.sent.clear()
        run.ack_latency.clear()
        count = int(min(rate * args.knee_seconds, len(run.phones) * len(run.card_ids)))
        _, seconds = await run.wave(rate, count, rng, reveal_at=None)
        await run.wait_for_projector()
        latency = run.projector_latency(list(run.sent))
        p95_screen, p95_ack = percentile(latency, 95), percentile(run.ack_latency, 95)
        print(
            f"  offered {rate:5.0f}/s, achieved {count / seconds:5.0f}/s: "
            f"projector p95 {ms(p95_screen)}, ack p95 {ms(p95_ack)}"
        )
        if max(p95_screen, p95_ack) > 0.150:
            below = f"{last_good:.0f}" if last_good is not None else "0"
            print(f"knee: between {below} and {rate:.0f} placements/s (p95 first over 150 ms)")
            return
        last_good = rate
    print(f"knee: above {args.knee_rates[-1]:.0f} placements/s (p95 never over 150 ms)")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--cards", type=int, default=6)
    parser.add_argument("--rate", type=float, default=300.0, help="placements per second offered")
    parser.add_argument(
        "--profile",
        choices=["embedded", "postgres", "scaleout"],
        default="embedded",
        help="embedded: SQLite + in-memory layer; postgres: PostgreSQL + in-memory; "
        "scaleout: PostgreSQL + Redis",
    )
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--find-knee", action="store_true")
    parser.add_argument("--join-only", action="store_true", help="stop after joining")
    parser.add_argument("--floor", action="store_true",
                        help="serve bench/floor.py instead (with --join-only): the frameworks' own "
                             "cost of a joining hall")  # fmt: skip
    parser.add_argument(
        "--knee-rates", type=float, nargs="+", default=[250, 500, 1000, 1500, 2000, 3000]
    )
    parser.add_argument("--knee-seconds", type=float, default=4.0)
    parser.add_argument("--settle", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--py-spy", metavar="DIR", help="profile each server with py-spy into DIR")
    args = parser.parse_args(argv)
    if args.processes > 1 and args.profile != "scaleout":
        parser.error("several processes need --profile scaleout (a shared channel layer)")
    if args.floor and not args.join_only:
        parser.error("--floor answers hellos and roles only: add --join-only")
    return args


if __name__ == "__main__":
    sys.exit(main(parse_args()))
