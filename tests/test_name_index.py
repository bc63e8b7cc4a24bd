"""authority.NameIndex: the one place where names are matched (encode and collate)."""
from __future__ import annotations

import pytest

from variorum.authority import Ambiguous, Entity, Match, NameForm, NameIndex, Registry, fold


def registry(*entities: tuple[str, str, list[str]]) -> Registry:
    made = Registry()
    for entity_id, kind, forms in entities:
        made.entities[entity_id] = Entity(entity_id, kind, NameForm(forms[0]), [NameForm(f) for f in forms[1:]])
    return made


REGISTRY = registry(
    ("pyongyang", "place", ["Pyongyang", "P’yŏngyang"]),
    ("zhou", "person", ["Zhou Enlai", "Chou En-lai"]),
    ("vyshinsky", "person", ["A. Ya. Vyshinsky", "Vyshinsky"]),
    ("ccp", "org", ["Chinese Communist Party", "CCP"]),
    ("harbin-city", "place", ["Harbin"]),
    ("harbin-bureau", "org", ["Harbin", "Harbin Bureau"]),
    ("luda", "place", ["Lüda"]),
    ("luda-port", "place", ["Luda"]),
)
INDEX = NameIndex(REGISTRY)


@pytest.mark.parametrize("typed, folded", [
    ("P’yŏngyang", "P'yongyang"),
    ("Chou En–lai", "Chou En-lai"),
    ("«Pravda»", '"Pravda"'),
    ("Ĉu", "Cu"),
    ("Москва", "Москва"),  # not a diacritic: the letter itself
    # Letters whose stroke or bar Unicode does not decompose: folded all the same (issue 14, second round).
    ("Gomułka Łódź", "Gomulka Lodz"),
    ("Phạm Văn Đồng", "Pham Van Dong"),
    ("København, Ħal", "Kobenhavn, Hal"),
    ("Dalʹnii", "Dal'nii"),  # the modifier prime of transliterated Russian is an apostrophe
])
def test_fold_keeps_length_and_folds_typography(typed, folded):
    assert fold(typed) == folded
    assert len(fold(typed)) == len(typed)


@pytest.mark.parametrize("text, found", [
    ("We reached P'yongyang.", [("pyongyang", "P'yongyang")]),
    ("We reached P‘yŏngyang.", [("pyongyang", "P‘yŏngyang")]),
    ("Chou En‑lai and Chou En—lai", [("zhou", "Chou En‑lai"), ("zhou", "Chou En—lai")]),
    ("the CCP and the Chinese Communist Party", [("ccp", "CCP"), ("ccp", "Chinese Communist Party")]),
    ("pyongyang in lower case", []),  # case is kept in the body
    ("CCPs", []),  # whole words only
    ("A. Ya. Vyshinsky spoke", [("vyshinsky", "A. Ya. Vyshinsky")]),  # longest first
    ("at Lüda", [("luda", "Lüda")]),  # the form as typed has one owner
    ("at Luda", [("luda-port", "Luda")]),
])
def test_scan_matches(text, found):
    assert [(m.entity.id, m.form) for m in INDEX.scan(text)] == found
    assert all(text[m.start:m.end] == m.form for m in INDEX.scan(text))


def test_a_form_of_two_entities_is_ambiguous_with_every_owner():
    (found,) = INDEX.scan("They left Harbin on the 3rd.")
    assert isinstance(found, Ambiguous)
    assert {e.id for e in found.entities} == {"harbin-city", "harbin-bureau"}
    assert (found.start, found.end, found.form) == (10, 16, "Harbin")
    assert INDEX.find("They left Harbin") == []
    assert {e.id for e in INDEX.ambiguous["Harbin"]} == {"harbin-city", "harbin-bureau"}
    assert {e.id for e in INDEX.owners_of("Harbin")} == {"harbin-city", "harbin-bureau"}
    # The longer form has one owner.
    assert [(m.entity.id, m.form) for m in INDEX.scan("the Harbin Bureau")] == [("harbin-bureau", "Harbin Bureau")]


def test_decomposed_text_is_matched_at_its_own_positions():
    text = "At P’yo\u0306ngyang."
    (found,) = INDEX.scan(text)
    assert isinstance(found, Match) and found.entity.id == "pyongyang"
    assert text[found.start:found.end] == "P’yo\u0306ngyang"


@pytest.mark.parametrize("name, ids", [
    ("zhou enlai", ["zhou"]),
    ("CHOU EN–LAI", ["zhou"]),
    ("A.Ya. Vyshinsky", ["vyshinsky"]),
    ("Comrade A. Ya. Vyshinsky", ["vyshinsky"]),
    ("Chairman of the Chinese Communist Party Zhou Enlai", ["zhou"]),  # a person named last is the one meant
    ("the Chinese Communist Party and Chou En-lai's office", ["ccp"]),  # else the longest form
    ("Harbin", ["harbin-city", "harbin-bureau"]),
    ("the Harbin Bureau of the Northeast Party", []),  # an organisation's form qualified: another body
    ("Director of the Harbin Bureau Zhou Enlai", ["zhou"]),
    ("Nobody Known", []),
])
def test_header_candidates(name, ids):
    assert [e.id for e in INDEX.candidates(name)] == ids
    assert (INDEX.lookup(name).id if INDEX.lookup(name) else None) == (ids[0] if len(ids) == 1 else None)


def test_a_stale_index_is_made_again_for_the_encoder():
    from variorum.encode.names import folded_index

    grown = registry(("moscow", "place", ["Moscow"]))
    index = NameIndex(grown)
    assert folded_index(index, grown) is index
    grown.entities["yalta"] = Entity("yalta", "place", NameForm("Yalta"))
    assert [m.entity.id for m in folded_index(index, grown).find("Yalta")] == ["yalta"]
