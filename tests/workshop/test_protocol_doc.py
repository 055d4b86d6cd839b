"""docs/protocol.md says what the server sends as workshop/live/protocol.py declares it:
every change kind and message type, with its fields, in both and the same in both;
and every JSON example of a server message in the doc has only declared fields."""

import json
import re
from pathlib import Path

import msgspec
import pytest

from workshop.live import protocol as p

DOC = (Path(__file__).resolve().parents[2] / "docs" / "protocol.md").read_text()


def table(first_column: str) -> dict[str, tuple[set[str], set[str]]]:
    """The doc's table whose header starts with `first_column`: per row, its
    (fields, optional fields) — a field in italics (*`x`*) may be left out."""
    rows = re.search(rf"^\| {first_column} \| fields \|\n\|[-|]+\|\n((?:\|.*\n)+)", DOC, re.M)
    assert rows, f"docs/protocol.md has no table of {first_column}s and their fields"
    out = {}
    for row in rows.group(1).splitlines():
        name, fields = (cell.strip() for cell in row.strip("|").split("|"))
        fields = re.sub(r"\(.*?\)", "", fields)  # "(each seq, changes)": the parts' fields
        out[name] = (set(re.findall(r"`(\w+)`", fields)), set(re.findall(r"\*`(\w+)`\*", fields)))
    return out


def declared(cls) -> tuple[set[str], set[str]]:
    fields = msgspec.structs.fields(cls)
    optional = {f.name for f in fields if f.default is msgspec.UNSET}
    return {f.name for f in fields}, optional


def test_every_change_kind_in_the_doc_is_declared_with_the_same_fields_and_back():
    documented = {re.sub(r"`", "", kind): fields for kind, fields in table("kind").items()}
    assert set(documented) == set(p.CHANGES)
    for kind, cls in p.CHANGES.items():
        assert documented[kind] == declared(cls), f"change kind {kind}"


@pytest.mark.parametrize(
    "row, cls",
    [
        ("`ack`", p.Ack),
        ("`error`", p.Error),
        ("`update`", p.Update),
        ("`view`", p.View),
        ("`snapshot` (phone)", p.PhoneSnapshot),
        ("`snapshot` (projector, control)", p.Snapshot),
    ],
)
def test_every_message_the_server_sends_is_documented_with_its_fields(row, cls):
    documented = table("type")
    assert documented[row] == declared(cls)


def test_the_doc_names_every_declared_message_and_nothing_else():
    assert len(table("type")) == len(p.OUTGOING)


def test_the_doc_lists_a_cards_fields():
    sentence = re.search(r"A card \(in snapshots.*?\):(.*?)\n\n", DOC, re.S).group(1)
    assert set(re.findall(r"`(\w+)`", sentence)) == declared(p.CardState)[0]
    assert set(re.findall(r"\*`(\w+)`\*", sentence)) == declared(p.CardState)[1]


def examples() -> list[dict]:
    """Every JSON example in the doc that is a server message or a change."""
    found = []
    for block in re.findall(r"```json\n(.*?)```", DOC, re.S):
        for text in [block] if block.lstrip().startswith("{\n") else block.splitlines():
            try:
                found.append(json.loads(text))
            except json.JSONDecodeError:
                continue
    return [e for e in found if isinstance(e, dict)]


def fields_of(example: dict) -> tuple[type, dict] | None:
    if "kind" in example:
        return p.CHANGES[example["kind"]], example
    kinds = {"ack": p.Ack, "error": p.Error, "update": p.Update, "view": p.View}
    if example.get("type") == "snapshot":
        return (p.PhoneSnapshot if "you" in example else p.Snapshot), example
    return (kinds[example["type"]], example) if example.get("type") in kinds else None


def test_every_example_of_a_server_message_has_only_declared_fields():
    checked = 0
    for example in examples():
        found = fields_of(example)
        if found is None:
            continue  # a client message (protocol.py's Message Structs check those)
        cls, message = found
        names = {f.name for f in msgspec.structs.fields(cls)}
        assert set(message) - {"type", "kind"} <= names, (cls.__name__, message)
        for change in (c for b in message.get("batches", []) for c in b["changes"]):
            kind = p.CHANGES[change["kind"]]
            assert set(change) - {"kind"} <= {f.name for f in msgspec.structs.fields(kind)}
            checked += 1
        checked += 1
    assert checked >= 8, "the doc's examples were found"
