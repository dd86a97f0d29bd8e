"""English through Django i18n: Chinese unless the user picked English with the switcher (the language cookie)."""
import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.cases.factories import make_item

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"


def _get(client, url, lang=None, **params):
    if lang:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _h1(html):
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1).strip()


@pytest.fixture
def guide_url(org):
    version = make_item(org.market, name="食品经营许可")
    return reverse("catalog:item", args=[version.item_id])


# (url name or fixture, English that must show, Chinese it replaces)
PAGES = {
    "home": ("One-stop government services", "一网通办 · 政务服务平台", ["Service guides", "Working-day calendar", "Sign in"]),
    "catalog:index": ("Service guides", "办事指南", ["Search items", "Implementing department", "All departments"]),
    "workdays:index": ("Working-day calendar", "工作日历", ["Holidays and adjusted working days",
                                                      "Find the Nth working day", "statutory holidays"]),
    "ratings:public": ("Government service ratings, published", "政务服务“好差评”公开", ["From", "To", "Overall ("]),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_pages_are_chinese_by_default(client, name):
    english_h1, chinese_h1, labels = PAGES[name]
    html = _get(client, reverse(name))
    assert '<html lang="zh-CN">' in html
    assert _h1(html) == chinese_h1
    assert english_h1 not in html and "Sign in" not in html
    assert "登录" in html and "首页" in html


@pytest.mark.parametrize("name", list(PAGES))
def test_pages_speak_english_when_chosen(client, name):
    english_h1, chinese_h1, labels = PAGES[name]
    html = _get(client, reverse(name), lang="en")
    assert '<html lang="en">' in html
    assert _h1(html) == english_h1
    for label in labels:
        assert label in html, label
    assert chinese_h1 not in html
    assert ">Home<" in html and "Skip to content" in html  # the layout too


def test_item_guide_headings_follow_the_language(client, guide_url):
    zh = _get(client, guide_url)
    assert '<html lang="zh-CN">' in zh and "<h2>申请材料</h2>" in zh and "下载PDF办事指南" in zh
    en = _get(client, guide_url, lang="en")
    assert '<html lang="en">' in en and "<h1>食品经营许可</h1>" in en  # the item's own name is data, not translated
    for heading in ("Basic information", "Acceptance conditions", "Materials", "Procedure", "Remedies", "Versions"):
        assert f"<h2>{heading}</h2>" in en, heading
    assert "Download the PDF service guide" in en and "Version 1" in en and "in force from March 2, 2026" in en
    assert "<h2>申请材料</h2>" not in en


def test_navigation_labels_and_model_choices_are_translated(client):
    html = _get(client, reverse("catalog:index"), lang="en")
    assert ">Service guides</a>" in html and ">Licence verification</a>" in html  # header links (navigation.py)
    assert ">Administrative licensing</option>" in html  # ItemType choices (catalog/models.py)
    assert ">行政许可</option>" in _get(client, reverse("catalog:index"), lang="zh-hans")


def test_calendar_in_english_keeps_its_structure(client):
    html = _get(client, reverse("workdays:index"), lang="en", year=2026)
    assert 'aria-label="2026-10"' in html and html.count('<table class="month"') == 12
    assert "<caption>Month 10</caption>" in html and '<th scope="col">Mo</th>' in html
    assert "248 working days in the year" in html
    assert 'title="2026-10-01 国庆节 (holiday)"' in html  # holiday names come from the State Council notice


def test_switcher_sets_the_cookie_and_unknown_languages_fall_back_to_chinese(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/catalog/"})
    assert response.status_code == 302 and response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert _h1(_get(client, reverse("catalog:index"))) == "Service guides"
    assert _h1(_get(client, reverse("catalog:index"), lang="fr")) == "办事指南"


# --- the catalogue itself -------------------------------------------------------------------------------------

def _parse_po(text):
    """Entries of a .po file as dicts (msgctxt, msgid, msgid_plural, msgstr: {index: text}, flags); obsolete
    (#~) entries are skipped. Small on purpose: polib is not a dependency."""
    entries, entry, field = [], None, None

    def close():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for line in text.splitlines() + [""]:
        if not line.strip():
            close()
            entry, field = None, None
            continue
        if line.startswith("#~"):
            continue
        entry = entry if entry is not None else {"msgstr": {}, "flags": []}
        if line.startswith("#,"):
            entry["flags"] += [f.strip() for f in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += value
            else:
                entry[field[0]] += value
        else:
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$', line)
            assert match, f"unparsable line: {line!r}"
            key, index, value = match.group(1), int(match.group(2) or 0), ast.literal_eval(match.group(3))
            if key == "msgstr":
                entry["msgstr"][index] = value
                field = ("msgstr", index)
            else:
                entry[key] = value
                field = (key, None)
    return entries


def test_every_message_has_an_english_translation():
    entries = _parse_po((LOCALE / "django.po").read_text(encoding="utf-8"))
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == "" and "Language: en" in header["msgstr"][0]
    assert len(messages) > 500
    empty = [e["msgid"] for e in messages if not all(s.strip() for s in e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    assert not empty, f"untranslated: {empty[:10]}"
    assert not fuzzy, f"fuzzy (ignored by compilemessages): {fuzzy[:10]}"
    for e in messages:
        if "msgid_plural" in e:
            assert set(e["msgstr"]) == {0, 1}, e["msgid"]
        # every placeholder of the Chinese is used by the English, and no new one appears
        source = set(re.findall(r"%\(\w+\)s", e["msgid"]))
        for text in e["msgstr"].values():
            assert set(re.findall(r"%\(\w+\)s", text)) == source, e["msgid"]


def test_po_parser_reads_contexts_plurals_and_continuation_lines():
    entries = _parse_po('msgid ""\nmsgstr ""\n"Language: en\\n"\n\n#, fuzzy\nmsgctxt "c"\nmsgid "一"\n"二"\n'
                        'msgid_plural "多"\nmsgstr[0] "one"\nmsgstr[1] ""\n\n#~ msgid "旧"\n#~ msgstr ""\n')
    assert len(entries) == 2
    assert entries[0]["msgstr"] == {0: "Language: en\n"}
    assert entries[1] == {"msgctxt": "c", "msgid": "一二", "msgid_plural": "多", "msgstr": {0: "one", 1: ""},
                          "flags": ["fuzzy"]}


def test_compiled_catalogue_matches_the_po():
    """A checkout without gettext uses the committed .mo: it must say what the .po says."""
    with open(LOCALE / "django.mo", "rb") as f:
        mo = gettext.GNUTranslations(f)
    for e in _parse_po((LOCALE / "django.po").read_text(encoding="utf-8"))[1:]:
        msgid = f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
        if "msgid_plural" in e:
            got = [mo.ngettext(msgid, e["msgid_plural"], n) for n in (1, 2)]
            assert got == [e["msgstr"][0], e["msgstr"][1]], f"stale django.mo ({e['msgid']}): run compilemessages"
        else:
            assert mo.gettext(msgid) == e["msgstr"][0], f"stale django.mo ({e['msgid']}): run compilemessages"


def test_catalogue_import_pages_speak_english_when_chosen(client, org):
    """The administrator's import, its checked report and the 待完善 list (issue 9 pages) in English; the data
    (sheet names, problems by row in Chinese) stays as it is."""
    import io

    from yiwang.catalog.importing import jobs, synth
    from yiwang.org.models import Region

    Region.objects.create(code=synth.AREA, name="广安区", level=Region.Level.DISTRICT)
    client.force_login(org.sysadmin)
    html = _get(client, reverse("catalog:import"), lang="en")
    assert _h1(html) == "Catalogue import"
    for label in ("Download the import template", "Export the current catalogue", "Upload and check", "File format",
                  "Required", "Also create the departments the catalogue names"):
        assert label in html, label
    assert "下载导入模板" not in html and "上传并检查" not in html
    items, _ = synth.rows(shapes=[("standard", 3)])
    job = jobs.start(fileobj=io.BytesIO(synth.workbook(items)), filename="广安区.xlsx", actor=org.sysadmin,
                     inline=True, create_departments=True)
    jobs.check(job.pk)
    html = _get(client, reverse("catalog:import_job", args=[job.pk]), lang="en")
    for label in ("To create", "Unchanged", "Warning"):
        assert label in html, label
    assert "将新增" not in html and "保持不变" not in html
    html = _get(client, reverse("catalog:pending"), lang="en")
    assert _h1(html) == "Items to complete" and "Back to the import" in html and "返回导入" not in html


def test_the_supervision_board_and_the_password_reset_speak_english_when_chosen(client, org):
    """Issue 18's pages: the board's cards, chart and empty state, and the site's own password-reset pages."""
    client.force_login(org.supervisor)
    html = _get(client, reverse("supervision:board"), lang="en")
    for label in ("Red warnings", "Cases past a deadline", "Cases near a deadline", "Warnings by department",
                  "No data", "Demand warnings", "Red cards for overdue replies: 0"):
        assert label in html, label
    for chinese in ("办件已逾期", "暂无数据", "预警分布", "诉求预警"):
        assert chinese not in html, chinese
    assert "No data" in _get(client, reverse("supervision:dashboard"), lang="en", start="2025-11-01",
                             end="2025-11-30")
    client.logout()
    html = _get(client, reverse("password_reset"), lang="en")
    assert _h1(html) == "Forgotten password" and "Send the reset link" in html and "Back to sign in" in html
    assert "找回密码" not in html and "发送重设链接" not in html
