"""Turkish alphabetical order, without Django.

Python's ``sorted`` compares code points: "Özel Kalem", "İmar", "Çevre" come after "Zabıta".
``turkish_sort_key`` orders by the Turkish alphabet (a b c ç d e f g ğ h ı i j k l m n o ö p
r s ş t u ü v y z; q w x where Latin has them), case-insensitively with Turkish casing
(I → ı, İ → i), the circumflex ignored (â → a). Every list and dropdown of names sorts with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

ALPHABET = "abcçdefgğhıijklmnoöpqrsştuüvwxyz"
_RANK = {letter: 100 + i for i, letter in enumerate(ALPHABET)}
_PLAIN = str.maketrans({"â": "a", "î": "i", "û": "u", "ô": "o", "ê": "e"})


def turkish_lower(text: str) -> str:
    """Lower case as Turkish writes it: "IĞDIR" → "ığdır", "İZMİR" → "izmir"."""
    return text.replace("I", "ı").replace("İ", "i").lower().translate(_PLAIN)


def _rank(char: str) -> int:
    if char in _RANK:
        return _RANK[char]
    if char.isdigit():
        return 50 + int(char) if char.isascii() else 60
    if char.isspace():
        return 0  # a word ends before any letter: "İmar" < "İmar ve Şehircilik"
    return 10 + min(ord(char), 30)  # punctuation before digits and letters


def turkish_sort_key(text: str | None) -> tuple[tuple[int, ...], str]:
    """The key that sorts `text` in Turkish alphabetical order (None as the empty text).

    Ties between texts that differ only in case or circumflex fall back to the text itself,
    so the order is total and stable across runs.
    """
    text = text or ""
    return tuple(_rank(c) for c in turkish_lower(text).strip()), text


def turkish_sorted(items: Iterable[T], key: Callable[[T], str | None] = str) -> list[T]:
    """`items` in Turkish alphabetical order of `key(item)` (by default the item's text)."""
    return sorted(items, key=lambda item: turkish_sort_key(key(item)))
