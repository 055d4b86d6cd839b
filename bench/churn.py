"""Memory benchmark: halls that come and go on one Daphne process.

    python bench/churn.py                      # 6 rounds of 1000 phones, a quiet 3 s after each
    python bench/churn.py --pause 0            # never a quiet moment between rounds

Each round, every phone connects, says hello, places each card once and
leaves; then the room is quiet for `--pause` seconds. A socket that closes
leaves cycles that only a full garbage collection frees, and the server makes
those at quiet moments (workshop/live/collector.py): the memory the server
holds after each round should level off, not grow round by round. Prints the
server's memory after every round. See docs/performance.md.
"""

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.client import Phone  # noqa: E402
from bench.room import create_session, prepare_database, stored_placements  # noqa: E402
from bench.servers import DaphneServer, bench_env, free_port  # noqa: E402


async def one_round(server: DaphneServer, code: str, cards: list[int], phones: int) -> int:
    """Phones join, place every card once and leave: how many placements were acked."""
    gate, rng = asyncio.Semaphore(100), random.Random(phones)
    acked = 0

    async def visit() -> None:
        nonlocal acked
        phone = Phone(server.ws_url, code, server.origin)
        async with gate:
            await phone.join()
        try:
            for card in cards:
                x, y = round(rng.uniform(-1, 1), 4), round(rng.uniform(-1, 1), 4)
                reply = await phone.request({"type": "place", "card": card, "x": x, "y": y}, 60)
                acked += reply["type"] == "ack"
        finally:
            await phone.close()

    await asyncio.gather(*(visit() for _ in range(phones)))
    return acked


async def drive(args, server: DaphneServer, session, cards: list[int]) -> int:
    print(f"before the first round: {server.rss_mb():.0f} MB")
    sent = acked = 0
    for number in range(1, args.rounds + 1):
        started = time.perf_counter()
        acked += await one_round(server, session.join_code, cards, args.phones)
        sent += args.phones * len(cards)
        seconds = time.perf_counter() - started
        await asyncio.sleep(args.pause)
        print(
            f"round {number}: {args.phones} phones came, placed and left in {seconds:.1f} s; "
            f"after {args.pause:g} s quiet the server holds {server.rss_mb():.0f} MB "
            f"(peak so far {server.peak_rss_mb():.0f} MB)"
        )
    stored = await asyncio.to_thread(stored_placements, session.pk)
    print(f"placements: sent {sent}, acked {acked}, stored {stored}")
    return 0 if sent == acked == stored else 1


def main(args) -> int:
    database_url = prepare_database("embedded")
    session, cards, _cookie = create_session(args.cards)
    server = DaphneServer(port=free_port(), env=bench_env(database_url))
    try:
        server.start()
        return asyncio.run(drive(args, server, session, cards))
    finally:
        server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--cards", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--pause", type=float, default=3.0, help="quiet seconds after each round")
    sys.exit(main(parser.parse_args()))
