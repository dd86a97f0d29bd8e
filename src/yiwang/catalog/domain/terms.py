"""The words for a material's requirement level, one vocabulary for the guide, the online draft, the window
intake and the case pages (docs/glossary.md): 必要 / 特定情形提交, 关键材料, 可容缺, 可告知承诺, 免提交.
Pure Python, no Django."""
from __future__ import annotations

REQUIRED = "必要"
CONDITIONAL = "特定情形提交"
KEY = "关键材料"
DEFERRABLE = "可容缺"
COMMITMENT = "可告知承诺"
EXEMPT = "免提交"


def requirement(required: bool, condition: str = "") -> str:
    """必要, or 特定情形提交 with its situation (“特定情形提交：委托他人办理的”)."""
    if required:
        return REQUIRED
    return CONDITIONAL + (f"：{condition}" if condition else "")


def tags(*, required: bool, is_key: bool = False, deferrable: bool = False, commitment: bool = False,
         exempt: bool = False) -> list[str]:
    """The labels shown beside a material's name, in the same order on every page."""
    if exempt:
        return [EXEMPT]
    out = [REQUIRED if required else CONDITIONAL]
    if is_key:
        out.append(KEY)
    if deferrable:
        out.append(DEFERRABLE)
    if commitment:
        out.append(COMMITMENT)
    return out


def exempt_status(source: str = "") -> str:
    """The status of a material replaced by shared data or an e-licence (“免提交（电子证照库）”)."""
    return EXEMPT + (f"（{source}）" if source else "")
