"""The comparison forms of headers and coded values, and the yuan units a header may carry."""
import re
import unicodedata

# A unit in brackets of any kind after a header: 医疗总费用（元）, 医疗总费用【元】, 医疗总费用（单位：元）.
YUAN_UNIT = re.compile(r"(?:[(\[【〔〈<]\s*(?:单位[:：]?)?\s*(?:人民币)?元\s*[)\]】〕〉>]|/元)$")
WAN_UNIT = re.compile(r"(?:[(\[【〔〈<]\s*(?:单位[:：]?)?\s*万元\s*[)\]】〕〉>]|/万元)$")


def fold(text: str) -> str:
    """Header and code-value comparison form: NFKC, no blanks, no required-marker asterisks, no
    trailing unit 元 in brackets of any kind (amounts in 万元 are not yuan and must not match)."""
    text = re.sub(r"[\s*]", "", unicodedata.normalize("NFKC", str(text)))
    return YUAN_UNIT.sub("", text)


def in_wan_yuan(folded: str) -> str | None:
    """The header without its unit when a folded header says its amounts are in 万元, else None."""
    return WAN_UNIT.sub("", folded) if WAN_UNIT.search(folded) else None


def code(text) -> str:
    """Coded values compare without case as well: c, Ｃ, ｃ级 and C级 are one grade (issue 15)."""
    return fold(text).upper()
