"""yiwang reform read FILE [--json] — read a plan document and print its measures, saving nothing;
yiwang reform notices — send the quarterly report reminders and overdue warnings now (the periodic task's job);
yiwang reform measure — fill the bound indicators' values for today."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yiwang.reform.domain import sources
from yiwang.reform.domain.reader import NoMeasures


class Command(BaseCommand):
    help = "改革任务：识别方案文件（不保存）、发送季度报送提醒与逾期预警、计算绑定指标"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("read", help="识别方案文件（.txt/.docx/.xlsx），逐项输出任务措施，不保存任何数据")
        p.add_argument("file")
        p.add_argument("--json", action="store_true", help="每行输出一个任务措施的 JSON 对象")
        p.add_argument("--year", type=int, help="无年份的时限（如“6月底完成”）所用的年度")
        sub.add_parser("notices", help="发送季度报送提醒与逾期预警")
        sub.add_parser("measure", help="按平台数据计算今日的绑定指标值")

    def handle(self, *args, action, **options):
        return getattr(self, "do_" + action)(**options)

    def do_read(self, file, json=False, year=None, **_):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        try:
            r = sources.read_document(path.name, path.read_bytes(), year=year)
        except (sources.BadDocument, NoMeasures) as exc:
            raise CommandError(str(exc)) from None
        out = self.stdout
        if json:
            for m in r.measures:
                d = m.as_measure()
                row = {"path": d["path"], "text": d["text"], "lead": d["lead"], "co": d["co"]}
                if d.get("deadline"):
                    row["deadline"] = d["deadline"]
                out.write(_dumps(row))
            return
        out.write(f"{r.title}  {r.doc_number}  {r.issued_on or ''}")
        for m in r.measures:
            d = m.as_measure()
            co = "、".join(d["co"])
            out.write(f"{d['path']:<14} 牵头：{d['lead']}" + (f"；配合：{co}" if co else "")
                      + (f"；时限：{d['deadline']}" if d.get("deadline") else ""))
        out.write(f"共{len(r.measures)}项任务措施" + (f"；另有{len(r.unassigned)}段无责任单位的编号段落未计入"
                                                  if r.unassigned else ""))

    def do_notices(self, **_):
        from yiwang.reform import services_reports

        self.stdout.write(str(services_reports.send_report_notices()))

    def do_measure(self, **_):
        from yiwang.reform import services_reports

        self.stdout.write(str(services_reports.measure_indicators()))


def _dumps(row):
    return json.dumps(row, ensure_ascii=False)
