"""Name matching for the encoder: `authority.NameIndex` (folding, owners of each form, header look-up).

The folding of apostrophes, quotes, dashes and diacritics, the owners of every form and the
header look-up (`whole`, `candidates`, `lookup`) live in `variorum.authority`, so that
encode and collate match names alike. This module keeps the encoder's old names for them
(`FoldedIndex`, `fold`, `Ambiguous`) and the index made once per registry.
"""
from __future__ import annotations

import weakref

from variorum.authority import Ambiguous, NameIndex, Registry, fold, fold_char

FoldedIndex = NameIndex  # the encoder's former name for the folded index

__all__ = ["Ambiguous", "FoldedIndex", "NameIndex", "fold", "fold_char", "folded_index"]

_INDEXES: dict[int, tuple[weakref.ref, int, NameIndex]] = {}


def folded_index(index: NameIndex | None, registry: Registry) -> NameIndex:
    """The index a caller gave (made again if entities were added to its registry since), else one
    made once per registry."""
    if index is not None and index.size == len(index.registry.entities):
        return index
    key = index.registry if index is not None else registry
    cached = _INDEXES.get(id(key))
    if cached is not None and cached[0]() is key and cached[1] == len(key.entities):
        return cached[2]
    for stale in [k for k, (ref, _, _) in _INDEXES.items() if ref() is None]:
        del _INDEXES[stale]
    made = NameIndex(key)
    _INDEXES[id(key)] = (weakref.ref(key), len(key.entities), made)
    return made
