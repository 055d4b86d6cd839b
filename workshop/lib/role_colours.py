"""Each role's colours: the one table for the charts (PDFs) and the live pages.

workshop/lib/charts.py styles its SVGs with it, printables hand it to the PDFs'
swatches, and the projector gets it as JSON (workshop/pages/views.py: screen), from
which static/js/grid.js makes the --role, --role-outline and --role-ring of
each .ak-role-* class; static/css uses only those variables.

The fills keep apart in colour-blind reading and in grey print:
tests/workshop/test_role_colours.py simulates protanopia, deuteranopia and
tritanopia (Machado et al. 2009, full severity) and holds every pair of
fills at least 15 CIEDE2000 apart in each, and 12 apart in lightness (CIE
L*: anders 20, opbouwwerker 34, beleidsmaker 49, kunstenaar 64, bewoner 87;
no role given is hollow, white with a grey ring). The two roles the workshop
compares, artists and community workers, are 30 L* apart, orange against blue.
"""

from dataclasses import dataclass

WHITE = "#ffffff"


@dataclass(frozen=True)
class RoleColour:
    fill: str
    # The line of a mark: a dot's ring on paper and a paper vote's hollow square
    # everywhere. The fill's own colour, or darker where the fill is too light
    # to see on white (at least 3:1 against white, WCAG's non-text contrast).
    outline: str

    @property
    def ring(self) -> str:
        """A dot's ring on screen. Paper rings every dot in its outline (its fill is
        translucent there, so the ring reads darker); the projector rings dots in
        white, as its card-coloured dots, so a pile stays countable, except those
        whose fill is too light, which keep their darker outline."""
        return WHITE if self.outline == self.fill else self.outline


# Keys: workshop.models.Role's values, and "" for no role given.
ROLE_COLOURS = {
    "kunstenaar": RoleColour(fill="#d28d21", outline="#a6620a"),
    "opbouwwerker": RoleColour(fill="#2f4d94", outline="#2f4d94"),
    "beleidsmaker": RoleColour(fill="#04846e", outline="#04846e"),
    "bewoner": RoleColour(fill="#f5da35", outline="#817212"),
    "anders": RoleColour(fill="#303030", outline="#303030"),
    "": RoleColour(fill=WHITE, outline="#6b6b6b"),
}


def css_name(role: str) -> str:
    """The role's part of its class name (ak-role-…, role-… in the PDFs)."""
    return role or "none"


def for_browser() -> dict:
    """The table as the live pages get it (json_script), keyed by css_name."""
    return {
        css_name(role): {"fill": c.fill, "outline": c.outline, "ring": c.ring}
        for role, c in ROLE_COLOURS.items()
    }
