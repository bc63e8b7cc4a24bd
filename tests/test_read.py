"""Plain-text witnesses -> Witness: decoding, style, header facts, body blocks."""
import codecs

import pytest

from variorum.diagnostics import InputError
from variorum.encode.read import decode, read_witness

PLAIN = """Telegram of J.V. Stalin to Mao Zedong dated 10th January 1949
Stalin I.V. Works. - T. 18. - Tver: Information and
Soyuz Publishing Center, 2006, pp. 520–521.
Comrade Mao Zedong,
On January 9, we received a note.
If you do not agree, please let us know.
Waiting for an answer.
New and recent history. 1994. AP RF. F. 45. Op. 1. D. 330. L. 95–96
No. 4–5. P. 133–134.
No comments"""

FIELDS = """1949

Speeches/Documents

**Title:** Telegram to Liu

**Author:** Mao zedong

**Date:** December  
18,1949

**Source:**. See Pei Jianzhang et al., Zhonghua (Beijing: World Affairs Press, 1994), pp.17- 18.)  
<http://digitalarchive.wilsoncenter.org/document/110393>

**Description:**.

(1) [I] arrived in Moscow on the 16th, and met
with Stalin.

(2) Stalin said that the Americans are afraid of war.
"""


def test_plain_style():
    w = read_witness(PLAIN.encode(), "a.txt")
    assert w.style == "plain"
    assert (w.sender, w.recipient, w.date_text) == ("J.V. Stalin", "Mao Zedong", "10th January 1949")
    assert [l.number for l in w.citation_lines] == [2, 3, 8, 9]
    assert [(b.kind, b.text) for b in w.blocks] == [
        ("salute", "Comrade Mao Zedong,"),
        ("p", "On January 9, we received a note."),
        ("p", "If you do not agree, please let us know."),
        ("closer", "Waiting for an answer."),
    ]
    assert all("comments" not in b.text for b in w.blocks)


def test_fields_style():
    w = read_witness(FIELDS.encode(), "b.txt")
    assert w.style == "fields"
    assert (w.title, w.sender, w.recipient) == ("Telegram to Liu", "Mao zedong", "Liu")
    assert " ".join(w.date_text.split()) == "December 18,1949"
    assert w.year == "1949" and w.categories == ["Speeches/Documents"]
    assert [l.number for l in w.citation_lines] == [12, 13]
    assert [(b.n, b.text, b.line) for b in w.blocks] == [
        ("1", "[I] arrived in Moscow on the 16th, and met with Stalin.", 17),
        ("2", "Stalin said that the Americans are afraid of war.", 20),
    ]
    assert w.notes == []  # the empty Description says nothing


def test_fields_in_another_order_with_unknown_field_kept_as_note():
    text = "**Date:** 3 February 1950\n\n**Keywords:** treaty\n\n**Title:** Letter of Mao Zedong to Stalin\n\nBody one.\n"
    w = read_witness(text.encode(), "c.txt")
    assert w.title == "Letter of Mao Zedong to Stalin"
    assert w.date_text == "3 February 1950"
    assert (w.sender, w.recipient) == ("Mao Zedong", "Stalin")
    assert w.notes == [("keywords", "treaty")]
    assert [b.text for b in w.blocks] == ["Body one."]


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + "Lüshun\r\nline".encode(),
        "Lüshun\r\nline".encode("cp1252"),
        "Lüshun\rline".encode(),
        codecs.BOM_UTF16_LE + "Lüshun\r\nline".encode("utf-16-le"),
    ],
)
def test_decoding(data):
    assert decode(data, "x.txt") == "Lüshun\nline"


def test_undecodable_bytes_name_their_position():
    with pytest.raises(InputError) as error:
        decode("ok\nbad \x81".encode("latin-1"), "x.txt")
    assert (error.value.file, error.value.line, error.value.column) == ("x.txt", 2, 5)


@pytest.mark.parametrize("data", [b"", b"  \n\n", b"Only a title\n"])
def test_a_witness_without_text_is_refused(data):
    with pytest.raises(InputError):
        read_witness(data, "x.txt")


def test_binary_file_is_refused():
    with pytest.raises(InputError, match="not a plain-text file"):
        read_witness(b"\x89PNG\x00\x00", "x.txt")


def test_a_utf16_mark_on_bytes_that_are_not_utf16_is_refused_with_a_message():
    """Found by fuzzing: a UTF-16 byte-order mark before UTF-8 bytes."""
    with pytest.raises(InputError, match="UTF-16 byte-order mark"):
        read_witness(b"\xff\xfeTitle\n\xe2\x80\x93 x", "x.txt")


def test_a_witness_whose_lines_are_all_citations_says_which_were_read_so():
    with pytest.raises(InputError, match=r"line 2 read as citation"):
        read_witness(b"Letter of Mao Zedong to Stalin dated 10th January 1950\nAP RF. F. 45. Op. 1. D. 330. L. 95\n", "x.txt")


@pytest.mark.parametrize("line", ["f 3 February 1950", "p 3 February 1950"])
def test_a_witness_whose_only_line_has_marks_without_their_period_keeps_it_as_body(line):
    """Found by the property tests: a mark without its period ("f 3") is no citation when nothing else is
    left for the body (it used to be refused: no body)."""
    witness = read_witness(f"Letter of Mao Zedong to Stalin dated 10th January 1950\n{line}\n".encode(), "x.txt")
    assert [b.text for b in witness.blocks] == [line] and witness.citation_lines == []
