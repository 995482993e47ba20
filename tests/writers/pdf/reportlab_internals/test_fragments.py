"""ReportLab's paragraphs use ``fragments.same_frag``, which answers as ``_rl_accel.sameFrag`` does."""

from __future__ import annotations

import itertools

from reportlab.lib.colors import black, red
from reportlab.lib.rl_accel import sameFrag
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.paraparser import ParaFrag

from convert.writers.pdf.layout import lines  # noqa: F401 - the writer installs same_frag on import
from convert.writers.pdf.reportlab_internals.fragments import same_frag


def _fragments() -> list[ParaFrag]:
    """Text fragments differing in each attribute sameFrag compares, or lacking it, and
    an image and a line break, which are never the same as anything."""
    base = dict(fontName="Spectral-Regular", fontSize=11, textColor=black, rise=0, us_lines=[], link=[], backColor=None, nobr=False)
    frags = [ParaFrag(**base, text="a"), ParaFrag(**base, text="b")]  # equal but for the text
    changes = dict(fontName="Inter-Bold", fontSize=12.5, textColor=red, rise=2, us_lines=[("u", 1)], link=["x"], backColor=red, nobr=True)
    for name, value in changes.items():
        frags.append(ParaFrag(**{**base, name: value}, text="c"))
        frags.append(ParaFrag(**{key: v for key, v in base.items() if key != name}, text="d"))  # lacking it
    frags.append(ParaFrag(**base, text="", cbDefn=object()))
    frags.append(ParaFrag(**base, text="", lineBreak=True))
    frags.append(ParaFrag(**{**base, "fontSize": float("nan")}, text="e"))  # the same object is the same
    return frags


def test_same_frag_answers_as_reportlabs_c_version() -> None:
    frags = _fragments()
    answers = [(same_frag(f, g), bool(sameFrag(f, g))) for f, g in itertools.product(frags, repeat=2)]
    assert all(ours == theirs for ours, theirs in answers)
    assert {ours for ours, _ in answers} == {True, False}


def test_reportlab_breaks_lines_with_it() -> None:
    assert rl_paragraph.sameFrag is same_frag
