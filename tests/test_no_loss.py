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
