"""PDF benchmark: the session summary of a big room against its own floor.

    python bench/pdf_summary.py                      # 300 participants × 12 cards
    python bench/pdf_summary.py --comments 0.25       # a quarter of placements commented
    python bench/pdf_summary.py --participants 1000 --repeat 3

Builds a throwaway SQLite database with N participants who each placed every
card and commented on each (or on the --comments share of them), then measures, each in a fresh child process:

- floor: the 12 bare scatter SVGs of those cards (charts.scatter_svg, one per
  A4 page) rendered by WeasyPrint; the least any summary has to draw;
- all comments: the "comments" material (every visible comment by card and
  role), which the summary points to instead of printing them; for scale;
- summary: the whole summary PDF (what the group found, overview, a page per
  card with its chart and a bounded comment selection, role comparison, notes),
  from the snapshot on;
- text floor: the summary's own words, every one of them, as plain paragraphs
  in the print stylesheet, with no images and no other markup; the least its
  text costs to set, whatever the design. Floor + text floor is the least the
  summary could cost.

Every PDF is tagged (PDF/UA), floor and summary alike.

Each figure is the best of --repeat child processes (floor and summary
alternating, each timing its second render), in wall-clock and CPU seconds
(CPU time is the steadier figure on a shared machine), with the largest peak
resident memory of those children. Target (docs/performance.md): summary ≤ 1.5 × floor.
"""

import argparse
import html
import io
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COMMENTS = [
    "Kans: koppel dit aan het wijkteam.",
    "Mooi om samen met de bibliotheek te doen; daar komen al veel mensen uit de wijk.",
    "Hier kunnen bewoners zelf de regie nemen.",
    "Zou ook in de brede school kunnen, als de leerkrachten mee willen doen.",
    "Sterk als opbouwwerk en kunstenaar samen beginnen en samen evalueren.",
    "Welke kans zie je? Dat mensen elkaar buiten het project ook weer opzoeken.",
    "Eerst individueel, later in een groep: dan schuift het op naar collectief.",
]


def setup_django(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")
    import django

    django.setup()


def build(database: Path, participants: int, comments: float = 1.0, seed: int = 1) -> int:
    """A closed session with every participant placing every card; `comments`
    is the share of placements that carry a comment."""
    setup_django(database)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from workshop.models import Participant, Placement, Role, Session

    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    user = get_user_model().objects.create_user("bench")
    session = Session.create_from_library(
        user, title="Grote zaal", place="Stadsschouwburg", organiser="Bench, bench@example.nl"
    )
    session.state = Session.State.CLOSED
    session.notes = "Benchmark session.\n" * 20
    session.save()
    roles = [r.value for r in Role] + [""]
    people = Participant.objects.bulk_create(
        Participant(session=session, role=rng.choice(roles)) for _ in range(participants)
    )
    placements = []
    for card in session.cards.all():
        cx, cy = rng.uniform(-0.6, 0.6), rng.uniform(-0.6, 0.6)
        card.agreed_x, card.agreed_y = cx, cy
        card.save()
        for person in people:
            lean = 0.2 if person.role == Role.ARTIST else 0.0
            placements.append(
                Placement(
                    participant=person,
                    card=card,
                    x=max(-1, min(1, rng.gauss(cx + lean, 0.3))),
                    y=max(-1, min(1, rng.gauss(cy, 0.3))),
                    # Numbered: 300 people rarely write the very same words.
                    comment=f"{rng.choice(COMMENTS)} ({person.pk})"
                    if rng.random() < comments
                    else "",
                )
            )
    Placement.objects.bulk_create(placements, batch_size=2000)
    return session.pk


class _Words(HTMLParser):
    """The text of an HTML page, a paragraph per block element."""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "li", "blockquote", "td", "th", "div", "figcaption"}

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs, self.current, self.skip = [], [], 0

    def handle_starttag(self, tag, attrs) -> None:
        self.skip += tag in ("style", "title")
        if tag in self.BLOCKS or tag == "br":
            self.flush()

    def handle_endtag(self, tag) -> None:
        self.skip -= tag in ("style", "title")
        if tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data) -> None:
        if not self.skip:
            self.current.append(data)

    def flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.paragraphs.append(text)
        self.current = []


def plain_text(page: str) -> list[str]:
    words = _Words()
    words.feed(page)
    words.flush()
    return words.paragraphs


def measure(database: Path, session_id: int, what: str, out) -> None:
    """Child process: load the snapshot, render `what` once to warm up, then
    time a second render (wall clock and CPU) and report the peak RSS."""
    setup_django(database)
    from pypdf import PdfReader

    from printables import materials
    from printables.data import snapshot
    from printables.render import html_to_pdf
    from workshop.models import Session

    data = snapshot(Session.objects.get(pk=session_id))
    html_to_pdf("<p>warm up fonts</p>")

    def floor() -> bytes:
        # The summary's own scatter of each card, one per page, nothing else.
        pages = "".join(
            f'<img alt="chart" style="width:180mm;display:block;break-after:page" src="{uri}">'
            for uri in (materials.figures.scatter_uri(data, card) for card in data.cards)
        )
        return html_to_pdf(f'<html lang="nl"><style>@page {{ size: A4 }}</style>{pages}</html>')

    def comment_text() -> bytes:
        # The appendix with every visible comment (its own material).
        return materials.render(data, "comments")

    def summary() -> bytes:
        return materials.render(data, "summary")

    paragraphs = plain_text(materials.html(data, "summary"))

    def text_floor() -> bytes:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        return html_to_pdf(
            '<html lang="nl"><link rel="stylesheet" href="printables/print.css">'
            f"<body>{body}</body></html>"
        )

    render = {"floor": floor, "comment text": comment_text, "summary": summary,
              "text floor": text_floor}[what]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    render()
    wall, cpu = time.perf_counter(), time.process_time()
    pdf = render()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    out.send({"seconds": wall, "cpu": cpu, "peak_mib": peak / 1024,
              "grew_mib": (peak - before) / 1024, "kib": len(pdf) / 1024,
              "pages": len(PdfReader(io.BytesIO(pdf)).pages),
              "comments": data.comments, "placements": data.placements})  # fmt: skip


def run(database: Path, session_id: int, what: str) -> dict:
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("spawn").Process(
        target=measure, args=(database, session_id, what, send)
    )
    child.start()
    result = receive.recv()
    child.join()
    return result


def best(results: list[dict]) -> dict:
    """Fastest run's times, largest peak memory."""
    return {**min(results, key=lambda r: r["cpu"]),
            "seconds": min(r["seconds"] for r in results),
            "peak_mib": max(r["peak_mib"] for r in results),
            "grew_mib": max(r["grew_mib"] for r in results)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--comments", type=float, default=1.0, help="share of placements commented")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many child runs each")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "bench.sqlite3"
        started = time.perf_counter()
        session_id = build(database, args.participants, args.comments)
        print(f"built {args.participants} participants × 12 cards in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        runs = {"floor": [], "comment text": [], "summary": [], "text floor": []}
        for _ in range(args.repeat):  # alternating, so a busy moment hits both alike
            for what, results in runs.items():
                results.append(run(database, session_id, what))
        floor, text, summary, words = (
            best(runs[k]) for k in ("floor", "comment text", "summary", "text floor")
        )

    print(f"{summary['placements']} placements, {summary['comments']} comments")
    for name, r in (("floor (12 bare scatters)", floor), ("all comments (appendix)", text),
                    ("summary PDF", summary), ("text floor (its words)", words)):  # fmt: skip
        print(f"{name:26} {r['seconds']:6.2f} s wall {r['cpu']:6.2f} s CPU   "
              f"peak RSS {r['peak_mib']:4.0f} MiB (+{r['grew_mib']:.0f} rendering)   "
              f"{r['kib']:.0f} KiB, {r['pages']} pages")  # fmt: skip
    print(f"summary / floor: {summary['seconds'] / floor['seconds']:.2f} × wall, "
          f"{summary['cpu'] / floor['cpu']:.2f} × CPU (target ≤ 1.5 ×)")  # fmt: skip
    print(f"the summary beyond its charts costs {summary['cpu'] - floor['cpu']:.2f} s CPU")  # fmt: skip
    print(f"its words alone, unstyled, cost {words['cpu']:.2f} s CPU: floor + words = "
          f"{(floor['cpu'] + words['cpu']) / floor['cpu']:.2f} × floor, the least any design "
          f"of this text can reach")  # fmt: skip


if __name__ == "__main__":
    main()
