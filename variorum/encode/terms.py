"""The evidence that an italic term is in another language: a lexicon of terms.

An italic `*x*` is `foreign[@xml:lang]` only on evidence for its language
(see `inline.language_of`, in this order):

1. its script (Cyrillic, CJK, kana, Greek);
2. the edition's register of terms: `term` elements with `@xml:lang` in any
   file of the authority folder (e.g. `tei/authority/terms.xml`,
   `<list><item><term xml:lang="ru-Latn">kolkhoz</term></item></list>`); a
   term registered as English (`xml:lang="en"`) is `hi rend="italic"`;
3. the lexicon below, packaged with the encoder: terms that translations of
   the period print in italics, each with its language;
4. the shape of romanised Chinese (pinyin with tone marks or spellings English
   words do not have: `zhengzhi`, `guanxi`).

Terms are compared folded (typography, diacritics, case: `detente` is
`détente`), spaces collapsed; an English plural (`kolkhozes`, `zaibatsus`) of
a term of four letters or more counts as the term. Anything else in italics is
English emphasis or a title: `hi rend="italic"`.
"""
from __future__ import annotations

import re

from variorum.authority import fold

_LEXICON_BY_LANGUAGE = {
    "ru-Latn": """kolkhoz kolkhozy sovkhoz sovkhozy kolkhoznik kolkhozniki nomenklatura apparatchik apparatchiki
        kulak kulaki oblast oblast' oblast’ oblasti krai raion gorkom obkom raikom narkom narkomat politotdel
        khozraschet piatiletka pyatiletka subbotnik stakhanovets chekist chekisty partiinost partiinost'
        tovarishch tovarishchi gospodin nachal'nik nachalnik zemlyachestvo dacha samizdat spetsnaz
        artel' artel propiska udarnik udarniki""",
    "zh-Latn": """hsien kuan-hsi ta-tzu-pao dazibao hukou danwei laobaixing lao-pai-hsing fanshen fan-shen
        pao-chia baojia cheng-feng zhengfeng xiafang hsia-fang sufan su-fan tuan-chieh kan-pu ganbu
        hsiang xiang-zhen""",
    "ja-Latn": "zaibatsu kempeitai kenpeitai gunbatsu tenno tennō bushido bushidō keiretsu sonno joi kokutai",
    "ko-Latn": "juche chuch'e chuch’e yangban chaebol",
    "de": """blitzkrieg realpolitik weltanschauung ostpolitik lebensraum anschluss gauleiter wehrmacht
        reichstag diktat""",
    "fr": """démarche aide-mémoire note_verbale fait_accompli rapprochement détente entente coup_d'état
        coup_d’état agrément chargé_d'affaires chargé_d’affaires raison_d'être raison_d’être tête-à-tête
        bête_noire cordon_sanitaire laissez-faire élan en_route""",
    "la": """status_quo status_quo_ante de_facto de_jure ad_hoc casus_belli modus_vivendi persona_non_grata
        bona_fide sine_qua_non quid_pro_quo inter_alia per_se ad_interim mutatis_mutandis a_priori
        a_posteriori ex_officio in_absentia""",
}


def _key(term: str) -> str:
    return " ".join(fold(term).split()).casefold()


LEXICON: dict[str, str] = {
    _key(term.replace("_", " ")): language
    for language, terms in _LEXICON_BY_LANGUAGE.items()
    for term in terms.split()
}


def term_language(term: str, registered: dict[str, str] | None = None) -> str | None:
    """The language the edition's register (first) or the packaged lexicon gives an italic term, or None.

    `registered` maps terms (as `register_terms` reads them) to their language; an English
    entry ("en", "en-GB" ...) is returned as it is, so the caller can tell "known English"."""
    key = _key(term)
    if not key:
        return None
    registered = {_key(t): lang for t, lang in (registered or {}).items()}
    for candidate in (key, *_singulars(key)):
        for table in (registered, LEXICON):
            if candidate in table:
                return table[candidate]
    return None


def _singulars(key: str) -> list[str]:
    """`kolkhozes` -> `kolkhoz`, `zaibatsus` -> `zaibatsu`: an English plural of a term of 4+ letters."""
    found = []
    for suffix in ("es", "s"):
        if key.endswith(suffix) and len(key) - len(suffix) >= 4 and re.search(r"\w$", key[: -len(suffix)]):
            found.append(key[: -len(suffix)])
    return found
