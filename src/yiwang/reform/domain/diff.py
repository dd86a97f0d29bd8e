"""What changed between two readings of a plan (a revised document re-uploaded): measures added, removed, changed
(text, lead, co-units, deadline) and moved (same measure, new number). Measures are paired by identical text,
then by the same number with similar text, then by the most similar text elsewhere. Plain Python."""
from __future__ import annotations

from difflib import SequenceMatcher

SIMILAR = 0.6


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def diff(old: list[dict], new: list[dict]) -> dict:
    """`old`, `new`: measures as the reader gives them (path, text, lead, co, deadline)."""
    pairs: list[tuple[dict, dict]] = []
    left, right = list(old), list(new)
    by_text = {}
    for m in left:
        by_text.setdefault(m["text"], []).append(m)
    for n in list(right):
        if by_text.get(n["text"]):
            o = by_text[n["text"]].pop(0)
            pairs.append((o, n))
            left.remove(o)
            right.remove(n)
    by_path = {m["path"]: m for m in left}
    for n in list(right):
        o = by_path.get(n["path"])
        if o is not None and o in left and _ratio(o["text"], n["text"]) >= SIMILAR:
            pairs.append((o, n))
            left.remove(o)
            right.remove(n)
    for n in list(right):
        best = max(left, key=lambda o: _ratio(o["text"], n["text"]), default=None)
        if best is not None and _ratio(best["text"], n["text"]) >= SIMILAR:
            pairs.append((best, n))
            left.remove(best)
            right.remove(n)
    changed, moved = [], []
    for o, n in pairs:
        fields = [f for f in ("text", "lead", "co", "deadline") if o.get(f) != n.get(f)]
        if fields:
            changed.append({"old": o, "new": n, "fields": fields})
        if o["path"] != n["path"]:
            moved.append({"old": o, "new": n})
    return {"added": right, "removed": left, "changed": changed, "moved": moved,
            "unchanged": len(pairs) - len(changed)}
