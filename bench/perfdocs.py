"""Writing a bench's figures into docs/performance.md: each bench owns one section between its start and end
markers, replaced in place on every run (appended at the end the first time)."""
from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def replace_section(block: str, start: str, end: str, path: Path = DOCS) -> None:
    """Put `block` (which begins with `start` and ends with `end`) in place of the section between the markers."""
    block = block.rstrip("\n")
    if not (block.startswith(start) and block.endswith(end)):
        raise ValueError("the block must begin and end with its section's markers")
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if start in text and end in text:
        text = text[:text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
