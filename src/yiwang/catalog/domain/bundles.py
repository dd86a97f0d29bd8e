"""一件事: the union of the items' materials, deduplicated, and one merged form. Pure Python."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from .search import normalise


def material_key(m: Mapping) -> str:
    return "code:" + m["code"].strip() if str(m.get("code") or "").strip() else "name:" + normalise(m["name"])


def merge_materials(per_item: Iterable[tuple[str, Iterable[Mapping]]]) -> list[dict]:
    """per_item: (item name, materials). Returns one row per distinct material with the items needing it,
    the largest counts asked, and the strictest flags (required if any item requires it; key if any says key;
    deferrable / exempt / commitment-replaceable only if every item allows it)."""
    merged: dict[str, dict] = {}
    for item_name, materials in per_item:
        for m in materials:
            key = material_key(m)
            row = merged.get(key)
            if row is None:
                merged[key] = {
                    "name": m["name"], "code": m.get("code", ""),
                    "requirement": m.get("requirement", "required"), "condition": m.get("condition", ""),
                    "originals": m.get("originals", 0), "copies": m.get("copies", 0),
                    "is_key": bool(m.get("is_key")), "deferrable": bool(m.get("deferrable")),
                    "exempt_by_sharing": bool(m.get("exempt_by_sharing")),
                    "commitment_replaceable": bool(m.get("commitment_replaceable")),
                    "items": [item_name],
                }
                continue
            if item_name not in row["items"]:
                row["items"].append(item_name)
            if m.get("requirement", "required") == "required":
                row["requirement"], row["condition"] = "required", ""
            row["originals"] = max(row["originals"], m.get("originals", 0))
            row["copies"] = max(row["copies"], m.get("copies", 0))
            row["is_key"] = row["is_key"] or bool(m.get("is_key"))
            row["deferrable"] = row["deferrable"] and bool(m.get("deferrable")) and not row["is_key"]
            row["exempt_by_sharing"] = row["exempt_by_sharing"] and bool(m.get("exempt_by_sharing"))
            row["commitment_replaceable"] = row["commitment_replaceable"] and bool(m.get("commitment_replaceable"))
    return list(merged.values())


def merge_form_fields(per_item: Iterable[Iterable[str]]) -> list[str]:
    """One form: every field once, in first-seen order (fields equal after normalisation are one field)."""
    seen, out = set(), []
    for fields in per_item:
        for f in fields:
            k = normalise(f)
            if k and k not in seen:
                seen.add(k)
                out.append(f.strip())
    return out
