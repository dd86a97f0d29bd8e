"""The 好差评 data exchange: ratings and their rectifications in the data items GB/T 39735-2020 (政务服务评价工作指南)
and GB/T 39734-2020 (一次一评、一事一评工作规范) name — the evaluated service (事项, 办件, 实施机构, 区划), the channel
(现场: 评价器、自助终端、窗口代录; 网上: PC 端、移动端、短信、热线), the grade of five, the content (标签 and text), the time, the
rater's kind; and for a 差评 the handling chain (核实, 整改, 回访, 反馈, 申诉, 复核). docs/ratings-exchange.md maps
each column to its item. A province's interface may name the same items differently: the column codes are ours,
the item each carries is the standard's.

Personal data leaves masked (the rater's name; no ID number, no phone): the national system counts and follows
up through the handling unit, not the rater's identity."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Callable
from zoneinfo import ZoneInfo

from yiwang.org.masking import mask_name

from .domain.grades import GRADE_LABELS
from .domain.occasions import SERVICE_LABELS
from .models import Rating, RatingChannel, Rectification

# The channel of each of our recorded channels, by GB/T 39734-2020 §6: 现场 (6.1) or 网上 (6.2), and its kind.
CHANNEL_PLACE = {
    RatingChannel.WINDOW_PAD: ("现场", "窗口评价器"),
    RatingChannel.TERMINAL: ("现场", "自助终端"),
    RatingChannel.WINDOW: ("现场", "窗口（工作人员代录）"),
    RatingChannel.PORTAL: ("网上", "PC端（网上办事大厅）"),
    RatingChannel.APP: ("网上", "移动端"),
    RatingChannel.SMS: ("网上", "短信"),
    RatingChannel.HOTLINE: ("网上", "政务服务热线"),
    RatingChannel.SYSTEM: ("—", "逾期默认评价"),
}
_BJ = ZoneInfo("Asia/Shanghai")
RATER_KIND = {"natural": "自然人", "legal": "法人或其他组织"}


@dataclass(frozen=True)
class Column:
    code: str
    label: str          # the data item, as the standard names it
    meaning: str        # what the platform puts in it
    value: Callable


def _d(value) -> str:
    return value.isoformat() if value else ""


RATING_COLUMNS = [
    Column("appraise_id", "评价编号", "本平台评价记录的唯一编号", lambda r: f"PJ{r.pk:010d}"),
    Column("case_number", "办件编号", "被评价办件的办件编号（受理前撤回的为空）", lambda r: r.case.number or ""),
    Column("item_code", "事项编码", "政务服务事项编码，按国家目录原样", lambda r: r.item.code),
    Column("item_name", "事项名称", "政务服务事项名称", lambda r: r.case.item_version.name),
    Column("department_code", "实施机构编码", "实施机构的统一社会信用代码（缺失时为本平台部门代码）",
           lambda r: r.department.uscc or r.department.code),
    Column("department_name", "实施机构名称", "办理部门名称（谁办理、谁负责）", lambda r: r.department.name),
    Column("area_code", "行政区划代码", "实施机构所属区划的12位代码", lambda r: r.department.region.code),
    Column("service", "评价对象", "受理服务、出件服务（现场一次一评）或办件（网上一事一评）",
           lambda r: SERVICE_LABELS[r.service]),
    Column("service_date", "服务日期", "被评价服务发生的日期", lambda r: _d(r.service_on)),
    Column("channel_place", "评价渠道类别", "现场或网上（GB/T 39734 第6章）", lambda r: CHANNEL_PLACE[r.channel][0]),
    Column("channel", "评价渠道", "评价器、自助终端、窗口代录、PC端、移动端、短信、热线或默认评价",
           lambda r: CHANNEL_PLACE[r.channel][1]),
    Column("grade", "评价等级", "5 非常满意、4 满意、3 基本满意、2 不满意、1 非常不满意", lambda r: str(r.grade)),
    Column("grade_label", "评价等级名称", "评价等级的文字", lambda r: GRADE_LABELS[r.grade]),
    Column("negative", "是否差评", "按本地差评口径（默认不满意、非常不满意）", lambda r: "是" if r.negative else "否"),
    Column("tags", "评价标签", "评价人勾选的标签，以“；”分隔", lambda r: "；".join(r.tags or [])),
    Column("comment", "文字评价", "评价人填写的意见", lambda r: r.comment),
    Column("rated_at", "评价时间", "评价提交时间（北京时间）",
           lambda r: r.created_at.astimezone(_BJ).strftime("%Y-%m-%d %H:%M:%S")),
    Column("rater_kind", "评价人类型", "自然人或法人或其他组织", lambda r: RATER_KIND.get(r.applicant.kind, "")),
    Column("rater_name", "评价人", "评价人姓名或名称（脱敏）", lambda r: mask_name(r.applicant.name)),
    Column("on_behalf", "是否代录", "工作人员依评价人口述代为录入（窗口或热线）", lambda r: "是" if r.on_behalf else "否"),
    Column("is_default", "是否默认评价", "逾期未评价按本地规则默认（不计入参评）", lambda r: "是" if r.is_default else "否"),
    Column("excluded", "是否剔除", "申诉经审核成立、不计入统计", lambda r: "是" if r.excluded else "否"),
]

RECT_COLUMNS = [
    Column("appraise_id", "评价编号", "对应的差评记录编号", lambda x: f"PJ{x.rating_id:010d}"),
    Column("rectification_id", "整改编号", "本平台整改记录的唯一编号", lambda x: f"ZG{x.pk:010d}"),
    Column("department_name", "责任单位", "负责整改的办理部门", lambda x: x.department.name),
    Column("status", "整改状态", "待回访、整改中、已答复、已撤回等", lambda x: x.get_status_display()),
    Column("opened_on", "差评生成日期", "差评转入整改的日期", lambda x: _d(x.opened_on)),
    Column("follow_up_due", "回访期限", "按工作日计（默认1个工作日）", lambda x: _d(x.follow_up_due)),
    Column("contacted_on", "回访日期", "责任单位联系评价人核实的日期", lambda x: _d(x.contacted_on)),
    Column("contact_method", "回访方式", "电话、短信、上门等", lambda x: x.contact_method),
    Column("verification", "核实情况", "差评事实的核实结果", lambda x: x.verification),
    Column("measures", "整改措施", "采取的整改措施", lambda x: x.measures),
    Column("reply_due", "整改反馈期限", "按工作日计（默认15个工作日）", lambda x: _d(x.reply_due)),
    Column("replied_on", "整改反馈日期", "向评价人反馈整改结果的日期", lambda x: _d(x.replied_on)),
    Column("reply", "反馈内容", "反馈给评价人的内容", lambda x: x.reply),
    Column("rater_grade", "整改满意度", "评价人对整改结果的评价等级（未评为空）",
           lambda x: str(x.rater_grade) if x.rater_grade else ""),
    Column("appeal", "申诉状态", "责任单位对差评的申诉及复核", lambda x: x.get_appeal_status_display()),
    Column("review_reason", "复核意见", "监察人员对申诉的审核意见", lambda x: x.review_reason),
]



def ratings_in(start: date, end: date, department_ids=None):
    qs = (Rating.objects.filter(rated_on__gte=start, rated_on__lte=end)
          .select_related("case__item_version", "item", "department__region", "applicant").order_by("id"))
    return qs if department_ids is None else qs.filter(department_id__in=list(department_ids))


def rectifications_in(start: date, end: date, department_ids=None):
    qs = (Rectification.objects.filter(rating__rated_on__gte=start, rating__rated_on__lte=end)
          .select_related("department").order_by("id"))
    return qs if department_ids is None else qs.filter(department_id__in=list(department_ids))


def rows(columns, objects):
    for obj in objects:
        yield [c.value(obj) for c in columns]


def as_json(start: date, end: date, department_ids=None) -> dict:
    """The exchange as one JSON object: the period, the column definitions, and both record sets."""
    def records(columns, objects):
        return [dict(zip([c.code for c in columns], row)) for row in rows(columns, objects)]
    return {
        "standard": "GB/T 39735-2020, GB/T 39734-2020",
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "columns": {"ratings": [{"code": c.code, "label": c.label, "meaning": c.meaning} for c in RATING_COLUMNS],
                    "rectifications": [{"code": c.code, "label": c.label, "meaning": c.meaning}
                                       for c in RECT_COLUMNS]},
        "ratings": records(RATING_COLUMNS, ratings_in(start, end, department_ids).iterator(chunk_size=1000)),
        "rectifications": records(RECT_COLUMNS, rectifications_in(start, end, department_ids)),
    }


def as_csv(columns, objects) -> str:
    """UTF-8 CSV with the standard's item names as the header row (with a BOM, so spreadsheet software opens
    the Chinese text)."""
    out = io.StringIO()
    out.write("\ufeff")
    w = csv.writer(out)
    w.writerow([c.label for c in columns])
    w.writerows(rows(columns, objects))
    return out.getvalue()


def as_xlsx(start: date, end: date, department_ids=None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, columns, objects in (("评价数据", RATING_COLUMNS, ratings_in(start, end, department_ids)),
                                    ("差评整改数据", RECT_COLUMNS, rectifications_in(start, end, department_ids))):
        ws = wb.create_sheet(title)
        ws.append([c.label for c in columns])
        for row in rows(columns, objects.iterator(chunk_size=1000)):
            ws.append(row)
    ws = wb.create_sheet("数据项说明")
    ws.append(["数据集", "字段代码", "数据项", "说明"])
    for name, columns in (("评价数据", RATING_COLUMNS), ("差评整改数据", RECT_COLUMNS)):
        for c in columns:
            ws.append([name, c.code, c.label, c.meaning])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
