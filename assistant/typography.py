"""French typography for the text the assistant writes.

- narrow no-break space (U+202F) before « ; ! ? » and as thousands separator;
- no-break space (U+00A0) before « : » and inside « guillemets »;
- amounts written « 60 000 € » (€ after the number).
"""
from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"

_SPACE_BEFORE_HIGH = re.compile(r"[ \u00a0\u202f]*([;!?])(?=\s|$|[»)\"'])")
_SPACE_BEFORE_COLON = re.compile(r"(?<=\S)[ \u00a0\u202f]*:(?=\s|$)")
_OPEN_GUILLEMET = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE_GUILLEMET = re.compile(r"[ \u00a0\u202f]*»")


def format_number(value: float, decimals: int = 0) -> str:
    """12345.6 -> '12 346' (narrow no-break space as thousands separator)."""
    if decimals:
        whole, frac = f"{value:,.{decimals}f}".split(".")
        return whole.replace(",", NNBSP) + "," + frac
    return f"{round(value):,}".replace(",", NNBSP)


def format_eur(value: float, ht: bool = True) -> str:
    """60000 -> '60 000 € HT' with no-break spaces (never split on a phone)."""
    decimals = 0 if float(value).is_integer() else 2
    text = f"{format_number(value, decimals)}{NBSP}€"
    return f"{text}{NBSP}HT" if ht else text


def fr_typo(text: str) -> str:
    """Apply French punctuation spacing to a sentence written with plain spaces.

    URLs (« https://… ») and times are untouched: only a colon followed by a
    space or the end of the text gets a no-break space before it.
    """
    text = _OPEN_GUILLEMET.sub("«" + NBSP, text)
    text = _CLOSE_GUILLEMET.sub(NBSP + "»", text)
    text = _SPACE_BEFORE_COLON.sub(NBSP + ":", text)
    text = _SPACE_BEFORE_HIGH.sub(lambda m: NNBSP + m.group(1), text)
    return text
