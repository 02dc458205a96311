"""Valid resident IDs one edit away from an invalid one (GB 11643-1999's check character)."""
from __future__ import annotations

from .keys import date_in_id

_DIGITS = "0123456789"

# GB 11643-1999 check character: weights 2^(17-i) mod 11; CHECK[sum % 11].
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_INV = {w: pow(w, -1, 11) for w in set(_W)}


def _checksum(body17: str) -> int:
    return sum(int(c) * w for c, w in zip(body17, _W)) % 11


def _fits(candidate: str) -> bool:
    # python-stdnum's trick: the weighted sum mod 11 in one int() call; (1 - 2*n) % 11 is the check value.
    if len(candidate) != 18 or not candidate[:17].isdigit():
        return False
    check = (1 - 2 * int(candidate[:17], 13)) % 11
    return candidate[17] == ("X" if check == 10 else str(check))


def id_neighbours(text: str | None) -> list[str]:
    """Valid IDs one substitution, adjacent transposition, insertion or deletion away from an
    invalid ID (GB 11643's check character catches every such single error)."""
    if not text or _fits(text):
        return []
    options: set[str] = set()
    n = len(text)
    if n == 18:
        if text[:17].isdigit() and text[17] in _CHECK:
            s, target = _checksum(text[:17]), _CHECK.index(text[17])
            for i in range(17):  # the one digit at position i that would make the check character fit
                d = (int(text[i]) + (target - s) * _INV[_W[i]]) % 11
                if d < 10 and d != int(text[i]):
                    options.add(text[:i] + str(d) + text[i + 1:])
            options.add(text[:17] + _CHECK[s])  # the check character itself was mistyped
        for i in range(17):  # includes an X moved into the body by a swap with the last digit
            options.add(text[:i] + text[i + 1] + text[i] + text[i + 2:])
        for i in (i for i in range(17) if not text[i].isdigit()):
            options.update(text[:i] + d + text[i + 1:] for d in _DIGITS)
    elif n == 17:
        for i in range(18):
            for d in _DIGITS + ("X" if i == 17 else ""):
                options.add(text[:i] + d + text[i:])
    elif n == 19:
        options.update(text[:i] + text[i + 1:] for i in range(19))
    # Region codes are not checked here (slow in python-stdnum): the registry lookup drops IDs nobody has.
    return sorted(o for o in options if _fits(o) and date_in_id(o) is not None)
