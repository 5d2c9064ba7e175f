"""runner._strip_ansi is nbconvert's strip_ansi filter (issue 9, §5): the regular expression it
replaces is kept here as the reference, and both must clean a traceback the same way."""

from __future__ import annotations

import re
import traceback

import pytest
from pygments import highlight
from pygments.formatters import Terminal256Formatter, TerminalFormatter, TerminalTrueColorFormatter
from pygments.lexers import PythonLexer, PythonTracebackLexer

from analysis.pipeline import runner


def _strip_ansi_by_hand(text: str) -> str:
    """runner._strip_ansi before it called nbconvert."""
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)


def _traceback_text() -> str:
    try:
        {"a": 1}["b"]
    except KeyError:
        return traceback.format_exc()
    raise AssertionError("unreachable")


CODE = 'def f(x):\n    """doc « près de 60 % »"""\n    return x[0] / 0  # ZeroDivisionError\n'


def _coloured():
    tb = _traceback_text()
    for fmt in (TerminalFormatter(), TerminalFormatter(bg="dark"), Terminal256Formatter(),
                TerminalTrueColorFormatter()):
        yield highlight(tb, PythonTracebackLexer(), fmt)
        yield highlight(CODE, PythonLexer(), fmt)
    # what IPython prints in a failed cell: SGR colours, resets, bold, 256 and true colours
    yield ("\x1b[0;31m---------------------------------------------------------------------------\x1b[0m\n"
           "\x1b[0;31mKeyError\x1b[0m                                  Traceback (most recent call last)\n"
           "Cell \x1b[0;32mIn[3], line 1\x1b[0m\n\x1b[0;32m----> 1\x1b[0m \x1b[43md\x1b[49m[\x1b[38;5;124m'\x1b[39m"
           "\x1b[38;5;124mb\x1b[39m\x1b[38;5;124m'\x1b[39m]\n\n\x1b[0;31mKeyError\x1b[0m: 'b'")
    yield "\x1b[1m\x1b[38;2;255;0;0mbold red\x1b[0m and \x1b[m plain, \x1b[K erased to the line's end"


PLAIN = ["", "no escape at all", "brackets [1;31m without ESC", "a lone \x1b at the end\x1b",
         "« près de 60 % » — é, ü, 中文", _traceback_text()]


@pytest.mark.parametrize("text", [*_coloured(), *PLAIN])
def test_nbconvert_strip_ansi_equals_the_old_regex(text):
    assert runner._strip_ansi(text) == _strip_ansi_by_hand(text)
    assert "\x1b[" not in runner._strip_ansi(text)


def test_coloured_traceback_keeps_its_words():
    tb = _traceback_text()
    for coloured in (highlight(tb, PythonTracebackLexer(), f) for f in (TerminalFormatter(), Terminal256Formatter())):
        assert coloured != tb
        assert runner._strip_ansi(coloured).split() == tb.split()


def test_nbconvert_also_strips_sequences_the_old_regex_left():
    # private-mode and other CSI sequences (cursor shown, bracketed paste) are removed too
    text = "\x1b[?25hcursor\x1b[?2004l done"
    assert runner._strip_ansi(text) == "cursor done"
    assert "\x1b" in _strip_ansi_by_hand(text)
