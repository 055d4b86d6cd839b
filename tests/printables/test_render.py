"""The renderer leaves the process as it found it: collector on, no garbage."""

import gc

import pytest

from printables import materials
from printables.render import RenderRefused, collector_paused, html_to_pdf
from tests.printables.conftest import data_of, fill

pytestmark = pytest.mark.django_db


def test_a_render_leaves_no_cyclic_garbage_and_the_collector_on(session):
    fill(session, participants=30)
    data = data_of(session)
    gc.collect()
    with collector_paused():
        materials.render(data, "summary")
        left_inside = gc.collect()  # what a render leaves when nobody collects after it
    assert left_inside > 10_000, "a summary should leave its box tree as cyclic garbage"
    materials.render(data, "summary")
    assert gc.isenabled()
    assert gc.collect() < 1000  # html_to_pdf collected it already (some 60 000 if not)


def test_a_refused_render_turns_the_collector_back_on():
    with pytest.raises(RenderRefused):
        html_to_pdf('<p>hoi</p><img src="http://example.invalid/x.png">')
    assert gc.isenabled()


def test_the_collector_is_off_inside_and_stays_off_where_it_was_off():
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled(), "someone else turned it off; that is theirs to undo"
    finally:
        gc.enable()
