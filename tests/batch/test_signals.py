"""SIGTERM and SIGHUP raise ``Stopped`` within ``stop_on_signals``; an ignored one stays ignored."""

from __future__ import annotations

import os
import signal

import pytest

from convert.batch.signals import Stopped, stop_on_signals


def test_sigterm_raises_stopped_naming_it_and_the_old_handler_comes_back() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Stopped) as caught, stop_on_signals():
        os.kill(os.getpid(), signal.SIGTERM)
    assert isinstance(caught.value, KeyboardInterrupt)  # the way Ctrl-C goes
    assert (caught.value.signum, str(caught.value)) == (signal.SIGTERM, "SIGTERM")
    assert signal.getsignal(signal.SIGTERM) == before


def test_a_signal_ignored_as_nohup_ignores_sighup_stays_ignored() -> None:
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with stop_on_signals():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGHUP)  # nothing happens
    finally:
        signal.signal(signal.SIGHUP, previous)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_stopped_raised_again_by_reportlab_with_its_message_still_names_the_signal(signum: int) -> None:
    """ReportLab's paragraph parser catches whatever its parse raises and raises the
    same type again with the paragraph named (``annotateException``): a SIGTERM while a
    paragraph was parsed failed the article with a KeyError (``NAMES[message]``), and the
    batch went on instead of stopping with 143."""
    from reportlab.lib.utils import annotateException

    with pytest.raises(Stopped) as stopped, stop_on_signals():
        try:
            os.kill(os.getpid(), signum)
        except Stopped:
            annotateException("\nparagraph text '<para>Tỉnh ủy</para>' caused exception")
    assert stopped.value.signum == signum
    assert str(stopped.value) == signal.Signals(signum).name  # "vnconv: stopped by SIGTERM", the paragraph left out
