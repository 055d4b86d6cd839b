"""All comments: every visible comment of every card and round, by role."""

from django.utils.translation import gettext_lazy as _

from printables import words
from printables.data import PlacementData, SessionData
from printables.materials.figures import ROLE_ORDER, role_label
from printables.materials.material import Material
from printables.templatetags.print_text import FSI, PDI, direction


def comments_by_role(comments: list[PlacementData]) -> list[dict]:
    """Comments by role, one comment a line, in at most two text blocks a role.

    Each comment is set between Unicode isolates (an Arabic one keeps its own
    order). A role's left-to-right comments come first and share one block; its
    right-to-left ones follow in a block of their own, set right to left and
    aligned right. Not a box per comment: with 300 people commenting,
    thousands of small boxes are what makes WeasyPrint slow.
    """
    groups: dict[str, list[tuple[str, str]]] = {role: [] for role in ROLE_ORDER}
    label = _("(chosen)")  # the facilitator featured it
    chosen = f" {FSI}{label}{PDI}"
    for placement in comments:
        text = " ".join(placement.comment.split())
        line = f"• {FSI}{text}{PDI}{chosen if placement.featured else ''}"
        groups.setdefault(placement.role, []).append((direction(text), line))
    result = []
    for role, lines in groups.items():
        if not lines:
            continue
        runs: list[dict] = []
        for way, line in sorted(lines, key=lambda item: item[0] == "rtl"):  # stable
            if runs and runs[-1]["dir"] == way:
                runs[-1]["lines"].append(line)
            else:
                runs.append({"dir": way, "lines": [line]})
        result.append(
            {
                "role": role,
                "label": role_label(role),
                "count": len(lines),
                "runs": [{"dir": run["dir"], "text": "\n".join(run["lines"])} for run in runs],
            }
        )
    return result


def comments_context(data: SessionData) -> dict:
    """Every visible comment of every card and round, rounds in the order they
    were held: the summary's appendix. Cards without a comment are named at the end."""
    cards, silent = [], []
    for card in data.cards:
        rounds = [
            {"round": r.round, "groups": comments_by_role(r.comments), "count": len(r.comments)}
            for r in [*card.earlier, card]
        ]
        rounds = [r for r in rounds if r["count"]]
        if rounds:
            cards.append(
                {"card": card, "rounds": rounds, "several": len(rounds) > 1 or card.round > 1}
            )
        else:
            silent.append(str(card.number))
    return {
        "cards": cards,
        "silent": words.joined(silent) if cards and silent else "",
        "silent_count": len(silent),
        "featured": any(
            p.featured for card in data.cards for r in [card, *card.earlier] for p in r.comments
        ),
        "comment_count": data.comments,
        "notes": data.notes.strip(),
    }


COMMENTS = Material(
    "comments",
    _("All comments"),
    "printables/comments.html",
    extra_context=comments_context,
    subject=_("Every comment of the session, by card, round and role"),
)
