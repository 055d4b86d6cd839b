"""The group commit alone: CPU per placement (and per join) of `commit.apply_commands`.

    python bench/commit.py                 # 120 batches of 50 placements, fresh SQLite file
    python bench/commit.py --profile postgres

No sockets, no event loop: the database thread's share of a placement, which
`bench/load.py` cannot separate from the rest of the server. Prints the median
thread CPU per placement over the last batches, and per join (hello).
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import os  # noqa: E402

os.environ.setdefault("DEBUG", "0")  # as the server runs in production and in bench/load.py

from bench.room import create_session, prepare_database  # noqa: E402


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", choices=["embedded", "postgres"], default="embedded")
    parser.add_argument("--batches", type=int, default=120)
    parser.add_argument("--size", type=int, default=50)
    args = parser.parse_args(argv)
    prepare_database(args.profile)
    from workshop.live import protocol as p
    from workshop.live.actions import Command
    from workshop.live.commit import apply_commands

    session, card_ids, _ = create_session(6)
    joins, people = [], []
    for b in range(1000 // args.size):
        hellos = [Command(session.pk, p.Hello(id=f"h{b}-{i}")) for i in range(args.size)]
        started = time.thread_time()
        outcomes, _ = apply_commands(hellos)
        joins.append((time.thread_time() - started) / args.size)
        people += [o.extra["participant"] for o in outcomes]
    rng = random.Random(1)
    costs = []
    for b in range(args.batches):
        commands = [
            Command(session.pk, p.Place(id=f"p{b}-{i}", card=rng.choice(card_ids),
                                        x=rng.uniform(-1, 1), y=rng.uniform(-1, 1)),
                    participant_id=rng.choice(people), role="bewoner")
            for i in range(args.size)
        ]  # fmt: skip
        started = time.thread_time()
        apply_commands(commands)
        costs.append((time.thread_time() - started) / args.size)
    tail = costs[len(costs) // 6 :]
    print(f"join: {statistics.median(joins) * 1e6:.0f} µs CPU per hello (batches of {args.size})")
    print(
        f"place: {statistics.median(tail) * 1e6:.0f} µs CPU per placement "
        f"(median of {len(tail)} batches of {args.size})"
    )


if __name__ == "__main__":
    main()
