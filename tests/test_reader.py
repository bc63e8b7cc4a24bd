"""What a reader of the web edition meets in the text and its apparatus: the orig/reg switch, glosses,
regularised names, who supplied an insertion (xslt/html.xsl over the shared rule table)."""
from lxml import etree

from variorum.config import load_edition
from variorum.render.page import INDEX_PAGES
from variorum.render.xslt import Stylesheets

from conftest import REPO

TEI = 'xmlns="http://www.tei-c.org/ns/1.0"'


def page(body: str, header: str = "", **parameters) -> etree._Element:
    stylesheets = Stylesheets()
    tei = f'<TEI {TEI}><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt></fileDesc>{header}</teiHeader><text><body>{body}</body></text></TEI>'
    root = etree.fromstring(tei)
    return etree.fromstring(stylesheets.transform("html.xsl", stylesheets.parse(root, "t.xml"), index_pages=INDEX_PAGES, **parameters).encode())


def entries(parts: etree._Element, view: str = "orig") -> list[str]:
    """The apparatus entries as a reader of one view (orig or reg) reads them: the other view's words are hidden."""
    hidden = "view-reg" if view == "orig" else "view-orig"
    found = []
    for li in parts.find("apparatus"):
        li = etree.fromstring(etree.tostring(li))
        for element in li.xpath(f".//*[@class='{hidden}']"):
            element.getparent().remove(element)  # tails are the views' separators only
        found.append(" ".join("".join(li.itertext()).split()))
    return found


LUSHUN = ('<p>lease of <placeName ref="#lushun"><choice><orig>Lushun</orig><reg>Lüshun</reg></choice></placeName> '
          '<supplied><placeName ref="#lushun"><choice><orig>Port Arthur</orig><reg>Lüshun</reg></choice></placeName></supplied></p>')


def test_a_bracketed_gloss_keeps_its_form_and_has_no_regularisation_entry():
    parts = page(LUSHUN)
    gloss = parts.xpath("//span[@class='supplied']//span[contains(@class, 'choice')]")[0]
    assert gloss.get("class") == "choice kept"  # site.css shows its orig in both views
    assert entries(parts) == ["1 Lushun] Lüshun regular form", "2 [Port Arthur] supplied by the editor"]
    assert entries(parts, "reg") == ["1 Lüshun] Lushun as written", "2 [Port Arthur] supplied by the editor"]


def test_persons_and_organisations_regularised_are_listed_as_places_are():
    parts = page('<p><persName ref="#stalin"><choice><orig>Stalin</orig><reg>Joseph Stalin</reg></choice></persName> and the '
                 '<orgName ref="#gmd"><choice><orig>Kuomintang</orig><reg>Guomindang</reg></choice></orgName></p>')
    assert [li.get("class") for li in parts.find("apparatus")] == ["apparatus-entry person-name", "apparatus-entry org-name"]
    assert len(parts.xpath("//text//a[@class='note-mark']")) == 2
    assert entries(parts)[1] == "2 Kuomintang] Guomindang regular form"
    assert entries(parts, "reg")[1] == "2 Guomindang] Kuomintang as written"


def test_the_supplied_entry_follows_the_spelling_switch():
    parts = page('<p><supplied>from <placeName ref="#nanjing"><choice><orig>Nanking</orig><reg>Nanjing</reg></choice></placeName></supplied></p>')
    lemma = parts.find("apparatus").xpath(".//li[contains(@class, 'supplied')]/span[@class='lemma']")[0]
    assert [(s.get("class"), s.text) for s in lemma] == [("view-orig", "[from Nanking]"), ("view-reg", "[from Nanjing]")]


def test_who_supplied_an_insertion():
    header = ('<fileDesc><titleStmt><title>T</title><respStmt xml:id="tr" n="the translator Ann Lee"><resp>translation</resp>'
              '<name>Ann Lee</name></respStmt></titleStmt><sourceDesc><bibl xml:id="src"><title>Collected Telegrams</title></bibl></sourceDesc></fileDesc>')
    stylesheets = Stylesheets()
    tei = (f'<TEI {TEI}><teiHeader>{header}</teiHeader><text><body><p><supplied>a</supplied> <supplied resp="#tr">b</supplied> '
           '<supplied source="#src">c</supplied></p></body></text></TEI>')
    root = etree.fromstring(tei)
    parts = etree.fromstring(stylesheets.transform("html.xsl", stylesheets.parse(root, "t.xml"), index_pages=INDEX_PAGES,
                                                   supplied_by="the translator").encode())
    assert entries(parts) == ["1 [a] supplied by the translator", "2 [b] supplied by the translator Ann Lee",
                              "3 [c] supplied from Collected Telegrams"]
    assert [s.get("title") for s in parts.iter("span") if s.get("class") == "supplied"][0] == "supplied by the translator"


def test_the_sample_edition_says_its_brackets_are_the_translators():
    assert load_edition(REPO).supplied_by == "the translator"
