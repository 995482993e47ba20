"""ReportLab's slow patterns are compiled when first used, and match as the patterns themselves."""

from __future__ import annotations

import re
import subprocess
import sys

from convert.writers.pdf.reportlab_internals.deferred_patterns import DeferredPattern, deferring_slow_patterns

SLOW = "^[a-z\xa1-\uffff0-9]+(?:\\.[a-z\xa1-\uffff0-9-]+)*$"


def test_the_writer_imports_reportlab_with_the_slow_patterns_deferred() -> None:
    code = (
        "import re, sys\n"
        "from convert.writers import pdf\n"
        "pdf._document()\n"
        "from reportlab.lib import textsplit\n"
        "from reportlab.platypus import paragraph\n"
        "print(type(paragraph.uri_pat).__name__, paragraph.uri_pat.compiled is None, re.compile.__module__)\n"
        "print(type(textsplit.rx).__name__, type(paragraph._hy_letters_pat).__name__)\n"
        "paragraph._uri_split_pairs('https://baolangson.vn/tin-tuc/a.html')\n"
        "print(isinstance(paragraph.uri_pat.compiled, re.Pattern))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "DeferredPattern True re"  # deferred, and re.compile is re's own again
    assert out[1] == "DeferredPattern Pattern"  # textsplit's too; the modules' quick patterns compiled as usual
    assert out[2] == "True"  # compiled once ReportLab used it


def test_a_deferred_pattern_matches_as_the_pattern_compiled() -> None:
    from reportlab.platypus import paragraph

    pattern = paragraph.uri_pat.pattern  # the real one's text, deferred or not
    deferred, compiled = DeferredPattern(pattern, re.IGNORECASE), re.compile(pattern, re.IGNORECASE)
    for text in [
        "https://baolangson.vn/tin-tuc/2019/08/17/a.html",
        "HTTP://WWW.VNEXPRESS.NET/",
        "http://bộ-ngoại-giao.việtnam.vn/tin",
        "ftp://user:pw@192.168.1.20:21/x",
        "localhost:8080/a?b=c",
        "Lạng Sơn",
        "http://-bad-.vn",
        "",
    ]:
        got, want = deferred.match(text), compiled.match(text)
        assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups())), text
    assert deferred.pattern == pattern and deferred.flags == compiled.flags


def test_only_reportlabs_paragraph_module_gets_deferred_patterns() -> None:
    with deferring_slow_patterns():
        here = re.compile(SLOW, re.IGNORECASE)
        there = eval("re.compile(pattern, re.IGNORECASE)", {"__name__": "reportlab.platypus.paragraph", "re": re, "pattern": SLOW})
        fast = eval("re.compile('^[a-z]+$', re.IGNORECASE)", {"__name__": "reportlab.platypus.paragraph", "re": re})
        cjk = eval("re.compile('([\u2e80-\uffff])')", {"__name__": "reportlab.lib.textsplit", "re": re})
    assert isinstance(here, re.Pattern) and isinstance(fast, re.Pattern)
    assert isinstance(there, DeferredPattern) and there.compiled is None
    assert there.match("Đà-Nẵng") is None and there.match("ĐàNẵng.vn") is not None
    assert isinstance(cjk, DeferredPattern) and cjk.sub(r"\1|", "a中b") == "a中|b"
    assert re.compile(SLOW) is not None and isinstance(re.compile(SLOW), re.Pattern)
