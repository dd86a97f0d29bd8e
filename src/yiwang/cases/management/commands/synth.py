"""`yiwang synth --cases N` / `--enterprises N`: synthetic cases over the demo catalogue (see yiwang.cases.synth)
and synthetic registry enterprises (see yiwang.enterprises.synth), for benchmarks only."""
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = ("生成合成办件（仅用于性能测试）：在示范区事项目录上按真实比例生成申请人、办件及其材料、记录、审批环节、"
            "特别程序和核查。合成数据绕过办件服务直接写库，不产生审计事件和消息。须先运行 yiwang demo。")

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=0, help="生成的办件数")
        parser.add_argument("--enterprises", type=int, default=0, help="生成的企业档案数（行业、规模分布接近真实城区）")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（相同种子、相同数据库得到相同数据）")
        parser.add_argument("--batch", type=int, default=20000, help="每批办件数（每批一个事务）")
        parser.add_argument("--years", type=float, default=2.0, help="收件日期分布在最近几年内")
        parser.add_argument("--applicants", type=int, default=None, help="新建申请人数（默认为办件数的十分之一）")
        parser.add_argument("--force", action="store_true", help="在 DEBUG 关闭时也生成（切勿用于生产数据库）")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, **options):
        from tqdm import tqdm

        from yiwang.cases.synth import SynthError, run

        n = options["cases"]
        if options["enterprises"] < 0 or n < 0 or not (n or options["enterprises"]):
            raise CommandError("请用 --cases 或 --enterprises 指定要生成的正整数数量")
        if options["batch"] < 1:
            raise CommandError("--batch 应为正整数")
        if not 0 < options["years"] <= 10:
            raise CommandError("--years 应在 0 到 10 之间")
        if not settings.DEBUG and not options["force"]:
            raise CommandError("DEBUG 已关闭：合成办件绕过办件服务、不留审计记录，只能用于性能测试数据库。"
                               "确需在此数据库生成请加 --force。")
        if options["enterprises"]:
            self._enterprises(options)
            if not n:
                return
        started = time.monotonic()
        bar = tqdm(total=n, unit="件", desc="合成办件", disable=options["no_progress"], file=self.stderr._out)
        done = 0
        try:
            for done_now in run(n, seed=options["seed"], batch_size=options["batch"], years=options["years"],
                                applicants=options["applicants"]):
                bar.update(done_now - done)
                done = done_now
        except SynthError as exc:
            raise CommandError(str(exc)) from None
        finally:
            bar.close()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE cases_case, cases_caseevent, cases_casematerial, org_applicant")
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(
            f"已生成合成办件 {done} 件，用时 {seconds:.1f} 秒（{done / max(seconds, 1e-9):.0f} 件/秒）。"))

    def _enterprises(self, options):
        from tqdm import tqdm

        from yiwang.enterprises.synth import run

        n, started, done = options["enterprises"], time.monotonic(), 0
        bar = tqdm(total=n, unit="户", desc="合成企业", disable=options["no_progress"], file=self.stderr._out)
        try:
            for done_now in run(n, seed=options["seed"], batch_size=options["batch"]):
                bar.update(done_now - done)
                done = done_now
        finally:
            bar.close()
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(
            f"已生成合成企业 {done} 户，用时 {seconds:.1f} 秒（{done / max(seconds, 1e-9):.0f} 户/秒）。"))
