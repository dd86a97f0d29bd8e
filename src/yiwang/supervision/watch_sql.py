"""The deadline watch computed in SQL: the same findings as `watch.evaluate` (kind, level, due date, working days
left, detail, who answers), computed by the database over every candidate case at once instead of case by case in
Python — what the hourly sync uses (services.sync_warnings); `watch.evaluate` stays the reference (the property test
in tests/supervision/test_watch_sql.py compares the two on generated cases) and serves the board's small live pass.

How: the working-day calendar is loaded into a temporary table `_yw_wd(d, idx, w)` where `idx` is the number of
working days from the calendar's first day up to and including d, and `_yw_wk(k, d)` the k-th working day. Then
- working days in (a, b] = idx(b) − idx(a), and "working days left" before a due date D at `today` (watch.days_left,
  negative once past) is idx(D) − idx(today) in every case;
- the n-th working day after d (n > 0) is wk[idx(d) + n]; before d (n < 0) wk[idx(d) − w(d) + n + 1];
- the deadline ledger (cases.domain.ledger) over the suspensions with window functions: the days used are the
  working days since acceptance less those inside suspensions; the deadline walks the suspensions in order (a
  suspension reached before the limit pushes it back; an open one leaves no deadline).
The yellow threshold for each limit (domain.levels.warn_threshold) and the per-step limits (step_limits) come from
small tables filled from the Python functions themselves, so the rounding is theirs. Works on PostgreSQL and SQLite.
"""
from __future__ import annotations

from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import QuerySet

from yiwang.cases import conf as cases_conf
from yiwang.cases.domain import lifecycle as lc
from yiwang.cases.models import Case, CaseEvent, CaseMaterial, PostCheck, Suspension
from yiwang.cases.models_law import Hearing
from yiwang.cases.services import hearings as hearing_rules
from yiwang.org.models import Role

from . import conf
from .domain.levels import Level, step_limits, warn_threshold
from .models import WarningKind
from .watch import AWAITING_DELIVERY, NO_POST_CHECK_STATES, OPEN_HEARINGS, Finding, _People, calendar

T_CASE, T_SUSP, T_EVENT = Case._meta.db_table, Suspension._meta.db_table, CaseEvent._meta.db_table
T_MAT, T_PC, T_HEAR = CaseMaterial._meta.db_table, PostCheck._meta.db_table, Hearing._meta.db_table


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _greatest(*xs) -> str:
    return f"{'GREATEST' if _pg() else 'MAX'}({', '.join(xs)})"


def _least(*xs) -> str:
    return f"{'LEAST' if _pg() else 'MIN'}({', '.join(xs)})"


def _idx(expr: str) -> str:
    return f"(SELECT idx FROM _yw_wd WHERE d = {expr})"


def _add(d: str, n: str) -> str:
    """The n-th working day after d (n may be 0 or negative), as the calendar core counts it."""
    return (f"(CASE WHEN ({n}) = 0 THEN {d} WHEN ({n}) > 0 THEN (SELECT d FROM _yw_wk WHERE k = {_idx(d)} + ({n})) "
            f"ELSE (SELECT d FROM _yw_wk WHERE k = (SELECT idx - w FROM _yw_wd WHERE d = {d}) + ({n}) + 1) END)")


def _between(a: str, b: str) -> str:
    return _greatest("0", f"{_idx(b)} - {_idx(a)}")


def _in(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"  # constants of the lifecycle, never user input


def _day(v):
    return v if isinstance(v, date) or v is None else date.fromisoformat(str(v)[:10])


def _dval(d: date):
    return d if _pg() else d.isoformat()


# ---- the helper tables ------------------------------------------------------------------------------------------------
def _load_tables(cur, cal, max_limit: int) -> None:
    wd, ws = conf.warn_days(), conf.warn_share()
    for t in ("_yw_wd", "_yw_wk", "_yw_thr", "_yw_step"):
        cur.execute(f"DROP TABLE IF EXISTS {t}")
    cur.execute("CREATE TEMP TABLE _yw_wd (d date PRIMARY KEY, idx integer NOT NULL, w integer NOT NULL)")
    cur.execute("CREATE TEMP TABLE _yw_wk (k integer PRIMARY KEY, d date NOT NULL)")
    cur.execute("CREATE TEMP TABLE _yw_thr (lim integer PRIMARY KEY, thr integer NOT NULL)")
    cur.execute("CREATE TEMP TABLE _yw_step (tier varchar(12), total integer, n integer, pos integer, "
                "lim integer, PRIMARY KEY (tier, total, pos))")
    days, idxs, ws_, wk = [], [], [], []
    d, i = cal.first, 0
    while d <= cal.last:
        w = 1 if cal.is_working_day(d) else 0
        i += w
        days.append(_dval(d))
        idxs.append(i)
        ws_.append(w)
        if w:
            wk.append((i, _dval(d)))
        d += timedelta(days=1)
    limits = range(0, max_limit + 1)
    thr = [(lim, warn_threshold(lim, warn_days=wd, warn_share=ws)) for lim in limits]
    steps = []
    for tier, shares in conf.step_shares().items():
        if len(shares or ()) > 1:
            for total in limits:
                for pos, lim in enumerate(step_limits(total, tuple(shares))):
                    steps.append((tier, total, len(shares), pos, lim))
    if _pg():
        cur.execute("INSERT INTO _yw_wd SELECT * FROM unnest(%s::date[], %s::int[], %s::int[])", [days, idxs, ws_])
        cur.execute("INSERT INTO _yw_wk SELECT * FROM unnest(%s::int[], %s::date[])",
                    [[k for k, _d in wk], [d for _k, d in wk]])
        cur.execute("INSERT INTO _yw_thr SELECT * FROM unnest(%s::int[], %s::int[])",
                    [[a for a, _b in thr], [b for _a, b in thr]])
        cur.execute("INSERT INTO _yw_step SELECT * FROM unnest(%s::varchar[], %s::int[], %s::int[], %s::int[], "
                    "%s::int[])", [list(col) for col in zip(*steps)] if steps else [[], [], [], [], []])
        for t in ("_yw_wd", "_yw_wk", "_yw_thr", "_yw_step"):
            cur.execute(f"ANALYZE {t}")
    else:
        cur.executemany("INSERT INTO _yw_wd VALUES (%s, %s, %s)", list(zip(days, idxs, ws_)))
        cur.executemany("INSERT INTO _yw_wk VALUES (%s, %s)", wk)
        cur.executemany("INSERT INTO _yw_thr VALUES (%s, %s)", thr)
        cur.executemany("INSERT INTO _yw_step VALUES (%s, %s, %s, %s, %s)", steps)


LEVEL_SQL = ("CASE WHEN q.rem < 0 THEN 'red' WHEN q.rem <= (SELECT thr FROM _yw_thr WHERE lim = q.lim) "
             "THEN 'yellow' END")


def _graded(inner: str) -> str:
    """Wrap a query giving (case_id, …, due, rem, lim) with the level; keep only yellow and red."""
    return f"SELECT * FROM (SELECT q.*, {LEVEL_SQL} AS level FROM ({inner}) q) g WHERE g.level IS NOT NULL"


# ---- the queries ------------------------------------------------------------------------------------------------------
def _ledger_sql(sub: str) -> str:
    """Per clock-running case: total limit, days used today and at the current step's start, the deadline, whether
    suspended, the step's start. Columns: id, total, used_today, used_started, deadline, suspended, started."""
    running = _in(s.value for s in lc.CLOCK_RUNNING)
    fb = _in([lc.Action.FORWARD.value, lc.Action.SEND_BACK.value])
    last_move = (f"(SELECT e.{connection.ops.quote_name('on')} FROM {T_EVENT} e WHERE e.case_id = c.id "
                 f"AND e.action IN {fb} ORDER BY e.at DESC, e.id DESC LIMIT 1)")
    at_today = f"(CASE WHEN c.stopped_on IS NOT NULL AND c.stopped_on < %(today)s THEN c.stopped_on ELSE %(today)s END)"
    return f"""
    WITH base AS (
      SELECT c.id, c.accepted_on AS st, COALESCE(c.limit_days, 0) + c.extension_days AS total,
             {at_today} AS at_t,
             CASE WHEN c.state = '{lc.State.UNDER_REVIEW.value}' THEN
               COALESCE({_greatest(last_move, 'c.accepted_on')}, c.accepted_on) END AS started,
             c.stopped_on
      FROM {T_CASE} c WHERE c.state IN {running} AND c.accepted_on IS NOT NULL AND c.id IN ({sub})
    ), b2 AS (
      SELECT base.*, CASE WHEN base.started IS NULL THEN NULL WHEN base.stopped_on IS NOT NULL
             AND base.stopped_on < base.started THEN base.stopped_on ELSE base.started END AS at_s FROM base
    ), s1 AS (
      SELECT s.case_id, s.id, s.started_on, s.resumed_on, b2.st, b2.total, b2.at_t, b2.at_s,
        ROW_NUMBER() OVER w AS rn, COUNT(*) OVER (PARTITION BY s.case_id) AS cnt,
        MAX(s.resumed_on) OVER wp AS prev_res,
        COALESCE(SUM(CASE WHEN s.resumed_on IS NULL THEN 1 ELSE 0 END) OVER wp, 0) AS prev_open
      FROM {T_SUSP} s JOIN b2 ON b2.id = s.case_id
      WINDOW w AS (PARTITION BY s.case_id ORDER BY s.started_on, s.id),
             wp AS (PARTITION BY s.case_id ORDER BY s.started_on, s.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
    ), s2 AS (
      SELECT s1.*, CASE WHEN s1.prev_res IS NULL THEN s1.st ELSE {_greatest('s1.st', 's1.prev_res')} END AS cur
      FROM s1
    ), s3 AS (
      SELECT s2.*, {_between('s2.cur', 's2.started_on')} AS bef FROM s2
    ), s4 AS (
      SELECT s3.*, s3.total - COALESCE(SUM(s3.bef) OVER (PARTITION BY s3.case_id ORDER BY s3.started_on, s3.id
                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS rem_i,
        {_between(_greatest('s3.started_on', 's3.st'),
                  _least('COALESCE(s3.resumed_on, s3.at_t)', 's3.at_t'))} AS cut_t,
        CASE WHEN s3.at_s IS NULL THEN 0 ELSE {_between(_greatest('s3.started_on', 's3.st'),
                  _least('COALESCE(s3.resumed_on, s3.at_s)', 's3.at_s'))} END AS cut_s
      FROM s3
    ), agg AS (
      SELECT case_id, SUM(cut_t) AS cut_t, SUM(cut_s) AS cut_s, SUM(bef) AS sum_bef, MAX(resumed_on) AS max_res,
        SUM(CASE WHEN resumed_on IS NULL THEN 1 ELSE 0 END) AS n_open,
        MAX(CASE WHEN rn = cnt AND resumed_on IS NULL THEN 1 ELSE 0 END) AS suspended,
        MIN(CASE WHEN rem_i <= bef AND prev_open = 0 THEN rn END) AS hit_rn
      FROM s4 GROUP BY case_id
    )
    SELECT b2.id, b2.total,
      {_between('b2.st', 'b2.at_t')} - COALESCE(agg.cut_t, 0) AS used_today,
      CASE WHEN b2.at_s IS NULL THEN NULL ELSE {_between('b2.st', 'b2.at_s')} - COALESCE(agg.cut_s, 0) END
        AS used_started,
      CASE WHEN agg.hit_rn IS NOT NULL THEN
             (SELECT {_add('h.cur', 'h.rem_i')} FROM s4 h WHERE h.case_id = b2.id AND h.rn = agg.hit_rn)
           WHEN COALESCE(agg.n_open, 0) > 0 THEN NULL
           ELSE {_add("CASE WHEN agg.max_res IS NULL THEN b2.st ELSE " + _greatest('b2.st', 'agg.max_res') + " END",
                      'b2.total - COALESCE(agg.sum_bef, 0)')} END AS deadline,
      COALESCE(agg.suspended, 0) AS suspended, b2.started
    FROM b2 LEFT JOIN agg ON agg.case_id = b2.id
    """


def _case_limit_sql(sub: str) -> str:
    return _graded(f"""
      SELECT l.id AS case_id, l.deadline AS due, l.total - l.used_today AS rem, l.total AS lim, l.total,
             l.suspended FROM ({_ledger_sql(sub)}) l""")


def _step_limit_sql(sub: str) -> str:
    return _graded(f"""
      SELECT l.id AS case_id, {_add('l.started', 'st.lim')} AS due,
             st.lim - (l.used_today - l.used_started) AS rem, st.lim AS lim, l.started, st.pos
      FROM ({_ledger_sql(sub)}) l JOIN {T_CASE} c ON c.id = l.id
      JOIN _yw_step st ON st.tier = c.tier AND st.total = l.total
       AND st.pos = CASE WHEN c.step_index < st.n THEN c.step_index ELSE st.n - 1 END
      WHERE c.state = '{lc.State.UNDER_REVIEW.value}'""")


def _art32_sql(sub: str) -> tuple[str, str]:
    """(cases received and not yet handled, graded; cases deemed accepted and still open: always red)."""
    opened = _in(s.value for s in lc.OPEN)
    due = _add("c.pending_since", "%(check)s")
    received = lc.State.RECEIVED.value
    return (_graded(f"""
      SELECT c.id AS case_id, {due} AS due, {_idx(due)} - %(ti)s AS rem, %(check)s AS lim
      FROM {T_CASE} c WHERE c.id IN ({sub}) AND c.state = '{received}'"""),
            f"""SELECT c.id AS case_id, {due} AS due, NULL AS rem, 'red' AS level
      FROM {T_CASE} c WHERE c.id IN ({sub}) AND c.deemed_accepted AND c.state IN {opened}
        AND c.state <> '{received}'""")


def _simple_sql(sub: str) -> dict[str, str]:
    running = _in(s.value for s in lc.CLOCK_RUNNING)
    deferred = CaseMaterial.Status.DEFERRED.value
    return {
        WarningKind.DEFERRAL: _graded(f"""
          SELECT c.id AS case_id, c.deferral_due AS due, {_idx('c.deferral_due')} - %(ti)s AS rem, 0 AS lim
          FROM {T_CASE} c WHERE c.id IN ({sub}) AND c.state IN {running} AND c.accepted_on IS NOT NULL
            AND c.deferral_due IS NOT NULL
            AND EXISTS (SELECT 1 FROM {T_MAT} m WHERE m.case_id = c.id AND m.status = '{deferred}')"""),
        WarningKind.DELIVERY: _graded(f"""
          SELECT c.id AS case_id, c.delivery_due AS due, {_idx('c.delivery_due')} - %(ti)s AS rem,
                 %(delivery)s AS lim
          FROM {T_CASE} c WHERE c.id IN ({sub}) AND c.state IN {_in(AWAITING_DELIVERY)}
            AND c.delivered_on IS NULL AND c.delivery_due IS NOT NULL"""),
        WarningKind.POST_CHECK: _graded(f"""
          SELECT c.id AS case_id, pc.due_on AS due, {_idx('pc.due_on')} - %(ti)s AS rem, 0 AS lim
          FROM {T_CASE} c JOIN {T_PC} pc ON pc.case_id = c.id
          WHERE c.id IN ({sub}) AND pc.status = '{PostCheck.Status.PENDING.value}'
            AND c.state NOT IN {_in(NO_POST_CHECK_STATES)}"""),
    }


def _hearing_sql(sub: str) -> str:
    requested = Hearing.Status.REQUESTED.value
    due = (f"CASE WHEN h.status = '{requested}' THEN {_add('h.hold_by', '-%(notice)s')} ELSE h.hold_by END")
    return _graded(f"""
      SELECT h.case_id, h.id AS hearing_id, h.status, h.requested_on, h.hold_by, h.notified_by_id,
             h.notified_on, {due} AS due, {_idx(due)} - %(ti)s AS rem, %(hold)s AS lim
      FROM {T_HEAR} h WHERE h.case_id IN ({sub}) AND h.status IN {_in(OPEN_HEARINGS)} AND h.hold_by IS NOT NULL
    """) + " ORDER BY g.case_id, g.notified_on, g.hearing_id"


# ---- evaluation -------------------------------------------------------------------------------------------------------
def _rows(cur, sql: str, params: dict) -> list[dict]:
    cur.execute(sql, params)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def raw_findings(qs: QuerySet[Case], today: date) -> list[dict]:
    """The findings as plain rows {case_id, kind, level, due_on, remaining, …detail inputs}, every case of `qs` at
    once; a case raising the same kind twice (two open hearings) keeps the last, as watch.evaluate does."""
    cal = calendar()
    sub, sub_params = qs.order_by().values("pk").query.sql_with_params()
    if sub_params:  # the subquery is inlined once per query: its parameters are bound by name
        names = {f"p{i}": p for i, p in enumerate(sub_params)}
        sub = sub % tuple(f"%({n})s" for n in names)
    else:
        names = {}
    check_days, notice = cases_conf.completeness_check_days(), hearing_rules.notice_days()
    params = {"today": _dval(today), "ti": cal.working_days_between(cal.first, today) + (
        1 if cal.is_working_day(cal.first) else 0), "check": check_days, "delivery": cases_conf.delivery_days(),
        "notice": notice, "hold": hearing_rules.hold_days(), **names}
    out: list[dict] = []
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"SELECT MAX(COALESCE(limit_days, 0) + extension_days) FROM {T_CASE}")
        top = cur.fetchone()[0] or 0
        _load_tables(cur, cal, max(int(top), check_days, cases_conf.delivery_days(), hearing_rules.hold_days()))
        received, deemed = _art32_sql(sub)
        out.extend({**r, "kind": WarningKind.ART32, "deemed": False} for r in _rows(cur, received, params))
        out.extend({**r, "kind": WarningKind.ART32, "deemed": True} for r in _rows(cur, deemed, params))
        for r in _rows(cur, _case_limit_sql(sub), params):
            out.append({**r, "kind": WarningKind.CASE_LIMIT})
        for r in _rows(cur, _step_limit_sql(sub), params):
            out.append({**r, "kind": WarningKind.STEP_LIMIT})
        for kind, sql in _simple_sql(sub).items():
            out.extend({**r, "kind": kind} for r in _rows(cur, sql, params))
        hearings: dict[int, dict] = {}
        for r in _rows(cur, _hearing_sql(sub), params):
            hearings[r["case_id"]] = {**r, "kind": WarningKind.HEARING}  # the last wins
        out.extend(hearings.values())
        for t in ("_yw_wd", "_yw_wk", "_yw_thr", "_yw_step"):
            cur.execute(f"DROP TABLE IF EXISTS {t}")
    for r in out:
        r["due_on"], r["remaining"] = _day(r.get("due")), r.get("rem")
        for k in ("started", "requested_on", "hold_by"):
            if k in r:
                r[k] = _day(r[k])
    return out


def evaluate(qs: QuerySet[Case], today: date, rows: list[dict] | None = None) -> list[Finding]:
    """watch.evaluate's findings from the SQL computation (or from `rows` of raw_findings already computed)."""
    rows = raw_findings(qs, today) if rows is None else rows
    if not rows:
        return []
    ids = {r["case_id"] for r in rows}
    cases = Case.objects.select_related("department").in_bulk(ids)
    deferred: dict[int, list[str]] = {}
    for case_id, name in (CaseMaterial.objects.filter(case_id__in={r["case_id"] for r in rows
                                                                    if r["kind"] == WarningKind.DEFERRAL},
                                                       status=CaseMaterial.Status.DEFERRED)
                          .order_by("case_id", "material__order", "material_id")
                          .values_list("case_id", "material__name")):
        deferred.setdefault(case_id, []).append(name)
    people = _People()
    check_days, notice = cases_conf.completeness_check_days(), hearing_rules.notice_days()
    out = []
    for r in rows:
        case, kind = cases[r["case_id"]], r["kind"]
        level = Level(r["level"])
        if kind == WarningKind.ART32:
            if r["deemed"]:
                detail = "收件后逾期未处理，已依第三十二条视为受理"
            else:
                detail = f"收件后{check_days}个工作日内应受理、不予受理或一次性告知补正"
            who = people.hall(case)
        elif kind == WarningKind.CASE_LIMIT:
            detail = f"承诺时限{r['total']}个工作日" + ("（特别程序中，计时暂停）" if r["suspended"] else "")
            who = people.step(case)
        elif kind == WarningKind.STEP_LIMIT:
            step = lc.steps_of(case.tier)[r["pos"]]
            detail = f"“{lc.STEP_LABELS[step]}”环节时限{r['lim']}个工作日（{r['started']:%m月%d日}起）"
            who = people.step(case)
        elif kind == WarningKind.DEFERRAL:
            detail = "容缺材料待补交：" + "、".join(deferred.get(case.pk, []))[:200]
            who = people.hall(case)
        elif kind == WarningKind.DELIVERY:
            detail = f"决定后{cases_conf.delivery_days()}个工作日内出件"
            who = people.hall(case)
        elif kind == WarningKind.HEARING:
            if r["status"] == Hearing.Status.REQUESTED:
                detail = (f"已于{r['requested_on']:%m月%d日}申请听证，须提前{notice}个工作日通知当事人，"
                          f"于{r['hold_by']:%m月%d日}前举行")
            else:
                detail = f"听证须于{r['hold_by']:%m月%d日}前举行并制作笔录"
            who = ([r["notified_by_id"]], people.heads_over(case, Role.REVIEWER))
        else:  # post-check
            detail = "告知承诺事后核查"
            who = (people.dept(case, Role.REVIEWER), people.heads_over(case, Role.REVIEWER))
        out.append(Finding(case, kind, level, r["due_on"], r["remaining"], detail, list(who[0]), list(who[1])))
    return out
