"""Every PDF passes the PDF/UA-1 checks of an independent validator.

`pdfua` (PyPI, built on pikepdf/QPDF) checks a machine-checkable part of PDF/UA-1:
a structure tree, marked content, no untagged page content, the document's
language and title, alternative text on figures, tables, links and headings. It
is a check of its own, not WeasyPrint's word; test_robust.py reads the
structure tree back as well.
"""

import io
import tempfile

import pdfua
import pikepdf
import pytest

from printables import materials
from printables.render import html_to_pdf

pytestmark = pytest.mark.django_db

# The one finding allowed, because the PDFs do what it asks another way: the
# validator looks for /Scope or /Headers on the header cells (/TH), while
# WeasyPrint gives every /TH an /ID and every data cell (/TD) the /Headers that
# name its row and column headers; PDF/UA-1 (7.5) accepts either.
# `headers_of_every_data_cell` checks that association itself.
KNOWN = {"UA-15-003"}


def headers_of_every_data_cell(pdf: bytes) -> int:
    """Check that each table's data cells name their header cells by /Headers,
    each naming a /TH of the same table; return how many data cells there are."""
    checked = 0

    def elements(node):
        if isinstance(node, pikepdf.Dictionary):
            yield node
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                yield from elements(kid)

    with pikepdf.open(io.BytesIO(pdf)) as document:
        for table in elements(document.Root.StructTreeRoot):
            if table.get("/S") != "/Table":
                continue
            cells = list(elements(table))
            ids = {str(c.ID) for c in cells if c.get("/S") == "/TH" and "/ID" in c}
            for cell in cells:
                if cell.get("/S") == "/TD":
                    named = [str(h) for h in cell.get("/A", {}).get("/Headers", [])]
                    assert named and set(named) <= ids, (named, ids)
                    checked += 1
    return checked


def validate(pdf: bytes):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        return pdfua.validate(file.name)


@pytest.mark.parametrize("name", [m.name for m in materials.MATERIALS])
def test_every_material_passes_the_pdf_ua_checks(busy_rendered, name):
    report = validate(busy_rendered.pdfs[name])
    problems = [
        (f.rule_id, f.severity.name, f.message[:160])
        for f in report.findings
        if f.rule_id not in KNOWN
    ]
    assert problems == [], name
    if any(f.rule_id == "UA-15-003" for f in report.findings):
        assert headers_of_every_data_cell(busy_rendered.pdfs[name]), name
    # The checks that matter most ran (a rule that crashes is reported as skipped).
    ran = {o.rule_id for o in report.outcomes if o.skipped_reason is None}
    assert {"UA-01-005", "UA-01-002", "UA-01-003", "UA-06-001", "UA-13-004"} <= ran, name


def test_the_validator_finds_an_untagged_pdf():
    from weasyprint import HTML

    untagged = HTML(string="<p>Geen structuur, geen taal.</p>").write_pdf()
    assert {f.rule_id for f in validate(untagged).findings} >= {"UA-01-005", "UA-06-001"}
    # And a tagged one of ours passes the same rules.
    tagged = html_to_pdf('<html lang="nl"><title>t</title><p>Met structuur.</p></html>')
    assert not {f.rule_id for f in validate(tagged).findings} & {"UA-01-005", "UA-06-001"}


def test_the_header_check_fails_a_table_whose_cells_name_no_header():
    bare = '<html lang="nl"><title>t</title><table><tr><td>a</td><td>b</td></tr></table></html>'
    with pytest.raises(AssertionError):
        headers_of_every_data_cell(html_to_pdf(bare))
    headed = (
        '<html lang="nl"><title>t</title><table><tr><th scope="col">Kaart</th>'
        '<th scope="col">Plek</th></tr><tr><td>a</td><td>b</td></tr></table></html>'
    )
    assert headers_of_every_data_cell(html_to_pdf(headed)) == 2
