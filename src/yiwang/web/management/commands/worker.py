"""`yiwang worker`: the background worker (the huey consumer). It first queues one run of every periodic task —
each is idempotent and a missed run loses nothing, so a worker that was down catches up at once and the supervision
board shows a fresh run within a minute of start — then consumes the queue until stopped (Ctrl-C or SIGTERM)."""
from django.core.management import call_command
from django.core.management.base import BaseCommand
from huey.contrib.djhuey import HUEY


def queue_periodic_once() -> list[str]:
    """Queue one run of every registered periodic task now; their names, in registration order."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("tasks")
    names = []
    for task in HUEY._registry.periodic_tasks:
        HUEY.enqueue(task)
        names.append(task.name)
    return names


class Command(BaseCommand):
    help = "后台任务进程（huey）：启动时先补跑一次全部定时任务，然后持续处理消息发送、视为受理、预警等后台任务。"

    def add_arguments(self, parser):
        parser.add_argument("--no-catch-up", action="store_true", help="启动时不补跑定时任务")
        parser.add_argument("--workers", "-w", type=int, help="工作线程数（默认取 HUEY 设置）")

    def handle(self, *args, **options):
        if not options["no_catch_up"]:
            names = queue_periodic_once()
            self.stdout.write(f"后台任务：已排队补跑 {len(names)} 个定时任务。")
        extra = {"workers": options["workers"]} if options.get("workers") else {}
        call_command("run_huey", **extra)
