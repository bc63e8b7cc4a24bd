"""Encoding passes, one table each: a body fragment -> the TEI the pass makes (canonicalised)."""
import datetime as dt

import pytest
from lxml import etree

from variorum.authority import NameIndex
from variorum.encode import inline

TEI = "http://www.tei-c.org/ns/1.0"


def paragraph(text: str) -> etree._Element:
    p = etree.Element(f"{{{TEI}}}p", nsmap={None: TEI})
    p.text = text
    return p


def inner(p: etree._Element) -> str:
    """The content of p as TEI-namespaced XML without the namespace noise."""
    xml = etree.tostring(p, encoding="unicode").replace(f' xmlns="{TEI}"', "")
    return xml[len("<p>") : -len("</p>")] if xml != "<p/>" else ""


PAGE_MARKERS = [
    ("believes [c. 520] it is", 'believes <pb n="521" edRef="#src"/> it is'),
    ("believes [с. 520] it", 'believes <pb n="521" edRef="#src"/> it'),  # Cyrillic с
    ("end [p. 12]", 'end <pb n="13" edRef="#src"/>'),
    ("half-typed [c. and [p. x]", "half-typed [c. and [p. x]"),
    # a page that turns inside a word does not break it
    ("anti-[p. 7]imperialist", 'anti-<pb n="8" edRef="#src" break="no"/>imperialist'),
    ("counter[c. 12]revolution", 'counter<pb n="13" edRef="#src" break="no"/>revolution'),
    ("end. [c. 12]Next", 'end. <pb n="13" edRef="#src"/>Next'),
]


@pytest.mark.parametrize("text, expected", PAGE_MARKERS)
def test_page_markers(text, expected):
    p = paragraph(text)
    inline.page_markers(p, lambda page: "src")
    assert inner(p) == expected


INSERTIONS = [
    ("[I] arrived", "<supplied>I</supplied> arrived"),
    ("war [for them], but", "war <supplied>for them</supplied>, but"),
    ("unbalanced [ bracket", "unbalanced [ bracket"),
    ("empty [] stays", "empty [] stays"),
    ("two [a] and [b]", "two <supplied>a</supplied> and <supplied>b</supplied>"),
    # a gloss inside an insertion nests
    ("[the envoy to Dairen [Dalian]] left", "<supplied>the envoy to Dairen <supplied>Dalian</supplied></supplied> left"),
    ("[a [b [c]] d]", "<supplied>a <supplied>b <supplied>c</supplied></supplied> d</supplied>"),
    # words the source's editors left out: a gap, not supplied text
    ("first [...] then", 'first <gap reason="editorial"/> then'),
    ("first […] then [. . .]", 'first <gap reason="editorial"/> then <gap reason="editorial"/>'),
    ("[..x] stays supplied", "<supplied>..x</supplied> stays supplied"),
]


@pytest.mark.parametrize("text, expected", INSERTIONS)
def test_insertions(text, expected):
    p = paragraph(text)
    inline.insertions(p)
    assert inner(p) == expected


ITALICS = [
    ("capital [*zhengzhi ziben*].", 'capital <supplied><foreign xml:lang="zh-Latn">zhengzhi ziben</foreign></supplied>.'),
    ("the [*Politbyuro*] met", 'the <supplied><foreign xml:lang="und">Politbyuro</foreign></supplied> met'),
    ("a *very* good", 'a <hi rend="italic">very</hi> good'),
    ("the *правительство* said", 'the <foreign xml:lang="ru">правительство</foreign> said'),
    ("2 * 3 * 4", "2 * 3 * 4"),
    # foreign only with evidence of the language: English words made of pinyin syllables stay italic
    ("a *change* of *house*", 'a <hi rend="italic">change</hi> of <hi rend="italic">house</hi>'),
    ("the *long range* guns", 'the <hi rend="italic">long range</hi> guns'),
    ("their *guanxi*", 'their <foreign xml:lang="zh-Latn">guanxi</foreign>'),
    ("the *dǎngwěi*", 'the <foreign xml:lang="zh-Latn">dǎngwěi</foreign>'),  # tone marks
    ("the *Politburo* decided", 'the <hi rend="italic">Politburo</hi> decided'),
    ("*Правда* wrote", '<foreign xml:lang="ru">Правда</foreign> wrote'),
    # The packaged lexicon (encode/terms.py) is evidence; the edition's register of terms comes first (below).
    ("the *kolkhoz* chairman", 'the <foreign xml:lang="ru-Latn">kolkhoz</foreign> chairman'),
    ("two *sovkhozes*", 'two <foreign xml:lang="ru-Latn">sovkhozes</foreign>'),  # an English plural
    ("a *démarche* in Paris", 'a <foreign xml:lang="fr">démarche</foreign> in Paris'),
    ("a *demarche*", 'a <foreign xml:lang="fr">demarche</foreign>'),  # diacritics folded
    ("the *status quo*", 'the <foreign xml:lang="la">status quo</foreign>'),
    ("the *Status  Quo*", 'the <foreign xml:lang="la">Status  Quo</foreign>'),  # case and spaces
    ("the *zaibatsu* firms", 'the <foreign xml:lang="ja-Latn">zaibatsu</foreign> firms'),
    ("the *Realpolitik* of it", 'the <foreign xml:lang="de">Realpolitik</foreign> of it'),
    ("a *hsien* magistrate", 'a <foreign xml:lang="zh-Latn">hsien</foreign> magistrate'),  # Wade-Giles
    ("*not* a *fait accompli*", '<hi rend="italic">not</hi> a <foreign xml:lang="fr">fait accompli</foreign>'),
    ("the *kolkhozy*, the *Pravda*", 'the <foreign xml:lang="ru-Latn">kolkhozy</foreign>, the <hi rend="italic">Pravda</hi>'),
    ("*is* it", '<hi rend="italic">is</hi> it'),  # no plural of a short word
]


REGISTERED = {"xiaozu": "zh-Latn", "Pravda": "ru-Latn", "kolkhoz": "en", "troika": "ru-Latn", "tovarishch": "en"}
ITALICS_BY_REGISTER = [
    ("the *Pravda* article", 'the <foreign xml:lang="ru-Latn">Pravda</foreign> article'),
    ("a *troika*", 'a <foreign xml:lang="ru-Latn">troika</foreign>'),
    ("the *kolkhoz* again", 'the <hi rend="italic">kolkhoz</hi> again'),  # registered as English: the register wins
    ("[*tovarishch*]", '<supplied><hi rend="italic">tovarishch</hi></supplied>'),  # known English, not und
    ("the [*nachalnik*]", 'the <supplied><foreign xml:lang="ru-Latn">nachalnik</foreign></supplied>'),
    ("a *strictly* private", 'a <hi rend="italic">strictly</hi> private'),
]



@pytest.mark.parametrize("text, expected, terms", [(*case, None) for case in ITALICS] + [(*case, REGISTERED) for case in ITALICS_BY_REGISTER])
def test_italics(text, expected, terms):
    p = paragraph(text)
    inline.insertions(p)
    inline.italics(p, terms)
    assert inner(p) == expected


def test_a_register_of_terms_is_read_with_the_registers(tmp_path):
    from variorum.authority import load_registry

    (tmp_path / "terms.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Terms</title></titleStmt>'
        '<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc>'
        '<profileDesc><textClass><keywords><term>Header keyword</term></keywords></textClass></profileDesc></teiHeader>'
        '<text><body><list xml:lang="ru-Latn"><item><term>troika</term></item>'
        '<item><term xml:lang="ko-Latn">juche</term></item></list><p><term>no language</term></p></body></text></TEI>',
        encoding="utf-8")
    registry = load_registry([tmp_path])
    assert registry.terms == {"troika": "ru-Latn", "juche": "ko-Latn"}
    p = paragraph("the *troika* and the *Troikas*")
    inline.italics(p, registry.terms)
    assert inner(p) == 'the <foreign xml:lang="ru-Latn">troika</foreign> and the <foreign xml:lang="ru-Latn">Troikas</foreign>'


NAMES = [
    ("the Nanking government", 'the <placeName ref="#nanjing"><choice><orig>Nanking</orig><reg>Nanjing</reg></choice></placeName> government'),
    ("people of Nanjing.", 'people of <placeName ref="#nanjing">Nanjing</placeName>.'),
    ("the Guomindang's downfall", 'the <orgName ref="#guomindang">Guomindang</orgName>\'s downfall'),
    ("Lushun [Port Arthur]", '<placeName ref="#lushun"><choice><orig>Lushun</orig><reg>Lüshun</reg></choice></placeName> '
     '<supplied><placeName ref="#lushun"><choice><orig>Port Arthur</orig><reg>Lüshun</reg></choice></placeName></supplied>'),
    ("Premier [Zhou Enlai] should", 'Premier <supplied><persName ref="#zhou-enlai">Zhou Enlai</persName></supplied> should'),
    ("Stalinist and Chinatown", "Stalinist and Chinatown"),
    ("nanking in lower case", "nanking in lower case"),
]


@pytest.mark.parametrize("text, expected", NAMES)
def test_names(text, expected, test_registry):
    p = paragraph(text)
    inline.insertions(p)
    inline.names(p, NameIndex(test_registry), {})
    assert inner(p) == expected


DATES = [
    ("On January 9, we", 'On <date when="1949-01-09">January 9</date>, we'),
    ("in Moscow on the 16th, and", 'in Moscow on <date when="1949-01-16">the 16th</date>, and'),
]


@pytest.mark.parametrize("text, expected", DATES)
def test_dates(text, expected):
    p = paragraph(text)
    inline.dates(p, dt.date(1949, 1, 10))
    assert inner(p) == expected
