"""The one reader every command uses (variorum.xmlio.read_xml): what it expands, resolves, warns of and refuses.

Attacks through every command are in tests/test_hostile_input.py; here the reader's own rules."""
import pytest

from variorum.diagnostics import InputError
from variorum.xmlio import TEI_NS, read_xml

XI = 'xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude"'


def words(document) -> str:
    return " ".join(" ".join(document.tree.getroot().itertext()).split())


def test_entities_the_document_declares_are_expanded():
    document = read_xml(b'<!DOCTYPE TEI [<!ENTITY ed "the editors">]><TEI xmlns="' + TEI_NS.encode() + b'"><p>By &ed;.</p></TEI>', "a.xml")
    assert words(document) == "By the editors." and document.notes == []


def test_an_external_dtd_is_not_loaded_and_said_so():
    document = read_xml(b'<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "tei.dtd">\n<TEI/>', "a.xml")
    (note,) = document.notes
    assert (note.severity, note.line, note.column) == ("warning", 2, 1) and "tei.dtd" in note.message


def test_includes_resolve_relative_to_their_own_file_and_stay_in_the_documents_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "outside.xml").write_text('<p xmlns="http://www.tei-c.org/ns/1.0">OUTSIDE</p>')
    edition = tmp_path / "edition"
    (edition / "sub").mkdir(parents=True)
    (edition / "main.xml").write_text(f'<TEI {XI}><xi:include href="sub/part.xml"/><xi:include href="loop.xml">'
                                      '<xi:fallback><p>no loop</p></xi:fallback></xi:include></TEI>')
    (edition / "sub" / "part.xml").write_text(f'<div {XI}><p>part</p><xi:include href="note.xml"/>'
                                              '<xi:include href="../../outside.xml"><xi:fallback><p>fallback</p></xi:fallback></xi:include></div>')
    (edition / "sub" / "note.xml").write_text('<p xmlns="http://www.tei-c.org/ns/1.0">note beside the part</p>')
    (edition / "loop.xml").write_text(f'<div {XI}><xi:include href="main.xml"/></div>')
    document = read_xml(edition / "main.xml")
    assert words(document) == "part note beside the part fallback"
    (problem,) = document.notes  # loop.xml would include main.xml again: refused, at its place in loop.xml
    assert problem.rule == "xinclude" and problem.file == str(edition / "loop.xml") and "include itself" in problem.message
    note = document.tree.getroot().find(f".//{{{TEI_NS}}}div/{{{TEI_NS}}}p[2]")
    assert document.position(note)[0] == str((edition / "sub" / "note.xml").resolve())


def test_readers_that_want_a_tree_stop_at_an_include_without_fallback(tmp_path):
    path = tmp_path / "a.xml"
    path.write_text(f'<TEI {XI}>\n<p><xi:include href="missing.xml"/></p></TEI>')
    with pytest.raises(InputError) as error:
        read_xml(path).strict()
    assert (error.value.file, error.value.line) == (str(path), 2) and "no such file" in error.value.message


@pytest.mark.parametrize("data, says", [
    (b"", "empty"),
    (b"\x7fELF\x00\x00", "binary"),
    (b"Dear Sir,", "not XML"),
    (b'<TEI xml:id="a"><p xml:id="a"/></TEI>', 'xml:id="a" is used twice'),
    (b"<TEI>" + b"<hi>" * 300 + b"</hi>" * 300 + b"</TEI>", "nest deeper"),
])
def test_what_is_not_a_document_is_said_with_its_position(data, says):
    with pytest.raises(InputError) as error:
        read_xml(data, "a.xml")
    assert says in error.value.message and error.value.line is not None
