"""The batch's progress line: drawn in place, out of the way of messages, ended with a newline."""

from __future__ import annotations

import io

from convert.progress import Progress


def test_the_bar_comes_back_after_a_message_however_soon() -> None:
    stream = io.StringIO()
    bar = Progress(3, stream, width=4)
    bar.advance()  # the first draw
    assert stream.getvalue().startswith("\r[#···] 1/3")
    bar.clear()
    stream.write("vnconv: warning: bai.txt: ...\n")
    bar.advance()  # within 0.1 s of the last draw, but the bar was cleared: drawn again
    assert stream.getvalue().rsplit("\n", 1)[1].startswith("\r[##··] 2/3")
    bar.advance()
    bar.finish()
    assert "[####] 3/3" in stream.getvalue() and stream.getvalue().endswith("\n")


def test_nothing_is_written_when_nothing_was_drawn() -> None:
    stream = io.StringIO()
    bar = Progress(2, stream)
    bar.clear()
    bar.finish()
    assert stream.getvalue() == ""
