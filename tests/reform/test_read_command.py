"""`yiwang reform read FILE --json`: one JSON object per measure, nothing saved."""
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.reform.test_reader import PLAN


def test_read_prints_one_object_per_measure(tmp_path):
    out = StringIO()
    call_command("reform", "read", str(PLAN), "--json", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(rows) == 172
    assert rows[0] == {"path": "一.(一).1", "text": rows[0]["text"], "lead": "区行政服务中心", "co": ["区府办"]}
    assert rows[0]["text"].startswith("进一步加强系统集成") and "责任单位" not in rows[0]["text"]
    assert next(r for r in rows if r["path"] == "四.(一).1")["deadline"] == "2021-05-31"


def test_read_refuses_a_document_without_measures(tmp_path):
    f = tmp_path / "说明.txt"
    f.write_text("关于工作要点的编制情况说明\n一、起草情况\n（一）明确重点任务。\n", encoding="utf-8")
    with pytest.raises(CommandError, match="未能从文件中识别出任何任务措施"):
        call_command("reform", "read", str(f), "--json", stdout=StringIO())
