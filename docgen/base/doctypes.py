"""Kinds of document on the Decree-30 frame (Phụ lục III, Mẫu 1.4 «văn bản có tên loại»).

A Kế hoạch and a Báo cáo share one frame: header, title and trích yếu, body, signature,
Nơi nhận, annexes. What differs is written here, once: the title word, the symbol's
prefix, how the document is named in a sentence («Kèm theo Báo cáo số …»), whether
it is sent up to a higher body with a «Kính gửi:» block (Phụ lục I, II.9.b), after which
its Nơi nhận starts «- Như trên;», and whether it reports on a plan. Everything else (model, context, checker, commands)
asks this registry and names no kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class DocKind:
    key: str  # the value of `loai_van_ban:` in the YAML
    name: str  # as written in a sentence: «Kế hoạch», «Báo cáo»
    title: str  # the title line, in capitals: «KẾ HOẠCH»
    prefix: str  # of the symbol: «KH» in «45/KH-UBND»
    addressed: bool  # may carry a «Kính gửi:» block (sent to a higher body)
    reports: bool  # reports on a plan: may name it (`ke_hoach:`) and the period reported on (`chu_ky:`)

    @property
    def default_symbol(self) -> str:
        return f"{self.prefix}-UBND"


KE_HOACH = DocKind("ke_hoach", "Kế hoạch", "KẾ HOẠCH", "KH", addressed=False, reports=False)
BAO_CAO = DocKind("bao_cao", "Báo cáo", "BÁO CÁO", "BC", addressed=True, reports=True)

KINDS = {k.key: k for k in (KE_HOACH, BAO_CAO)}
DEFAULT = KE_HOACH.key
TITLES = {k.title: k for k in KINDS.values()}

# «KH-UBND», «BC-UBND», «KH-BCĐ»: the kind's prefix, a hyphen, the agency's initials in capitals.
SYMBOL = r"^[A-ZĐ]{2,4}-[A-ZĐ][A-ZĐ0-9]*$"


def of(key: str | None) -> DocKind:
    """Return the kind of a `loai_van_ban` value (a Kế hoạch when absent or unknown)."""
    return KINDS.get(key or DEFAULT, KINDS[DEFAULT])


def of_title(text: str) -> DocKind | None:
    """Return the kind whose title line is text («KẾ HOẠCH», «BÁO CÁO»), ignoring spacing."""
    return TITLES.get(" ".join(text.split()).upper())


def of_symbol(symbol: str) -> DocKind | None:
    """Return the kind whose prefix starts symbol («BC-UBND» → Báo cáo)."""
    m = re.match(r"([A-ZĐ]+)-", symbol)
    return next((k for k in KINDS.values() if m and k.prefix == m.group(1)), None)


def addressee_lines(names: list[str]) -> list[str]:
    """Return the «Kính gửi:» lines: «Kính gửi: A.» alone, or «- A;» … «- B.» under the colon."""
    clean = [n.strip().rstrip(" .;,") for n in names]
    if len(clean) == 1:
        return [f"Kính gửi: {clean[0]}."]
    return [f"- {n}{'.' if i == len(clean) - 1 else ';'}" for i, n in enumerate(clean)]


SAME_AS_ABOVE = "Như trên"
