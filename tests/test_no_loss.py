"""Property: the reading text of the TEI body is the witness's body, word for word.

Reading text: `orig` in every choice, supplied words in brackets, page breaks
dropped (contract section 4). Source body: the paragraphs as written, minus
page markers, italic asterisks and paragraph numbers (which go to @n).
"""
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from variorum.encode import encode_bytes
from variorum.reading import reading_text

NS = {"t": "http://www.tei-c.org/ns/1.0"}
PAGE_MARKER = re.compile(r"\[(?:c|с|p)\. \d+\]")

FORMS = ["Nanking", "Nanjing", "Lushun", "Lüshun", "Port Arthur", "Moscow", "China", "Stalin", "Mao Zedong",
         "Chou En-lai", "Communist Party of China", "Kuomintang", "Canton", "Peking", "Liu"]
word = st.from_regex(r"[a-z]{1,9}", fullmatch=True) | st.sampled_from(["the", "Americans", "Soviet", "war,", "peace."])
name = st.sampled_from(FORMS)
insertion = st.lists(word | name, min_size=1, max_size=3).map(lambda ws: "[" + " ".join(ws) + "]")
page_marker = st.builds(lambda m, n: f"[{m}. {n}]", st.sampled_from(["c", "с", "p"]), st.integers(1, 999))
italic = st.lists(word, min_size=1, max_size=2).map(lambda ws: "*" + " ".join(ws) + "*")
date = st.sampled_from(["January 9", "on the 16th", "3 February 1950", "February 3, 1950"])
token = word | word | word | name | insertion | page_marker | italic | date
paragraph = st.lists(token, min_size=1, max_size=25).map(" ".join)
paragraphs_of = lambda most: st.lists(paragraph, min_size=1, max_size=most).map(ascending_pages)  # noqa: E731


def ascending_pages(paragraphs: list[str]) -> list[str]:
    """Page markers of a witness ascend (a repeated one is an error the encoder reports)."""
    pages = iter(range(1, 10_000))
    return [re.sub(r"\[(c|с|p)\. \d+\]", lambda m: f"[{m.group(1)}. {next(pages)}]", p) for p in paragraphs]


def expected_words(paragraphs: list[str]) -> list[str]:
    text = " ".join(PAGE_MARKER.sub(" ", p) for p in paragraphs)
    return text.replace("*", "").split()


def plain_text(paragraphs: list[str]) -> str:
    return "Letter of Mao Zedong to Stalin dated 10th January 1950\n" + "\n".join(paragraphs) + "\n"


def fields_text(paragraphs: list[str]) -> str:
    head = "1950\n\nLetters\n\n**Title:** Letter to Liu\n\n**Author:** Mao Zedong\n\n**Date:** January 10, 1950\n\n"
    return head + "\n\n".join(f"({i}) {p}" for i, p in enumerate(paragraphs, start=1)) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=paragraphs_of(6), style=st.sampled_from([plain_text, fields_text]))
def test_no_word_of_the_witness_is_lost(paragraphs, style, test_registry):
    data = style(paragraphs).encode("utf-8")
    root = etree.fromstring(encode_bytes(data, "generated.txt", test_registry))
    body = root.find("t:text/t:body", NS)
    assert reading_text(body).split() == expected_words(paragraphs)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=paragraphs_of(4))
def test_regular_reading_replaces_only_variant_forms(paragraphs, test_registry):
    """The reg reading differs from the orig reading exactly at the variant names."""
    root = etree.fromstring(encode_bytes(plain_text(paragraphs).encode(), "generated.txt", test_registry))
    body = root.find("t:text/t:body", NS)
    for choice in body.iter("{http://www.tei-c.org/ns/1.0}choice"):
        entity_id = choice.getparent().get("ref")[1:]
        assert choice.findtext("t:reg", namespaces=NS) == test_registry.entities[entity_id].regular.text
        assert choice.findtext("t:orig", namespaces=NS) != choice.findtext("t:reg", namespaces=NS)


# ---------------------------------------------------------------- header and body (issue 14)
#
# A whole plain witness: title, citations wrapped anywhere a line may break, a salutation, paragraphs,
# a closing and a signature, trailing citations wrapped, noise. Every character lands where it belongs:
# the citations' in the header, the body's in the body; none is lost, none moves across.

CITATIONS = [
    "Selected Papers on the Korean Question, 1950–1953. - Vol. 4. - Leningrad: Lenizdat, 1991, pp. 70–72.",
    "Soviet Documents on Korea. Vol. 3. Moscow, 1995. P. 5–6.",
    "Orlov V.N. Korea in Soviet Papers. Kazan: Tatizdat, 1993. P. 17.",
    "RGASPI. F. 558. Op. 11. D. 346. L. 7–8.",
    "Far Eastern Survey 19 (1950): 201–4.",
    "Lane M., ed. The Korean Files (Boston: Beacon Press, 1999), pp. 30–31.",
]
SALUTES = ["Comrade Mikoyan,", "Dear Comrade Gromyko!", "Esteemed Comrades,"]
CLOSINGS = [["With comradely greetings,", "A. Gromyko"], ["Awaiting your reply."], ["Respectfully,", "Kim Il Sung"], []]
sentence = st.lists(word, min_size=3, max_size=14).map(lambda ws: " ".join(ws).capitalize().rstrip(".,") + ".")
body_line = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
WRAPPED_BEFORE_CAPITAL = re.compile(r"[^\W\d_]$")


@st.composite
def wrapped(draw, citation: str, trailing: bool) -> list[str]:
    """A citation broken into lines at word boundaries (the trailing block: not between a bare word and a
    capital -- `Mao Zedong` / `Pravda` is a signature above a citation, indistinguishable from a wrap)."""
    words = citation.split(" ")
    breaks = sorted(draw(st.sets(st.integers(1, len(words) - 1), max_size=2))) if len(words) > 1 else []
    if trailing:
        breaks = [b for b in breaks if not (WRAPPED_BEFORE_CAPITAL.search(words[b - 1]) and words[b][0].isupper())]
    lines, last = [], 0
    for b in breaks + [len(words)]:
        lines.append(" ".join(words[last:b]))
        last = b
    return lines


@st.composite
def witnesses(draw):
    cited = draw(st.lists(st.sampled_from(CITATIONS), max_size=4, unique=True))
    split = draw(st.integers(0, len(cited)))
    leading, trailing = cited[:split], cited[split:]
    salute = draw(st.sampled_from(SALUTES + [None]))
    paragraphs = draw(st.lists(body_line, min_size=1, max_size=3))
    closing = draw(st.sampled_from(CLOSINGS))
    head = [line for citation in leading for line in draw(wrapped(citation, False))]
    tail = [line for citation in trailing for line in draw(wrapped(citation, True))]
    body = ([salute] if salute else []) + paragraphs + closing
    noise = ["No comments"] if draw(st.booleans()) else []
    text = "\n".join(["Letter of Gromyko to Mikoyan, 2 June 1950", *head, *body, *tail, *noise]) + "\n"
    return text, leading + trailing, body


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=witnesses())
def test_no_character_is_lost_or_moved_between_header_and_body(case, test_registry):
    from variorum.encode.read import read_witness

    text, citations, body = case
    witness = read_witness(text.encode(), "w.txt")
    assert [b.text for b in witness.blocks] == body
    assert " ".join(line.text for line in witness.citation_lines) == " ".join(citations)
    root = etree.fromstring(encode_bytes(text.encode(), "w.txt", test_registry))
    assert reading_text(root.find("t:text/t:body", NS)).split("\n") == body
    source_desc = root.find("t:teiHeader/t:fileDesc/t:sourceDesc", NS)
    printed = "".join("".join(bibl.itertext()) for bibl in source_desc.iterfind("t:bibl", NS))
    for citation in citations:
        if citation.startswith("RGASPI"):  # an archival reference keeps its values, the marks F. Op. D. L. are rendering
            values = source_desc.xpath("t:msDesc//t:idno/text() | t:msDesc//t:repository/text()", namespaces=NS)
            assert values == ["RGASPI", "558", "11", "346"]
        else:
            assert "".join(citation.split()) in "".join(printed.split())
