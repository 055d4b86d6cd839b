"""A participant sees what became of their own comment: being sent, waiting for
the facilitator, shown, or not shown, as the facilitator moderates on the
control page (real Daphne, real Chromium)."""

import pytest

from tests.browser.conftest import wait_for
from tests.browser.test_phone import shot
from tests.browser.test_toolkit_live import comment_from_phone, control_page, open_cards
from workshop.models import Placement, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAITING = "Verstuurd. Je opmerking wacht op de begeleider."
SHOWN = "Verstuurd. Je opmerking kan op het grote scherm komen."
NOT_SHOWN = "Verstuurd. De begeleider laat je opmerking niet op het scherm zien."


def said(phone, words: str) -> None:
    phone.locator("#ak-comment-status", has_text=words).wait_for(timeout=15000)


def the_comment(control, card, text):
    control.locator(f'.ak-card-pick[data-card="{card.pk}"]').click()
    comment = control.locator(".ak-comment", has_text=text)
    comment.wait_for()
    return comment


def test_a_pre_moderated_comment_waits_then_shows_then_is_not_shown(new_page, session, alice):
    card = open_cards(session)[0]
    Session.objects.filter(pk=session.pk).update(moderation="pre")
    control = control_page(new_page, alice, session)
    phone = comment_from_phone(new_page, session, card, "Kans: samen met de bieb")
    said(phone, WAITING)
    shot(phone, "09-comment-waiting")

    comment = the_comment(control, card, "Kans: samen met de bieb")
    comment.locator('button[data-action="show"]').click()
    said(phone, SHOWN)
    shot(phone, "10-comment-shown")

    # Approved, then hidden: the facilitator chose, nothing waits any more.
    comment.get_by_role("button", name="Verbergen").click()
    wait_for(lambda: Placement.objects.get(card=card).comment_hidden, message="not hidden")
    said(phone, NOT_SHOWN)
    phone.reload()  # and after a reload, from the snapshot
    phone.locator(f'.ak-chip[data-card="{card.pk}"]').click()
    said(phone, NOT_SHOWN)


def test_an_open_comment_is_shown_until_the_facilitator_hides_it(new_page, session, alice):
    card = open_cards(session)[0]
    control = control_page(new_page, alice, session)
    phone = comment_from_phone(new_page, session, card, "Mooi voor de buurt")
    said(phone, SHOWN)

    the_comment(control, card, "Mooi voor de buurt").get_by_role("button", name="Verbergen").click()
    said(phone, NOT_SHOWN)
    shot(phone, "11-comment-not-shown")
    phone.reload()  # and after a reload, from the snapshot
    phone.locator(f'.ak-chip[data-card="{card.pk}"]').click()
    said(phone, NOT_SHOWN)
