"""yiwang catalog template|import|export — the catalogue import as a command (same checks, same one-at-a-time
rule and the same report as the import page; runs in this process, not on the huey queue)."""
import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yiwang.api.errors import DomainError
from yiwang.catalog import excel
from yiwang.catalog.importing import jobs
from yiwang.catalog.importing import report as import_report
from yiwang.catalog.models import ImportJob
from yiwang.org.models import User


class Command(BaseCommand):
    help = "事项目录：下载导入模板、导入（可先检查）、导出"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("template", help="写出导入模板（中文列名）")
        p.add_argument("out")
        p = sub.add_parser("import", help="导入事项目录 Excel：先检查，无错误时导入（全部成功或全部不导入）")
        p.add_argument("file")
        p.add_argument("--dry-run", action="store_true", help="只检查，列出将新增、更新、不变的事项和问题，不写入")
        p.add_argument("--create-departments", action="store_true", help="同时创建组织机构中没有的部门")
        p.add_argument("--effective-date", help="生效日期（年-月-日，默认今天）")
        p.add_argument("--user", help="以该用户名义导入（审计记录；默认记为系统）")
        p.add_argument("--report", help="把报告写入 Excel 文件")
        p = sub.add_parser("export", help="导出事项目录（可再导入，0 处变化）")
        p.add_argument("out")
        sub.add_parser("reindex", help="重建全部事项的检索文本（检索规则变化后）")

    def handle(self, *args, action, **options):
        try:
            return getattr(self, "do_" + action)(**options)
        except DomainError as exc:
            raise CommandError(exc.message) from None

    def do_template(self, out, **_):
        Path(out).write_bytes(excel.template_workbook())
        self.stdout.write(self.style.SUCCESS(f"已写出导入模板 {out}"))

    def do_export(self, out, **_):
        Path(out).write_bytes(excel.export_workbook())
        self.stdout.write(self.style.SUCCESS(f"已导出事项目录 {out}"))

    def do_reindex(self, **_):
        from yiwang.catalog import services

        self.stdout.write(self.style.SUCCESS(f"已重建{services.reindex_all()}个事项的检索文本"))

    def do_import(self, file, dry_run=False, create_departments=False, effective_date=None, user=None,
                  report=None, **_):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"用户不存在：{user}")
        try:
            effective = dt.date.fromisoformat(effective_date) if effective_date else None
        except ValueError:
            raise CommandError("生效日期格式应为 年-月-日") from None
        with path.open("rb") as f:
            job = jobs.start(fileobj=f, filename=path.name, actor=actor, effective_date=effective,
                             create_departments=create_departments, inline=True)
        job = jobs.check(job.pk)
        if job.state == ImportJob.State.CHECKED and job.report.get("ok") and not dry_run:
            jobs.confirm(job, actor=actor, inline=True)
            job = jobs.run(job.pk)
        elif job.state == ImportJob.State.CHECKED and dry_run:
            job = jobs.cancel(job, actor=actor)
        self._print(job)
        if report:
            Path(report).write_bytes(import_report.workbook(job.report, filename=job.filename))
            self.stdout.write(f"报告已写入 {report}")
        if not job.report.get("ok"):
            raise CommandError("有错误，未导入任何数据")

    def _print(self, job):
        r = job.report or {}
        self.stdout.write(("检查结果（未写入）：" if not r.get("written") else "导入结果：") + (job.message or ""))
        for line in import_report.summary_lines(r):
            self.stdout.write("  " + line)
        for p in r.get("errors", []) + r.get("warnings", []):
            self.stdout.write("  " + import_report.problem_line(p))
