"""The projector, read from the back row: the card under discussion large, progress
before the reveal, a legend and one sentence after it, nothing cut off at any
projector size, no facilitator control on show."""

import pytest
from django.utils import translation

from tests import shapes
from tests.browser.room_helpers import SIZES, clipped, crowd, full_room, shot, small_text
from workshop.lib import findings
from workshop.models import Card, Participant, Placement, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def projector(new_page, alice, session, size=(1920, 1080)):
    page = new_page(alice, viewport={"width": size[0], "height": size[1]})
    page.goto(f"/facilitator/sessions/{session.pk}/screen/")
    return page


def wait_mode(page, mode: str) -> None:
    page.wait_for_function(
        f"() => document.getElementById('ak-screen').classList.contains('ak-mode-{mode}')"
    )
    page.wait_for_timeout(150)  # a frame for the fit


@pytest.mark.parametrize("size", list(SIZES))
def test_nothing_is_cut_off_in_any_mode_at_any_projector_size(new_page, session, alice, size):
    card = full_room(session)
    width, height = SIZES[size]
    failures = {}

    def check(page, mode):
        wait_mode(page, mode)
        shot(page, f"projector-{size}-{mode}")
        bad = clipped(page) + small_text(page)
        if bad:
            failures[mode] = bad[:12]

    Session.objects.filter(pk=session.pk).update(state=Session.State.DRAFT)
    page = projector(new_page, alice, session, (width, height))
    check(page, "welcome")

    Session.objects.filter(pk=session.pk).update(state=Session.State.OPEN)
    Card.objects.filter(pk=card.pk).update(revealed=False)
    session.cards.exclude(pk=card.pk).update(is_open=False)
    page.reload()
    check(page, "live")
    title_px = page.evaluate(
        "parseFloat(getComputedStyle(document.getElementById('ak-focus-title')).fontSize)"
    )
    assert title_px >= 0.05 * height, f"card title {title_px}px at {size}"
    assert page.locator("#ak-progress").is_visible()

    Card.objects.filter(pk=card.pk).update(revealed=True)
    session.cards.filter(position=session.cards.order_by("position", "id")[1].position).update(
        is_open=True
    )
    page.reload()
    page.locator("#ak-screen-grid g.ak-dots .ak-dot").nth(999).wait_for(state="attached")
    check(page, "live")
    failures["revealed"] = failures.pop("live", None) or []
    assert page.locator("#ak-focus-title").inner_text() == card.title
    legend = page.locator("#ak-legend li:not(.ak-legend-move)")
    assert legend.count() == 6 and all(li.is_visible() for li in legend.all()), (
        "a legend for every mark"
    )
    title_px = page.evaluate(
        "parseFloat(getComputedStyle(document.getElementById('ak-focus-title')).fontSize)"
    )
    assert title_px >= 0.05 * height, f"card title {title_px}px after the fit at {size}"

    page.keyboard.press("r")
    check(page, "roles")
    page.keyboard.press("r")

    commenter = Placement.objects.filter(card=card, round=2).exclude(comment="").first()
    Session.objects.filter(pk=session.pk).update(
        spotlight_card=card, spotlight_participant=commenter.participant
    )
    page.reload()
    check(page, "spotlight")
    assert page.locator("#ak-spotlight-comment").is_visible()
    Session.objects.filter(pk=session.pk).update(spotlight_card=None, spotlight_participant=None)

    page.reload()
    wait_mode(page, "live")
    page.keyboard.press("p")
    check(page, "replay")
    page.keyboard.press("Escape")

    Session.objects.filter(pk=session.pk).update(state=Session.State.CLOSED)
    page.reload()
    check(page, "thanks")

    failed = {mode: bad for mode, bad in failures.items() if bad}
    assert not failed, "\n".join(f"{mode}: {bad}" for mode, bad in failed.items())


def test_the_audience_sees_no_facilitator_control_and_h_shows_the_keys(new_page, session, alice):
    page = projector(new_page, alice, session)
    wait_mode(page, "live")
    visible_controls = page.locator("button:visible, a:visible, input:visible, select:visible")
    assert visible_controls.count() == 0
    assert page.locator("#ak-help").is_hidden()
    page.keyboard.press("h")
    page.locator("#ak-help").wait_for(state="visible")
    assert "R" in page.locator("#ak-help").inner_text()
    page.keyboard.press("Escape")
    page.locator("#ak-help").wait_for(state="hidden")


def test_before_the_reveal_the_room_sees_progress_and_arrivals_but_no_positions(
    new_page, session, alice
):
    card = session.cards.filter(is_open=True).order_by("position", "id").last()
    Participant.objects.bulk_create(
        Participant(session=session) for _ in range(4)
    )  # joined, not yet placed
    page = projector(new_page, alice, session)
    wait_mode(page, "live")
    assert page.locator("#ak-focus-title").inner_text() == card.title
    assert page.locator("#ak-screen-grid g.ak-dots .ak-dot").count() == 0
    page.evaluate(
        "window.akArrivals = 0; new MutationObserver((m) => m.forEach((r) => window.akArrivals += r.addedNodes.length))"
        ".observe(document.getElementById('ak-arrivals'), {childList: true})"
    )
    from tests.browser.conftest import join_and_skip_role, place_with_keys

    phone = new_page(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    join_and_skip_role(phone, session)
    place_with_keys(phone, card)
    page.locator("#ak-progress-text", has_text="1 van 5").wait_for()
    page.wait_for_function("() => window.akArrivals >= 1")
    assert page.locator("#ak-screen-grid g.ak-dots .ak-dot").count() == 0, "positions stay hidden"
    assert page.locator("#ak-focus-state").inner_text() == "Zet deze kaart op je telefoon"


def test_after_the_reveal_every_mark_has_a_legend_and_none_hides_another(new_page, session, alice):
    card = session.cards.filter(is_open=True).order_by("position", "id").first()
    session.cards.exclude(pk=card.pk).update(is_open=False)
    crowd(card, 10, round_=1, seed=4)
    crowd(card, 10, round_=2, paper=2, seed=4)  # the same spot as round 1: marks on one point
    mean_x = sum(p.x for p in Placement.objects.filter(card=card, round=2)) / 10
    mean_y = sum(p.y for p in Placement.objects.filter(card=card, round=2)) / 10
    Card.objects.filter(pk=card.pk).update(
        round=2, revealed=True, agreed_x=round(mean_x, 2), agreed_y=round(mean_y, 2)
    )
    page = projector(new_page, alice, session)
    wait_mode(page, "live")
    page.locator("#ak-legend li").first.wait_for()
    kinds = page.eval_on_selector_all("#ak-legend li", "els => els.map(e => e.className)")
    for kind in ["dot", "paper", "mean", "spread", "agreed", "earlier"]:
        assert any(f"ak-legend-{kind}" in k for k in kinds), (kind, kinds)
    marks = page.evaluate(
        """() => {
            const svg = document.getElementById('ak-screen-grid');
            const fill = (sel) => getComputedStyle(svg.querySelector(sel)).fill;
            const box = (sel) => svg.querySelector(sel).getBBox();
            const mean = box('.ak-marks .ak-mean');
            const label = box('.ak-earlier-label');
            const apart = label.x > mean.x + mean.width || label.x + label.width < mean.x
                || label.y > mean.y + mean.height || label.y + label.height < mean.y;
            return {agreed: fill('.ak-marks .ak-agreed'), ring: fill('.ak-earlier-ring'), apart};
        }"""
    )
    assert marks["agreed"] == "none" and marks["ring"] == "none", marks
    assert marks["apart"], "the earlier round's number is not under today's mean"
    paper = page.evaluate(
        "getComputedStyle(document.querySelector('#ak-screen-grid rect.ak-dot-paper')).fill"
    )
    assert paper == "rgb(255, 255, 255)", "a paper vote is a hollow square"
    # One sentence, one measure: the server's words for the same placements.
    sentence = page.locator("#ak-result-sentence").inner_text()
    with translation.override("nl"):
        expected = findings.sentence(
            findings.shape(Placement.objects.filter(card=card, round=2).values_list("x", "y")),
            session.axes().get,
        )
    assert sentence == expected


def test_the_projector_names_camps_ties_agreement_and_spread(new_page, alice):
    """Rooms built so the right words are known (tests/shapes.py): the projector
    says what the PDFs and the phones say, beside a legend that is true."""
    session = shapes.build(alice, state=Session.State.OPEN)
    cards = list(session.cards.order_by("position", "id"))
    page = None
    for card, (title, (_points, said)) in zip(cards, shapes.ROOMS.items(), strict=True):
        session.cards.update(is_open=False, revealed=False)
        Card.objects.filter(pk=card.pk).update(is_open=True, revealed=True)
        if page is None:
            page = projector(new_page, alice, session)
        else:
            page.reload()
        wait_mode(page, "live")
        page.locator("#ak-result-sentence", has_text=said[:20]).wait_for()
        assert page.locator("#ak-result-sentence").inner_text().startswith(said), title
        legend = page.locator("#ak-legend").inner_text()
        assert "stippelring: minstens twee op de drie stippen liggen erbinnen" in legend
        if title == "Twee kampen":
            shot(page, "projector-two-camps")
            # The control page's sentence is the same one.
            control = new_page(alice, viewport={"width": 1366, "height": 768})
            control.goto(f"/facilitator/sessions/{session.pk}/")
            control.locator("#ak-now-sentence", has_text=said[:20]).wait_for()
            assert control.locator("#ak-now-sentence").inner_text().startswith(said)
            control.close()


def test_a_closed_session_thanks_the_room_with_a_code_to_the_results(new_page, session, alice):
    Session.objects.filter(pk=session.pk).update(state=Session.State.CLOSED)
    page = projector(new_page, alice, session)
    wait_mode(page, "thanks")
    assert page.locator("#ak-thanks img.ak-qr").is_visible()
    assert page.locator("#ak-join-strip").is_hidden()
    Session.objects.filter(pk=session.pk).update(state=Session.State.DRAFT)
    page.reload()
    wait_mode(page, "welcome")
    box = page.locator("#ak-welcome img.ak-qr").bounding_box()
    assert box["height"] >= 0.5 * 1080, "the join code is large before the start"
    assert session.join_code in page.locator("#ak-welcome").inner_text()


@pytest.mark.parametrize(
    "mode", ["welcome", "progress", "revealed", "roles", "spotlight", "replay", "help", "thanks"]
)
def test_the_projector_is_axe_clean_in_every_mode(new_page, session, alice, mode):
    from tests.browser.test_accessibility import all_violations

    card = full_room(session)
    state = {"welcome": Session.State.DRAFT, "thanks": Session.State.CLOSED}
    Session.objects.filter(pk=session.pk).update(state=state.get(mode, Session.State.OPEN))
    if mode == "progress":
        Card.objects.filter(pk=card.pk).update(revealed=False)
    if mode == "spotlight":
        commenter = Placement.objects.filter(card=card, round=2).exclude(comment="").first()
        Session.objects.filter(pk=session.pk).update(
            spotlight_card=card, spotlight_participant=commenter.participant
        )
    page = projector(new_page, alice, session, (1280, 720))
    page.locator("#ak-screen[data-ready]").wait_for()
    keys = {"roles": "r", "replay": "p", "help": "h"}
    if mode in keys:
        page.keyboard.press(keys[mode])
    shown = {"progress": "live", "revealed": "live", "help": "live"}.get(mode, mode)
    wait_mode(page, shown)
    if mode == "help":
        page.locator("#ak-help").wait_for()
    assert all_violations(page) == []
    if mode not in ("welcome", "thanks", "help"):
        # The live projector's h1 is the card under discussion.
        title = page.locator("#ak-focus-title").inner_text()
        assert title and page.locator("h1:visible").all_inner_texts() == [title]


def test_the_replays_card_list_follows_the_replayed_moment(new_page, session, alice):
    import datetime

    from workshop.models import PlacementEvent

    card = session.cards.filter(is_open=True).order_by("position", "id").first()
    Card.objects.filter(pk=card.pk).update(revealed=True)
    crowd(card, 3, seed=5)
    start = datetime.datetime(2026, 11, 29, 10, 0, tzinfo=datetime.UTC)
    for i, event in enumerate(PlacementEvent.objects.filter(card=card).order_by("pk")):
        PlacementEvent.objects.filter(pk=event.pk).update(
            created_at=start + datetime.timedelta(seconds=2 * i)
        )
    page = projector(new_page, alice, session)
    wait_mode(page, "live")
    page.keyboard.press("p")
    wait_mode(page, "replay")
    page.keyboard.press("p")  # pause at the very start: one of the three has placed
    row = page.locator(f'#ak-replay-cards li[data-card="{card.pk}"]')
    row.locator(".ak-screen-card-meta", has_text="1 geplaatst").wait_for()
    assert page.locator("#ak-screen-grid g.ak-dots .ak-dot").count() == 1
    page.keyboard.press("3")
    page.keyboard.press("p")
    row.locator(".ak-screen-card-meta", has_text="3 geplaatst").wait_for()
    page.keyboard.press("Escape")
    wait_mode(page, "live")


def test_the_projector_speaks_in_the_typeface_of_the_printed_report(new_page, session, alice):
    # The browser's own answer: which font drew the card's title (DevTools'
    # CSS.getPlatformFontsForNode). A web font, not the machine's Noto Sans.
    card = full_room(session)
    page = projector(new_page, alice, session, (1280, 720))
    page.locator("#ak-screen[data-ready]").wait_for()
    page.evaluate("document.fonts.ready")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]

    def fonts_of(selector):
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, selector
        return {
            (font["familyName"], font["isCustomFont"])
            for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        }

    page.locator("#ak-focus-title", has_text=card.title).wait_for()
    assert fonts_of("#ak-focus-title") == {("Noto Sans", True)}
    assert ("Noto Sans", True) in fonts_of("#ak-participants")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.weight)"
    )
    assert not [f for f in loaded if "Arabic" in f], "Arabic is fetched only for Arabic text"
