"""The style keys page is made from the declarations: every key of every section is
there, with its type, its default and the comment the code gives it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from convert import styles
from convert.sections import Color, Leading
from manual import style_reference


@dataclass(frozen=True)
class Example:
    """A section for the test."""

    width: float  # mm; "#" in a string: 'x#y'
    #: Two lines of comment
    #: above the field.
    mode: Literal["a", "b"]
    tone: Color
    plain: int


def test_a_fields_note_is_its_line_comment_or_the_comment_above() -> None:
    assert style_reference.field_notes(Example) == {
        "width": "mm; \"#\" in a string: 'x#y'",
        "mode": "Two lines of comment above the field.",
        "tone": "",
        "plain": "",
    }


def test_types_read_as_words() -> None:
    assert style_reference.describe_type(tuple[str, ...]) == "a list of text"
    assert style_reference.describe_type(Literal["left", "right"]) == 'one of `"left"`, `"right"`'
    assert "multiple of the size" in style_reference.describe_type(Leading)
    assert style_reference.describe_type(float | None) == "a number (may be left out)"


def test_every_key_of_every_section_is_listed() -> None:
    reference = style_reference.reference()
    default = styles.describe(styles.load(styles.DEFAULT, check_fonts=False))
    for section, table in default.items():
        if section in ("fonts", "text"):
            continue
        if isinstance(table, dict):
            assert f"## `[{section}]`" in reference
            for key in table:
                assert f"| `{key}` |" in reference, f"{section}.{key}"
        else:
            assert f"| `{section}` |" in reference
    for key in default["text"]["body"]:
        assert f"| `{key}` |" in reference
    assert "| `max_ppi` | a number from 0 to 10000 | `300` | PDF: a photo is resampled down" in reference
    assert "| `size` | a number from 1 to 1000 |" in reference  # a text role's, declared with its key


def test_the_presets_changes_are_their_own() -> None:
    changes = style_reference.preset_changes()
    assert '| `page.size` | `"A4"` | `"A3"` |' in changes  # newspaper
    assert "### `default`" not in changes
