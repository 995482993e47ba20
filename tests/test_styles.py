"""Style sheets: loading, extends, --set overrides, and errors that name file and key."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from convert import styles
from convert.styles import Style, StyleError, load


def write(tmp_path: Path, text: str, name: str = "house.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_default_style_is_complete_and_typed() -> None:
    style = load("default")
    assert (style.page.width, style.page.height) == (210, 297)
    assert style.text["headline"].bold and style.text["caption"].italic
    assert style.text["body"].font in style.fonts
    assert set(style.text) == set(styles.ROLES)


def test_roles_inherit_from_base(tmp_path: Path) -> None:
    style = load(write(tmp_path, '[text.base]\nsize = 9\n[text.body]\nleading = "20pt"\n'))
    assert style.text["body"].size == 9 and style.text["body"].line_height == 20
    assert style.text["headline"].size == load().text["headline"].size  # headline sets its own


def test_leading_is_a_multiple_of_the_size_or_points(tmp_path: Path) -> None:
    """A number follows the size (the headline at 40 pt keeps its proportion); "Npt" stays put."""
    shipped = load("default").text["headline"]
    larger = load("default", ["text.headline.size=40"]).text["headline"]
    assert larger.leading == shipped.leading == 1.23
    assert larger.line_height == pytest.approx(40 * 1.23) and shipped.line_height == pytest.approx(24 * 1.23)
    absolute = load(write(tmp_path, '[text.body]\nleading = "14pt"\n[text.headline]\nleading = " 30.5 pt "\n'))
    assert absolute.text["body"].line_height == 14 and absolute.text["headline"].line_height == 30.5
    with pytest.raises(StyleError, match=r"^--set text\.body\.leading=5: 5 would make lines 5 times the size"):
        load("default", ["text.body.leading=5"])  # the overprinting value, read as a multiple
    with pytest.raises(StyleError, match=r"^--set text\.headline\.leading=29\.5pt: 29\.5pt is less than the size, 40 pt"):
        load("default", ["text.headline.leading=29.5pt", "text.headline.size=40"])


def test_extends_another_file(tmp_path: Path) -> None:
    write(tmp_path, '[page]\nsize = "A5"\n', "parent.toml")
    style = load(write(tmp_path, 'extends = "parent.toml"\n[page]\ncolumns = 2\n'))
    assert (style.page.width, style.page.columns) == (148, 2)


def test_extends_loop_is_refused(tmp_path: Path) -> None:
    write(tmp_path, 'extends = "b.toml"\n', "a.toml")
    write(tmp_path, 'extends = "a.toml"\n', "b.toml")
    with pytest.raises(StyleError, match="extends: loops back"):
        load(str(tmp_path / "a.toml"))


@pytest.mark.parametrize(
    ("override", "check"),
    [
        ("page.size=A5", lambda s: (s.page.width, s.page.height) == (148, 210)),
        ("page.size=A4 landscape", lambda s: (s.page.width, s.page.height) == (297, 210)),
        ("page.size=200x250mm", lambda s: (s.page.width, s.page.height) == (200, 250)),
        ("text.body.size=12.5", lambda s: s.text["body"].size == 12.5),
        ("page.columns=3", lambda s: s.page.columns == 3),
        ("placeholder.enabled=false", lambda s: s.placeholder.enabled is False),
    ],
)
def test_set_overrides(override: str, check) -> None:
    assert check(load("default", overrides=[override], check_fonts=False))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[page]\nsise = 3\n", "page.sise: unknown key"),
        ("[page]\ncolumns = 'two'\n", "page.columns: expected a whole number"),
        ('[text.body]\ncolor = "red"\n', "text.body.color: expected a colour"),
        ('[text.body]\nalign = "middle"\n', "text.body.align: expected one of left, right, center, justify"),
        ('[text.body]\nfont = "mono"\n', "text.body.font: 'mono' is not one of the"),
        ('[text.sidebar]\nsize = 3\n', "text.sidebar: unknown key"),
        ('[page]\nsize = "B52"\n', "page.size: unknown page size"),
        ("[page]\nmargin_left = 150\nmargin_right = 100\n", "page: the margins leave no room"),
        ('[fonts.serif]\nfamily = "Comic Neue"\n', "fonts.serif.family: font family 'Comic Neue' is not installed"),
        ('[fonts.serif]\nfamily = "PT Serif"\n', "fonts.serif.family: PT Serif lacks 98 Vietnamese letters"),
        ("[page\n", "not valid TOML"),
        ('[text.body]\nleading = "5pt"\n', "text.body.leading: 5pt is less than the size, 11 pt"),
        ("[text.body]\nleading = 0.9\n", "text.body.leading: 0.9 times the size is less than the size"),
        ("[text.body]\nleading = 15.5\n", 'text.body.leading: 15.5 would make lines 15.5 times the size (170.5 pt for 11 pt type): a number is a multiple of the size (e.g. 1.3); write "15.5pt"'),
        ('[text.body]\nleading = "14px"\n', "text.body.leading: expected a multiple of the size (1.3) or points (\"14pt\"), got '14px'"),
        ("[text.body]\nleading = true\n", "text.body.leading: expected a multiple of the size"),
        ('[text.base]\nleading = "9pt"\n', "text.body.leading: 9pt is less than the size, 11 pt: the lines would print over each other (write at least \"11pt\", or a multiple of the size such as 1.2) (the role takes it from text.base.leading)"),
    ],
)
def test_bad_style_names_the_file_and_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(StyleError) as info:
        load(path)
    assert str(info.value).startswith(path)
    assert message in str(info.value)


def test_style_file_not_in_utf8_is_a_style_error_not_an_internal_one(tmp_path: Path) -> None:
    """TOML is UTF-8: a style saved in Windows-1258 is refused by name and byte offset."""
    path = tmp_path / "cu.toml"
    path.write_bytes('[page]\nsize = "A5"\n# ghi chú\n'.encode("cp1258"))
    with pytest.raises(StyleError) as info:
        load(str(path))
    assert str(info.value).startswith(str(path))
    assert "not valid TOML: not UTF-8 at byte 27" in str(info.value)


def test_unknown_style_name_lists_the_available_ones() -> None:
    with pytest.raises(StyleError, match="unknown style 'nope' .*default"):
        load("nope")


def test_bad_set_override() -> None:
    with pytest.raises(StyleError, match="expected KEY=VALUE"):
        load("default", overrides=["page.size"])
    with pytest.raises(StyleError, match=r"^--set page.size=A99: unknown page size 'A99' \(use A3, A4, "):
        load("default", overrides=["page.size=A99"])


def test_describe_round_trips_through_toml(tmp_path: Path) -> None:
    style = load("default")
    text = styles.to_toml(styles.describe(style))
    tomllib.loads(text)
    assert load(write(tmp_path, text)) == style.__class__(**{**style.__dict__, "origin": str(tmp_path / "house.toml"), "name": "house"})


def test_a_style_file_is_parsed_once_and_read_back(tmp_path: Path) -> None:
    """The second process reads the parsed copy: the same style, and tomllib is not even imported."""
    house = write(tmp_path, '[text.base]\nsize = 9.5\n[page]\nsize = "A5"\n')
    code = (
        "import sys; from convert import styles\n"
        "style = styles.load(sys.argv[1])\n"
        "print(style.text['body'].size, style.page.size, 'tomllib' in sys.modules)\n"
    )
    env = {**os.environ, "VNCONV_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", code, house], env=env, capture_output=True, text=True, check=True) for _ in range(2)]
    assert [r.stdout.split() for r in runs] == [["9.5", "A5", "True"], ["9.5", "A5", "False"]]


def test_an_edited_style_file_is_parsed_again_however_quickly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parsed copy is checked by the file's bytes: the same size and mtime do not fool it."""
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path / "cache"))
    house = write(tmp_path, "[text.base]\nsize = 9\n")
    stat = os.stat(house)
    assert load(house).text["body"].size == 9
    write(tmp_path, "[text.base]\nsize = 8\n")
    os.utime(house, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load(house).text["body"].size == 8
    assert len(list((tmp_path / "cache").glob("styles/*.json"))) == 2  # house.toml's replaced, and default.toml's


def test_a_style_value_json_cannot_hold_is_still_refused_by_its_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path / "cache"))
    house = write(tmp_path, "[page]\nsize = 2024-01-01\n")
    for _ in range(2):
        with pytest.raises(StyleError, match="page.size"):
            load(house)
    assert all(b"2024" not in kept.read_bytes() for kept in (tmp_path / "cache").glob("styles/*.json"))


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("text.body.size=nan", "--set text.body.size=nan: expected a number from 1 to 1000, got nan"),
        ("text.base.size=inf", "--set text.base.size=inf: expected a number from 1 to 1000, got inf"),
        ("text.body.leading=nan", "--set text.body.leading=nan: expected a finite number, got nan"),
        ("text.body.leading='1000000000000000000000pt'", "--set text.body.leading='1000000000000000000000pt': expected at most 10000 pt"),
        ("limits.max_input_mb=1e300", "--set limits.max_input_mb=1e300: expected a number from 0 to 1e+06, got 1e+300"),
        ("page.margin_left=-inf", "--set page.margin_left=-inf: expected a number from 0 to 10000, got -inf"),
        ("photos.max_pixels=99999999999999", "--set photos.max_pixels=99999999999999: expected a whole number from 1 to 1e+09"),
        ("page.columns=0", "--set page.columns=0: expected a whole number from 1 to 100, got 0"),
        ("tables.cell_padding=1e300", "--set tables.cell_padding=1e300: expected a number from 0 to 10000"),
    ],
)
def test_numbers_are_finite_and_in_their_range(override: str, message: str) -> None:
    """nan, inf and 1e300 once reached the writers (an OverflowError, ``font-size: nanem``)."""
    with pytest.raises(StyleError) as info:
        load("default", overrides=[override], check_fonts=False)
    assert str(info.value).startswith(message), str(info.value)


def test_a_number_out_of_range_in_a_file_or_a_file_it_extends_names_that_file(tmp_path: Path) -> None:
    parent = write(tmp_path, "[text.body]\nsize = nan\n", "parent.toml")
    with pytest.raises(StyleError, match=r"parent\.toml: text\.body\.size: expected a number from 1 to 1000, got nan$"):
        load(parent)
    child = write(tmp_path, 'extends = "parent.toml"\n[page]\nsize = "A5"\n', "child.toml")
    with pytest.raises(StyleError) as info:
        load(child)
    assert str(info.value) == f"{parent}: text.body.size: expected a number from 1 to 1000, got nan"
    override = write(tmp_path, 'extends = "parent.toml"\n[text.body]\nsize = 10\n', "fixed.toml")
    assert load(override).text["body"].size == 10


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("page.size=foo", "--set page.size=foo: unknown page size 'foo' (use A3, A4, "),
        ("page.szie=A5", "--set page.szie=A5: unknown key"),
        ("page.margin_left=200", "--set page.margin_left=200: page: the margins leave no room on a A4 page"),
        ("text.body.font=mono", "--set text.body.font=mono: 'mono' is not one of the [fonts]"),
        ("fonts.serif.family=Comic Neue", "--set fonts.serif.family=Comic Neue: font family 'Comic Neue' is not installed"),
    ],
)
def test_a_set_error_names_the_option_as_typed(override: str, message: str) -> None:
    """Not ``styles/default.toml``, which the user never touched."""
    with pytest.raises(StyleError) as info:
        load("default", overrides=[override])
    assert str(info.value).startswith(message), str(info.value)


def test_a_style_file_is_named_as_the_user_named_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "[page]\nsise = 3\n")
    with pytest.raises(StyleError, match=r"^\./house\.toml: page\.sise: unknown key$"):
        load("./house.toml")
    with pytest.raises(StyleError, match=r"^\./house\.toml: page\.sise: unknown key$"):
        load("./house.toml", overrides=["page.size=A5"])  # the file's own fault, not the option's


def _sections(cls: type, found: set[type]) -> set[type]:
    """``cls`` and every section class its fields hold, however deep."""
    import dataclasses
    import typing

    found.add(cls)
    for kind in styles._type_hints(cls).values():
        kind = styles._shape(kind)[0]
        for inner in (kind, *typing.get_args(kind)):
            if dataclasses.is_dataclass(inner) and isinstance(inner, type) and inner not in found:
                _sections(inner, found)
    return found


def test_each_section_reads_its_annotations_as_typing_does() -> None:
    import typing

    sections = _sections(styles.Style, set())
    assert len(sections) > 10  # the page, the fonts, the text roles, each writer's section...
    assert {cls: styles._type_hints(cls) for cls in sections} == {cls: typing.get_type_hints(cls) for cls in sections}


def test_a_style_loaded_again_is_read_again_when_its_bytes_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``load`` keeps what it gave (a server's child loads the same style for each
    request), but keyed on the bytes of every file of the chain: a file edited in place
    with the same size and modification time, a parent it ``extends`` edited, or a
    file gone, is read again (or refused) as in a new process."""
    monkeypatch.setattr(styles, "_LOADED", {})
    parent = tmp_path / "parent.toml"
    parent.write_text('[page]\nsize = "A5"\n', encoding="utf-8")
    house = write(tmp_path, 'extends = "parent.toml"\n[page]\ncolumns = 2\n')
    first = load(house)
    assert load(house) is first  # the very same files: kept
    assert load(house, ["page.columns=1"]).page.columns == 1  # other overrides: loaded apart
    stat = os.stat(house)
    Path(house).write_text('extends = "parent.toml"\n[page]\ncolumns = 3\n', encoding="utf-8")
    os.utime(house, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time: only the bytes differ
    assert load(house).page.columns == 3
    parent.write_text('[page]\nsize = "A4"\n', encoding="utf-8")
    assert (load(house).page.width, load(house).page.columns) == (210, 3)
    parent.unlink()
    with pytest.raises(StyleError, match="extends: no such style"):
        load(house)


def test_a_relative_style_path_is_kept_per_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--style ./house.toml`` names another file in another folder (a server's
    requests come from many): each is loaded from its own folder."""
    monkeypatch.setattr(styles, "_LOADED", {})
    for columns in (1, 2):
        (tmp_path / str(columns)).mkdir()
        write(tmp_path / str(columns), f"[page]\ncolumns = {columns}\n")
    for columns in (1, 2, 1):
        monkeypatch.chdir(tmp_path / str(columns))
        assert load("./house.toml").page.columns == columns


def test_a_shipped_name_resolves_to_the_file_the_listing_names() -> None:
    """resolve_path finds a shipped style by its file's name, without listing styles/:
    the same file as available() gives, and the same refusal for a name it has not."""
    from convert.styles import StyleError, available, resolve_path

    for name, path in available().items():
        assert resolve_path(name) == path
    for name in ("", "nope", "x\0y"):
        with pytest.raises(StyleError, match="unknown style"):
            resolve_path(name)


def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a new process finds the module: no style typed or loaded in it yet."""
    monkeypatch.setattr(styles, "_TYPED", {})
    monkeypatch.setattr(styles, "_LOADED", {})


def test_a_typed_style_is_kept_and_made_again_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path / "cache"))
    _fresh(monkeypatch)
    typed = load("newspaper", check_fonts=False)
    (entry,) = (tmp_path / "cache").glob("styles/*-typed-*.marshal")
    _fresh(monkeypatch)
    checked: list[object] = []
    monkeypatch.setattr(styles, "_check_table", lambda *args: checked.append(args))
    again = load("newspaper", check_fonts=False)
    assert again == typed and again is not typed and checked == []  # made again from the entry, not checked
    assert again.text["body"].line_height == typed.text["body"].line_height and again.page.width == typed.page.width
    _fresh(monkeypatch)
    monkeypatch.setattr(styles, "_schema_stamp", lambda: "the code was edited since")
    assert load("newspaper", check_fonts=False) == typed and len(checked) == 1  # typed (checked) again
    assert entry.exists()


def test_a_kept_typed_style_is_not_used_for_another_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path / "cache"))
    house = write(tmp_path, "[text.base]\nsize = 9\n")
    _fresh(monkeypatch)
    assert load(house, check_fonts=False).text["body"].size == 9
    write(tmp_path, "[text.base]\nsize = 2000\n")
    _fresh(monkeypatch)
    with pytest.raises(StyleError, match="text.base.size: expected a number from 1 to 1000, got 2000"):
        load(house, check_fonts=False)
    _fresh(monkeypatch)
    with pytest.raises(StyleError, match="--set page.size=B9: unknown page size"):
        load("default", ["page.size=B9"], check_fonts=False)  # --set: never kept nor taken from what is kept


def test_the_schema_modules_hold_every_section() -> None:
    """Each section's module is stamped (``_SCHEMA_MODULES``): an edit to its checks types
    a kept sheet again."""
    import dataclasses

    seen: set[str] = set()

    def walk(kind: object) -> None:
        for item in styles._file_fields(kind).values():  # type: ignore[arg-type]
            for inner in (item, *styles.get_args(item), *(a for arg in styles.get_args(item) for a in styles.get_args(arg))):
                if dataclasses.is_dataclass(inner) and inner.__module__ not in seen:
                    seen.add(inner.__module__)
                    walk(inner)

    walk(styles.Style)
    assert seen and seen <= set(styles._SCHEMA_MODULES)


def test_fonts_found_installed_once_are_so_while_nothing_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``check_style_fonts`` asks the registry once: the same fonts, the same installation
    and the same face files need no second look; a change to any of them does."""
    from convert import cache, fonts

    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path / "cache"))
    style = load("default", check_fonts=False)
    styles.check_style_fonts(style)
    asked: list[str] = []
    monkeypatch.setattr(Style, "family", lambda self, key: asked.append(key) or fonts.family(self.fonts[key].family))
    styles.check_style_fonts(style)
    assert asked == []  # nothing asked: found so before
    (entry,) = (tmp_path / "cache").glob("registry/checked-*-*.marshal")
    monkeypatch.setattr(styles, "_stamp", lambda path: "another size|another mtime")
    styles.check_style_fonts(style)
    assert asked  # a face file changed: checked again
    monkeypatch.undo()
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "installation_fingerprint", lambda: "after-pip-install")
    asked.clear()
    monkeypatch.setattr(Style, "family", lambda self, key: asked.append(key) or fonts.family(self.fonts[key].family))
    styles.check_style_fonts(style)
    assert asked  # packages installed since: checked again


def test_fonts_that_fail_their_check_fail_it_every_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VNCONV_CACHE_DIR", str(tmp_path / "cache"))
    for _ in range(2):
        with pytest.raises(StyleError, match="PT Serif lacks 98 Vietnamese letters"):
            load("default", ["fonts.serif.family=PT Serif"])
    assert list((tmp_path / "cache").glob("registry/checked-*-*.marshal")) == []


def test_a_packaged_font_file_is_told_from_a_path_as_fonts_tells_it() -> None:
    from convert import fonts

    assert styles._PACKAGED_FILE.pattern == fonts._PACKAGED_FILE.pattern and styles._PACKAGED_FILE.flags == fonts._PACKAGED_FILE.flags
    assert not styles._user_file("manimgx_fonts:NotoEmoji[wght].ttf") and not styles._user_file("Noto Serif")
    assert styles._user_file("fonts/House-Regular.ttf") and styles._user_file("House-Regular.otf")
