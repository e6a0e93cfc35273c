"""`validate` prints what the data holds, never what it does: control characters from the data (cursor moves, line
erases, carriage returns, NUL, bidirectional overrides) are printed as visible escapes, one line per problem."""

from __future__ import annotations

import pytest
from sample_data import mutated_layers, write_sample_dataset

from borderatlas.__main__ import main
from borderatlas.data import load_atlas
from borderatlas.validation import UNPRINTABLE, Problem, printable

CONTROLS = [
    # (case, the characters in the data, how validate prints them)
    ("erase-line", "\x1b[2K", "\\x1b[2K"),
    ("cursor-up", "\x1b[1A", "\\x1b[1A"),
    ("carriage-return", "\r", "\\r"),
    ("newline", "\n", "\\n"),
    ("nul", "\x00", "\\x00"),
    ("backspace", "\b", "\\x08"),
    ("bell", "\x07", "\\x07"),
    ("tab", "\t", "\\t"),
    ("delete", "\x7f", "\\x7f"),
    ("c1-csi", "\x9b", "\\x9b"),
    ("next-line", "\x85", "\\x85"),
    ("right-to-left-override", "\u202e", "\\u202e"),
    ("left-to-right-isolate", "\u2066", "\\u2066"),
    ("line-separator", "\u2028", "\\u2028"),
    ("paragraph-separator", "\u2029", "\\u2029"),
]
PLAIN = ["crossing-a", "新义州 · 신의주 · Sinŭiju", "C:\\users\\x1b", "emoji 🌉", "quote ' and \" marks"]


@pytest.mark.parametrize("case, raw, shown", CONTROLS, ids=[c[0] for c in CONTROLS])
def test_printable_spells_control_characters(case, raw, shown):
    """Each control character becomes its escape; the text around it is kept."""
    assert printable(f"a{raw}b") == f"a{shown}b"


@pytest.mark.parametrize("text", PLAIN)
def test_printable_keeps_ordinary_text(text):
    """Letters in any script, emoji, quotes and backslashes are left alone."""
    assert printable(text) == text


def hostile_ids(raw: str):
    """A mutation giving the first crossing an id (printed as the record's name) and a colour that hold raw."""

    def mutate(layers):
        feature = layers["crossings.geojson"]["features"][0]
        feature["id"] = feature["properties"]["id"] = f"crossing-{raw}-a"
        feature["properties"][f"colour{raw}"] = "red"

    return mutate


@pytest.mark.parametrize("case, raw, shown", CONTROLS, ids=[c[0] for c in CONTROLS])
def test_validate_prints_control_characters_as_escapes(tmp_path, capsys, case, raw, shown):
    """Every line validate prints is printable; the record id and the unknown field show the escape instead."""
    root = write_sample_dataset(tmp_path / "geodata", layers=mutated_layers(hostile_ids(raw)))
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr().out
    problems = load_atlas(root).problems
    assert out.count("\n") == len(problems) and not UNPRINTABLE.search(out.replace("\n", ""))
    assert f"feature 'crossing-{shown}-a'" in out and f": colour{shown}: Extra inputs" in out, out


def test_folder_name_and_skip_notices_are_printable(tmp_path, capsys):
    """A folder name with an escape sequence is escaped in 'not a folder' and in the app's notices."""
    assert main(["validate", str(tmp_path / "no\x1b[2Kfolder")]) == 2
    assert "no\\x1b[2Kfolder: not a folder" in capsys.readouterr().err
    root = write_sample_dataset(tmp_path / "geodata", layers=mutated_layers(hostile_ids("\x1b[2K\r")))
    atlas = load_atlas(root)
    assert all(not UNPRINTABLE.search(n.summary() + "".join(n.problems)) for n in atlas.notices)


def test_problem_lines_are_one_line_whatever_the_message():
    """A Problem's message with line breaks (a parser error, say) still prints as one line."""
    line = str(Problem("geodata/x.csv", "bad\nvalue\r\x1b]0;title\x07", "a\nb", "note"))
    assert line == "geodata/x.csv: feature 'a\\nb': note: bad\\nvalue\\r\\x1b]0;title\\x07"
