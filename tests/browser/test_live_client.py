"""static/js/live.js on its own, in the browser: ordering of batches and resending."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEQUENCER = """async ([batches, snapshotSeq, holdMs, waitMs]) => {
    const { BatchSequencer } = await import('/static/js/sequencer.js');
    const applied = [];
    let syncs = 0;
    const s = new BatchSequencer({
        apply: (changes) => applied.push(changes[0]),
        requestSync: () => { syncs += 1; },
        holdMs,
    });
    for (const group of batches) {
        if (group === 'snapshot') s.snapshot(snapshotSeq);
        else s.update(group.map((seq) => ({ seq, changes: [seq] })));
    }
    await new Promise((r) => setTimeout(r, waitMs));
    return { applied, syncs, seq: s.seq };
}"""


@pytest.fixture
def page(new_page):
    page = new_page()
    page.goto("/")
    return page


def test_batches_apply_in_order_and_held_ones_wait_for_the_hole(page):
    result = page.evaluate(SEQUENCER, [["snapshot", [12, 11], [13], [15], [14]], 10, 2000, 50])
    assert result == {"applied": [11, 12, 13, 14, 15], "syncs": 0, "seq": 15}


def test_old_and_repeated_batches_are_skipped(page):
    result = page.evaluate(SEQUENCER, [["snapshot", [9, 10, 11], [11], [12]], 10, 2000, 50])
    assert result["applied"] == [11, 12]


def test_batches_before_the_snapshot_wait_for_it(page):
    result = page.evaluate(SEQUENCER, [[[11], [12], "snapshot"], 11, 2000, 50])
    assert result["applied"] == [12]


def test_a_hole_not_filled_in_time_asks_for_a_sync(page):
    result = page.evaluate(SEQUENCER, [["snapshot", [13]], 10, 200, 400])
    assert result == {"applied": [], "syncs": 1, "seq": 10}
    filled = page.evaluate(SEQUENCER, [["snapshot", [13], [11, 12]], 10, 200, 400])
    assert filled == {"applied": [11, 12, 13], "syncs": 0, "seq": 13}


def test_fmt_fills_named_placeholders(page):
    out = page.evaluate(
        "async () => (await import('/static/js/live.js')).fmt('%(n)s geplaatst, %(x)s', {n: 3})"
    )
    assert out == "3 geplaatst, "
