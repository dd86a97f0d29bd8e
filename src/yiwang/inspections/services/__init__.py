"""Inspections services: the only place inspection data changes (each in a transaction, each audited)."""
from .directories import add_object, declare_conflict, end_conflict, save_inspector, save_item
from .draws import announce_task, create_plan, create_task, draw_task, notice_text, recuse, schedule_visit
from .results import (decide_violation, enter_result, publish, record_recheck, record_violation, save_benchmark,
                      save_leniency_entry)

__all__ = [
    "add_object", "declare_conflict", "end_conflict", "save_inspector", "save_item", "announce_task", "create_plan",
    "create_task", "draw_task", "notice_text", "recuse", "schedule_visit", "decide_violation", "enter_result",
    "publish", "record_recheck", "record_violation", "save_benchmark", "save_leniency_entry",
]
