"""Reading a 1,000-measure plan (target < 5 s), against reading the 172-measure Jiading plan in the same run.

    .venv/bin/python bench/reform_read.py [--measures 1000]

The large plan is generated from the Jiading plan's own measures (chapters × sections × measures, units and
deadline forms varied), as text and as a Word document; no database. Prints the figures for docs/performance.md.
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from yiwang.reform.domain import reader, sources  # noqa: E402

PLAN = Path(__file__).resolve().parents[1] / "src/yiwang/reform/data/jiading-2021-business-environment-plan.txt"
CN = "一二三四五六七八九十"


def big_plan(n: int) -> list[str]:
    base = [m.as_measure() for m in reader.read_lines(PLAN.read_text(encoding="utf-8").splitlines()).measures]
    lines = ["某区2025年优化营商环境重点任务实施方案", "某府发〔2025〕1号", "2025年1月6日", "某区2025年优化营商环境重点任务实施方案"]
    k = 0
    for c in range(10):
        lines.append(f"{CN[c]}、第{c + 1}方面")
        for s in range(10):
            lines.append(f"（{CN[s]}）第{s + 1}项重点工作。具体措施：")
            for i in range(1, n // 100 + 1):
                m = base[k % len(base)]
                units = "、".join([m["lead"], *m["co"]])
                form = k % 3
                tail = (f"（责任单位：{units}）" if form == 0 else
                        f"（牵头单位：{m['lead']}；配合单位：{'、'.join(m['co']) or '各相关部门'}，{1 + k % 12}月底完成）"
                        if form == 1 else f"〔{m['lead']}牵头，{'、'.join(m['co']) or '区政府有关部门'}按职责分工负责〕")
                lines.append(f"{i}.{m['text']}{tail}")
                k += 1
    return lines


def timed(fn, repeat=5):
    fn()
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--measures", type=int, default=1000)
    a = ap.parse_args()
    seed = PLAN.read_text(encoding="utf-8").splitlines()
    big = big_plan(a.measures)
    assert len(reader.read_lines(big).measures) == a.measures
    import docx

    d = docx.Document()
    for line in big:
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    docx_bytes = buf.getvalue()
    t_seed = timed(lambda: reader.read_lines(seed))
    t_big = timed(lambda: reader.read_lines(big))
    t_docx = timed(lambda: sources.read_document("big.docx", docx_bytes), repeat=3)
    print(f"| reading | measures | median s | ratio to the 172-measure plan |")
    print(f"| --- | --- | --- | --- |")
    print(f"| Jiading plan, text | 172 | {t_seed:.3f} | 1.0 |")
    print(f"| generated plan, text | {a.measures} | {t_big:.3f} | {t_big / t_seed:.1f} |")
    print(f"| generated plan, .docx | {a.measures} | {t_docx:.3f} | {t_docx / t_seed:.1f} |")
    print(f"cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
