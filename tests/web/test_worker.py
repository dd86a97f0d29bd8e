"""`yiwang worker` (started by scripts/start.sh beside the web server): it runs every periodic task once at start,
so the supervision board shows a fresh run within a minute instead of "尚未运行"."""
from huey.contrib.djhuey import HUEY

from yiwang.web.management.commands.worker import queue_periodic_once


def test_the_worker_catches_up_every_periodic_task_and_the_board_shows_the_run(org, client, monkeypatch, settings,
                                                                               tmp_path):
    from yiwang.jobs.models import NightlyRun
    from yiwang.supervision.models import RunState

    settings.MEDIA_ROOT = tmp_path / "media"  # the nightly orphan sweep runs too: never over a real media folder
    monkeypatch.setattr(HUEY, "immediate", True)  # run each queued task at once, in this process
    client.force_login(org.supervisor)
    assert "预警任务最近运行：尚未运行" in client.get("/supervision/").content.decode()
    names = queue_periodic_once()
    assert any(n.endswith("warnings_task") for n in names)
    assert any(n.endswith("nightly_tick") for n in names)  # every nightly task, through the run ledger
    assert any(n.endswith("retry_due") for n in names)
    assert RunState.objects.filter(name="warnings").exists()
    assert NightlyRun.objects.filter(task="cases.deemed_acceptance", status="done").exists()
    assert "预警任务最近运行：尚未运行" not in client.get("/supervision/").content.decode()

