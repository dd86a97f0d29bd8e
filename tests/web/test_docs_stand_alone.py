"""A newcomer reads the README and docs/ from a fresh clone: every link they follow is a file in the repository
(nothing under ../shared or /work, no RULES.md or GLOSSARY.md that the clone lacks), tables render (no blank line
inside one), the install is lean (apt without recommends) and the README says what the first run downloads and how
to serve on another address."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
FENCE = re.compile(r"^\s*```")


def _prose(path: Path):
    """(line number, line) outside fenced code blocks."""
    inside = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if FENCE.match(line):
            inside = not inside
            continue
        if not inside:
            yield number, line


def test_every_link_in_the_docs_is_a_file_of_the_repository():
    broken = []
    for doc in DOCS:
        for number, line in _prose(doc):
            for href in LINK.findall(line):
                target = href.split("#", 1)[0]
                if not target or re.match(r"^[a-z]+:", target):
                    continue  # an anchor on the same page, or a web address
                resolved = (doc.parent / target).resolve()
                if ROOT not in resolved.parents and resolved != ROOT or not resolved.exists():
                    broken.append(f"{doc.relative_to(ROOT)}:{number} → {href}")
    assert not broken, broken


def test_no_doc_points_outside_the_repository():
    outside = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for pattern in (r"\.\./shared", r"/work/", r"\bRULES\.md", r"\bGLOSSARY\.md", r"\bDESIGN\.md"):
            for m in re.finditer(pattern, text):
                outside.append(f"{doc.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1} {m.group(0)}")
    assert not outside, outside


def test_no_table_is_broken_by_a_blank_line():
    broken = []
    for doc in DOCS:
        lines = list(_prose(doc))
        for (_, before), (number, blank), (_, after) in zip(lines, lines[1:], lines[2:]):
            if not blank.strip() and before.lstrip().startswith("|") and after.lstrip().startswith("|"):
                broken.append(f"{doc.relative_to(ROOT)}:{number}")
    assert not broken, broken


def test_apt_installs_without_recommends_in_the_scripts_and_the_docs():
    heavy = []
    for path in [*sorted((ROOT / "scripts").glob("*.sh")), *DOCS]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bapt(-get)?\s+install\b", line) and "--no-install-recommends" not in line:
                heavy.append(f"{path.relative_to(ROOT)}:{number}")
    assert not heavy, heavy


def test_the_readme_tells_what_the_first_run_downloads_and_how_to_serve_elsewhere():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "YIWANG_ADDR" in readme
    assert re.search(r"first run downloads[^.]*\d+\s*MB", readme), "what the first run downloads, and how much"
    assert re.search(r"\d+\s*[–-]\s*\d+\s*minutes", readme), "how long the first run may take"
