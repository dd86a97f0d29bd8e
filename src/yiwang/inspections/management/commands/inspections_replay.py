"""Recompute a draw from its four published files (no database needed): `yiwang inspections_replay params.json
snapshot.csv seed.json selection.csv`. Prints 一致 or 不一致 with the reasons; exit status 1 when inconsistent. The
same check as `python3 draw.py …` with the downloadable checker."""
from django.core.management.base import BaseCommand, CommandError

from yiwang.inspections.domain import draw as core


class Command(BaseCommand):
    help = "用公布的文件复核一次双随机抽取（参数、对象快照、种子、抽取名单），输出一致或不一致"
    requires_system_checks = []

    def add_arguments(self, parser):
        for name in ("params", "snapshot", "seed", "selection"):
            parser.add_argument(name)

    def handle(self, *args, **opts):
        files = []
        for name in ("params", "snapshot", "seed", "selection"):
            try:
                with open(opts[name], "rb") as fh:
                    files.append(fh.read())
            except OSError as exc:
                raise CommandError(f"无法读取{opts[name]}：{exc.strerror}") from None
        result = core.replay(*files)
        self.stdout.write(result.verdict)
        for p in result.problems:
            self.stdout.write(f"- {p}")
        if not result.consistent:
            raise SystemExit(1)
        self.stdout.write(f"种子 {result.seed}，抽中 {result.drawn} 户")
