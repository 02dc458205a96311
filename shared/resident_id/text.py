"""The characters of a resident ID as departments type them: separators, widths, case."""
from __future__ import annotations

#: Separators people type between the groups of an ID: every Unicode space (category Zs: ASCII,
#: no-break, the typographic widths, full-width U+3000) and the hyphens and dashes of keyboards
#: and Chinese input methods (ASCII, ‐ ‑ ‒ – — ―, minus sign, small and full-width hyphen-minus).
SPACES = "\u0020\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_FOLD = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, "\uff38": "X", "\uff58": "X",
                       **{chr(c): chr(c - 32) for c in range(ord("a"), ord("z") + 1)},
                       **dict.fromkeys(SPACES + HYPHENS)})
#: What a spreadsheet cell or a pasted line leaves around a value: removed at the ends only.
#: Not str.strip(), which also takes the information separators U+001C-U+001F, U+0085, VT and FF.
ENDS = SPACES + "\t\r\n"


#: What `clean` writes for a character that has no place in an ID in any form.
UNKNOWN = "\ufffd"


def folded(raw: str) -> str:
    """Surrounding ENDS, SPACES and HYPHENS removed, full-width digits and Ｘ/ｘ to ASCII,
    ASCII letters upper case; every other character kept as it is."""
    if raw.isascii() and raw.isalnum():  # the usual case, without a pass per character
        return raw.upper()
    return raw.strip(ENDS).translate(_FOLD)


def clean(raw: str) -> str:
    """The ID's characters for comparison: separators removed and widths folded as `normalise`
    does; any character other than an ASCII letter or digit (an emoji, a zero-width space, a
    control character, a digit of another script) becomes UNKNOWN (U+FFFD), one character that
    agrees with nothing, so the matcher counts it as one edit. No validation: `normalise`
    refuses such an ID."""
    if raw.isascii() and raw.isalnum():  # the usual case: one call less than through folded
        return raw.upper()
    text = folded(raw)
    if text.isascii() and text.isalnum():
        return text
    return "".join(c if c.isascii() and c.isalnum() else UNKNOWN for c in text)
