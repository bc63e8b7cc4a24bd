"""Name matching as editors expect it: typography and diacritics folded, the text kept as typed.

`authority.NameIndex` matches the registers' forms letter for letter. Transcriptions
type the same name in many ways: a typographic or an ASCII apostrophe (`P’yŏngyang`,
`P'yongyang`), a hyphen or a dash, a diacritic or none. `FoldedIndex` compares
*folded* text: each character is mapped to one character (so positions in the
folded text are positions in the text as typed):

| typed                         | folded |
|-------------------------------|--------|
| ’ ‘ ʼ ʻ ` ´ ′                  | '      |
| “ ” „ ‟ « » ″                  | "      |
| ‐ ‑ ‒ – — ― −                  | -      |
| a letter with diacritics (ŏ ü é) | the base letter (o u e) |

Case is not folded in the body ("nanking" in lower case is a word, not the city);
header names (`lookup`) are matched without regard to case, as before.

A folded form that belongs to two or more entities of the registers is tagged with
neither: `scan` reports it as `Ambiguous` with every owner, so that the encoder warns
with both ids and the position. Where the form *as typed* belongs to one entity only
(`Lushun` for one, `Lüshun` for another), that one is taken.

This module wraps the registry (`registry.entities`); what should later move into
`authority.NameIndex` is the folding and the owners of each form (see the report of
issue 14).
"""
from __future__ import annotations

import re
import unicodedata
import weakref
from dataclasses import dataclass

from variorum.authority import Entity, Match, NameIndex, Registry

_TYPOGRAPHY = {
    **{ord(c): "'" for c in "’‘ʼʻ`´′‛"},
    **{ord(c): '"' for c in "“”„‟«»″"},
    **{ord(c): "-" for c in "‐‑‒–—―−"},
}


def fold_char(char: str) -> str:
    """One character -> the one character it is compared as."""
    mapped = _TYPOGRAPHY.get(ord(char))
    if mapped is not None:
        return mapped
    if char.isascii():
        return char
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) > 1 and not unicodedata.combining(decomposed[0]) and all(
            unicodedata.combining(c) for c in decomposed[1:]):
        return decomposed[0]
    return char


def fold(text: str) -> str:
    """The text as compared: same length, each character folded (`P’yŏngyang` -> `P'yongyang`)."""
    text = unicodedata.normalize("NFC", text) if not text.isascii() else text
    return "".join(fold_char(c) for c in text)


@dataclass(frozen=True)
class Ambiguous:
    """A form in the text that belongs to several entities: tagged with none of them."""

    start: int
    end: int
    form: str
    entities: tuple[Entity, ...]


class FoldedIndex:
    """Every form of every entity, found in folded text: longest first, whole words."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.owners: dict[str, dict[str, Entity]] = {}
        self.exact: dict[str, dict[str, Entity]] = {}
        for entity in registry.entities.values():
            for form in entity.forms:
                self.owners.setdefault(fold(form.text), {})[entity.id] = entity
                self.exact.setdefault(form.text, {})[entity.id] = entity
        forms = sorted((f for f in self.owners if f.strip()), key=lambda f: (-len(f), f))
        pattern = "|".join(re.escape(f) for f in forms)
        self._pattern = re.compile(rf"(?<![\w])(?:{pattern})(?![\w])") if forms else None
        self._casefolded: dict[str, dict[str, Entity]] = {}
        for form, owners in self.owners.items():
            self._casefolded.setdefault(" ".join(form.split()).casefold(), {}).update(owners)

    # ------------------------------------------------------------------ the body

    def scan(self, text: str) -> list[Match | Ambiguous]:
        """Each form found in `text`: a Match (one entity) or an Ambiguous (several), left to right."""
        if self._pattern is None or not text:
            return []
        nfc = unicodedata.normalize("NFC", text)
        if len(nfc) != len(text):  # decomposed input: positions of the folded text would not be the text's
            return [] if nfc == text else self._scan_decomposed(text)
        found: list[Match | Ambiguous] = []
        for match in self._pattern.finditer(fold(text)):
            typed = text[match.start():match.end()]
            owners = self.owners[match.group()]
            if len(owners) > 1:
                exact = self.exact.get(typed, {})
                owners = exact if len(exact) == 1 else owners
            if len(owners) == 1:
                found.append(Match(match.start(), match.end(), next(iter(owners.values())), typed))
            else:
                found.append(Ambiguous(match.start(), match.end(), typed, tuple(owners.values())))
        return found

    def _scan_decomposed(self, text: str) -> list[Match | Ambiguous]:
        """Text with combining marks of its own: matched character by character of the folded text,
        the combining marks themselves folded away through a position map."""
        kept, positions = [], []
        for i, char in enumerate(text):
            if unicodedata.combining(char) and kept:
                continue
            kept.append(fold_char(char))
            positions.append(i)
        positions.append(len(text))
        found: list[Match | Ambiguous] = []
        folded = "".join(kept)
        for match in self._pattern.finditer(folded):
            start, end = positions[match.start()], positions[match.end()]
            if end < len(text) and unicodedata.combining(text[end]):
                continue
            typed = text[start:end]
            owners = self.owners[match.group()]
            if len(owners) == 1:
                found.append(Match(start, end, next(iter(owners.values())), typed))
            else:
                found.append(Ambiguous(start, end, typed, tuple(owners.values())))
        return found

    def find(self, text: str) -> list[Match]:
        """Like `NameIndex.find`: the unambiguous matches only."""
        return [m for m in self.scan(text) if isinstance(m, Match)]

    # ---------------------------------------------------------------- the header

    def whole(self, name: str) -> list[Entity]:
        """The entities one of whose forms is the whole name: folded, without regard to case
        ("Mao zedong", "Chou En‑lai"), initials squeezed ("J. V. Stalin" = "J.V. Stalin")."""
        folded = " ".join(fold(name).split()).casefold()
        if not folded:
            return []
        owners = self._casefolded.get(folded)
        if not owners:
            squeezed = re.sub(r"\.\s+", ".", folded)
            owners = self._squeezed().get(squeezed, {})
        return list(owners.values())

    def _squeezed(self) -> dict[str, dict[str, Entity]]:
        if not hasattr(self, "_by_squeezed"):
            self._by_squeezed: dict[str, dict[str, Entity]] = {}
            for form, owners in self._casefolded.items():
                self._by_squeezed.setdefault(re.sub(r"\.\s+", ".", form), {}).update(owners)
        return self._by_squeezed

    def candidates(self, name: str) -> list[Entity]:
        """The entities a header name (a sender, a participant) may be: those whose form is the whole
        name (`whole`); else the persons and organisations whose forms the name contains, the longest
        form first ("Chairman of the Central People's Government Mao Zedong" -> Mao Zedong)."""
        whole = self.whole(name)
        if whole:
            return whole
        folded = " ".join(fold(name).split()).casefold()
        contained: list[tuple[int, Entity]] = []
        for match in self._contained_pattern().finditer(folded):
            for entity in self._casefolded[match.group()].values():
                if entity.kind in ("person", "org"):
                    contained.append((len(match.group()), entity))
        contained.sort(key=lambda pair: -pair[0])
        best: list[Entity] = []
        for length, entity in contained:
            if length == contained[0][0] and entity not in best:
                best.append(entity)
        return best

    def _contained_pattern(self) -> re.Pattern:
        if not hasattr(self, "_contained"):
            forms = sorted((f for f in self._casefolded if len(f) >= 3), key=lambda f: (-len(f), f))
            pattern = "|".join(re.escape(f) for f in forms) or "(?!)"
            self._contained = re.compile(rf"(?<![\w])(?:{pattern})(?![\w])")
        return self._contained

    def lookup(self, name: str) -> Entity | None:
        """The one entity a header name refers to, or None (unknown or ambiguous)."""
        found = self.candidates(name)
        return found[0] if len(found) == 1 else None


_INDEXES: dict[int, tuple[weakref.ref, int, FoldedIndex]] = {}


def folded_index(index: NameIndex | FoldedIndex | None, registry: Registry) -> FoldedIndex:
    """The folded index for a registry (or for the registry of a NameIndex a caller built), made once
    per registry (and again if entities were added to it since)."""
    if isinstance(index, FoldedIndex):
        return index
    key = index.registry if index is not None else registry
    cached = _INDEXES.get(id(key))
    if cached is not None and cached[0]() is key and cached[1] == len(key.entities):
        return cached[2]
    for stale in [k for k, (ref, _, _) in _INDEXES.items() if ref() is None]:
        del _INDEXES[stale]
    made = FoldedIndex(key)
    _INDEXES[id(key)] = (weakref.ref(key), len(key.entities), made)
    return made
