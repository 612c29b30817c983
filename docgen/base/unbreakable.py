"""What a line must never break inside: document numbers and symbols, phone numbers, dates.

«78/2021/NĐ-» / «CP» reads as two things; so does «0912 345» / «601». docgen keeps them whole:
in running text a document number's hyphens are Word's non-breaking hyphen (docgen.ooxml.nobreak),
in a table its column is made wide enough (docgen.render.layout); `check` warns where they would
break (docgen.checker.unbroken).
"""

from __future__ import annotations

import re

# «78/2021/NĐ-CP», «45/KH-UBND», «24/2021/QH15», «51-CTr/HU», «05-CT/TW», «1728/QĐ-UBND»
DOCUMENT_NUMBER = re.compile(r"(?<![\w/-])\d+(?:/\d{4})?[/-][A-ZĐ][A-ZĐa-zđ0-9]*(?:[-/][A-ZĐa-zđ0-9]+)*(?![\w-])")
# «0912 345 601», «0912.345.601», «0269 3851 234», «+84 912 345 601», «0912345601»
PHONE = re.compile(r"(?<![\w/.,])(?:\+84|0)\d{2,3}(?:[ .]?\d{2,4}){2,3}(?![\w/])")
# «30/6/2025», «05/02/2025»
DATE = re.compile(r"(?<![\w/])\d{1,2}/\d{1,2}/\d{4}(?![\w/])")
# A piece of text a line may not break inside: one of the above, or a word.
UNIT = re.compile("|".join(f"(?:{p.pattern})" for p in (DOCUMENT_NUMBER, PHONE, DATE)) + r"|\S+")


def units(text: str) -> list[str]:
    """Return the pieces of text a line may not break inside: words, and the numbers above whole."""
    return UNIT.findall(text) or [""]
