"""The browser applies the server's changes through one table (static/js/room.js
CHANGES): one entry per change kind the server declares, and a kind it does not
know is logged, not silently dropped."""

import pytest

from workshop.live import protocol as p

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.django_db(transaction=True)]


def test_the_room_knows_every_change_kind_the_server_declares(new_page):
    page = new_page()
    page.goto("/")
    kinds = page.evaluate('async () => Object.keys((await import("/static/js/room.js")).CHANGES)')
    assert sorted(kinds) == sorted(p.CHANGES)


def test_an_unknown_change_kind_is_logged_and_the_others_applied(new_page):
    page = new_page()
    warnings = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.goto("/")
    applied = page.evaluate(
        """async () => {
            const { Room } = await import("/static/js/room.js");
            let changed = 0;
            const room = new Room({ onChange: () => changed++, requestSync: () => {} });
            room.apply([
                {kind: "hand", participant: 3, card: 7},
                {kind: "participant", participant: 3, role: "bewoner"},
            ]);
            return [changed, room.participants.by_role.bewoner];
        }"""
    )
    assert applied == [1, 1], "the known change after the unknown one was applied"
    assert any("unknown change kind hand" in w for w in warnings), warnings
