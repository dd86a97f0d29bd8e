"""The plan reader (pure core): seed 004 read against a hand-checked list, and the forms other districts' plans use,
in Word documents and a 任务分工表 generated here."""
import io
import json
from pathlib import Path

import docx
import openpyxl
import pytest

from yiwang.reform.domain import reader, sources

DATA = Path(__file__).parent / "data"
PLAN = Path(reader.__file__).parents[1] / "data" / "jiading-2021-business-environment-plan.txt"


def _docx(paragraphs, table=None) -> bytes:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    if table:
        t = d.add_table(rows=0, cols=len(table[0]))
        for row in table:
            cells = t.add_row().cells
            for c, v in zip(cells, row):
                c.text = v
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_seed_004_reads_every_measure_with_its_units():
    expected = json.loads((DATA / "seed004_expected.json").read_text(encoding="utf-8"))
    r = reader.read_lines(PLAN.read_text(encoding="utf-8").splitlines())
    assert (r.title, r.doc_number, r.issued_on) == (expected["title"], expected["doc_number"], expected["issued_on"])
    got = [{"path": m["path"], "starts": m["text"][:14], "lead": m["lead"], "co": m["co"],
            **({"deadline": m["deadline"]} if m.get("deadline") else {})} for m in map(reader.Node.as_measure, r.measures)]
    assert len(got) == 172
    for g, e in zip(got, expected["measures"]):
        assert g == e
    assert got == expected["measures"]
    assert r.unassigned == [] and r.notes == []
    # the covering letter and the chapter introductions are not measures
    assert not any(m.text.startswith(("各镇人民政府", "为持续打造")) for m in r.measures)
    # the alias written in parentheses is kept with its unit
    first = r.measures[0].units
    assert first.lead.name == "区行政服务中心" and first.lead.aliases == ["区大数据中心"]
    # a section with no measures under it but its own units is itself a measure
    assert "二.(七)" in [m.path for m in r.measures]


def test_other_districts_forms_in_a_word_document():
    content = _docx([
        "江澄市明湖区人民政府办公室关于印发《江澄市明湖区2022年深化“放管服”改革工作要点》的通知",
        "江府办发〔2022〕15号",
        "各街道办事处，区政府各委、办、局：",
        "现将《江澄市明湖区2022年深化“放管服”改革工作要点》印发给你们，请认真贯彻执行。",
        "2022年3月8日",
        "江澄市明湖区2022年深化“放管服”改革工作要点",
        "一、指导思想",
        "以习近平新时代中国特色社会主义思想为指导，持续深化“放管服”改革。",
        "二、重点任务",
        "（一）深化行政审批制度改革。",
        "1．推行证明事项告知承诺制，编制并公布事项清单。（牵头单位：区司法局、区政务服务办；责任单位：区市场监管局）",
        "2．压缩工程建设项目审批时间，2022年10月底前实现全流程审批不超过60个工作日。〔责任部门：区住建局、区规划资源局〕",
        "3．开展“一业一证”改革试点。（区市场监管局、区政务服务办牵头，区政府有关部门按职责分工负责）",
        "（二）提升政务服务效能（牵头单位：区政务服务办；配合单位：各街道（功能区））",
        "1．推进“一件事一次办”。",
        "2．推行“好差评”制度，差评整改率达100%（责任单位：区政务服务办、区司法局等有关部门，6月底完成）",
        "3．推进跨区域通办。（责任单位：市行政审批局、住建局）",
        "（三）優化營商環境",
        "1．落實公平競爭審查制度。（牽頭單位：區市場監管局；配合單位：區發改委）",
        "三、保障措施",
        "（一）加强组织领导。各部门要高度重视，切实抓好落实。",
        "（二）强化督查考核。将改革任务落实情况纳入年度绩效考核。",
    ])
    r = sources.read_document("要点.docx", content)
    assert r.doc_number == "江府办发〔2022〕15号" and r.issued_on == "2022-03-08"
    assert r.title == "江澄市明湖区2022年深化“放管服”改革工作要点"
    m = {x["path"]: x for x in map(reader.Node.as_measure, r.measures)}
    assert list(m) == ["二.(一).1", "二.(一).2", "二.(一).3", "二.(二).1", "二.(二).2", "二.(二).3", "二.(三).1"]
    assert (m["二.(一).1"]["lead"], m["二.(一).1"]["co"]) == ("区司法局", ["区政务服务办", "区市场监管局"])
    assert m["二.(一).2"]["lead"] == "区住建局" and m["二.(一).2"]["deadline"] == "2022-10-31"
    assert (m["二.(一).3"]["lead"], m["二.(一).3"]["co"]) == ("区市场监管局", ["区政务服务办", "区政府有关部门"])
    # no units of its own: the section's
    assert (m["二.(二).1"]["lead"], m["二.(二).1"]["co"], m["二.(二).1"]["inherited"]) == (
        "区政务服务办", ["各街道（功能区）"], True)
    assert m["二.(二).2"]["co"] == ["区司法局", "其他有关部门"] and m["二.(二).2"]["deadline"] == "2022-06-30"
    assert "6月底完成" not in m["二.(二).2"]["text"]
    assert (m["二.(二).3"]["lead"], m["二.(二).3"]["co"]) == ("市行政审批局", ["市住建局"])
    assert (m["二.(三).1"]["lead"], m["二.(三).1"]["co"]) == ("区市场监管局", ["区发改委"])
    # 指导思想 and 保障措施 carry no units: not measures
    assert [n.path for n in r.unassigned] == ["一", "三.(一)", "三.(二)"]


def test_a_task_division_table_in_excel():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2023年优化营商环境重点任务分工表"])
    ws.append(["序号", "领域", "重点任务", "牵头单位", "配合单位", "完成时限"])
    ws.append([1, "政务服务", "实现政务服务事项全程网办率达到90%以上", "区政务服务办", "各相关部门", "2023年12月底前"])
    ws.append([2, "政务服务", "推行综合窗口改革", "区政务服务办", "区民政局、区人社局", "6月底"])
    ws.append([3, "市场监管", "推进跨部门联合抽查", "区市场监管局", "", ""])
    ws.append([None, None, "（本表由区优化营商环境领导小组办公室负责解释）", None, None, None])
    buf = io.BytesIO()
    wb.save(buf)
    r = sources.read_document("分工表.xlsx", buf.getvalue())
    assert r.title == "2023年优化营商环境重点任务分工表"
    m = [x.as_measure() for x in r.measures]
    assert [x["path"] for x in m] == ["一.1", "一.2", "二.3"]
    assert m[0]["deadline"] == "2023-12-31" and m[0]["co"] == ["各相关部门"]
    assert m[1]["deadline"] == "2023-06-30" and m[1]["co"] == ["区民政局", "区人社局"]


def test_a_document_with_no_measures_is_refused_clearly():
    content = _docx(["关于《工作要点》的编制情况说明", "一、起草情况", "（一）明确重点任务。认真解读市级要点。"])
    with pytest.raises(reader.NoMeasures, match="未能从文件中识别出任何任务措施"):
        sources.read_document("说明.docx", content)


def test_a_file_that_is_not_what_its_name_says():
    with pytest.raises(sources.BadDocument, match="内容与扩展名不符"):
        sources.read_document("方案.docx", "一、任务\n1.做事。（责任单位：区府办）".encode())
    with pytest.raises(sources.BadDocument, match="不是纯文本"):
        sources.read_document("方案.txt", _docx(["一、任务"]))
    with pytest.raises(sources.BadDocument, match="暂不支持"):
        sources.read_document("方案.pdf", b"%PDF-1.7")


def test_gb18030_text_and_deadline_rules():
    text = "某区实施方案\n一、任务\n1.2021年6月前上线。(责任单位:区府办)\n2.2022年底前完成。(责任单位:区府办)\n"
    r = sources.read_document("plan.txt", text.encode("gb18030"))
    assert [m.deadline for m in r.measures] == ["2021-05-31", "2022-12-31"]


# Word's automatic numbering as Word writes it in word/numbering.xml: one multi-level list (一、 / （一） / 1.) and
# a second use of it restarted by a start override; the paragraphs hold only their text.
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_ABSTRACT = f"""<w:abstractNum {_W} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3．"/></w:lvl>
</w:abstractNum>"""
_NUM = f'<w:num {_W} w:numId="{{n}}"><w:abstractNumId w:val="90"/>{{override}}</w:num>'


def _numbered_docx(paragraphs) -> bytes:
    """paragraphs: (text, numId or None, ilvl)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(_ABSTRACT))
    numbering.append(parse_xml(_NUM.format(n=91, override="")))
    numbering.append(parse_xml(_NUM.format(n=92, override=f'<w:lvlOverride {_W} w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride>')))
    for text, num_id, ilvl in paragraphs:
        p = d.add_paragraph(text)
        if num_id:
            ppr = p._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr {_W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
            assert ppr.find(qn("w:numPr")) is not None
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_a_word_plan_numbered_by_words_own_list_feature_reads_its_hierarchy():
    content = _numbered_docx([
        ("江澄市明湖区2023年优化营商环境工作要点", None, 0),
        ("指导思想", 91, 0),
        ("坚持以企业需求为导向，持续深化改革。", None, 0),
        ("重点任务", 91, 0),
        ("深化商事制度改革", 91, 1),
        ("推行经营范围规范化登记。（牵头单位：区市场监管局；配合单位：区政务服务办）", 91, 2),
        ("推进企业开办全程网办，2023年6月底前实现。（责任单位：区政务服务办）", 91, 2),
        ("提升政务服务效能", 91, 1),
        ("推行“一件事一次办”。（责任单位：区政务服务办、区人社局）", 92, 2),
        ("保障措施", 91, 0),
    ])
    lines = sources.text_lines("要点.docx", content)
    assert lines[1:3] == ["一、指导思想", "坚持以企业需求为导向，持续深化改革。"]
    assert lines[4:7] == ["（一）深化商事制度改革", "1．推行经营范围规范化登记。（牵头单位：区市场监管局；配合单位：区政务服务办）",
                          "2．推进企业开办全程网办，2023年6月底前实现。（责任单位：区政务服务办）"]
    assert lines[7] == "（二）提升政务服务效能" and lines[8].startswith("1．推行")  # the override restarts at 1
    assert lines[9] == "三、保障措施"
    r = sources.read_document("要点.docx", content)
    m = {x["path"]: x for x in map(reader.Node.as_measure, r.measures)}
    assert list(m) == ["二.(一).1", "二.(一).2", "二.(二).1"]
    assert (m["二.(一).1"]["lead"], m["二.(一).1"]["co"]) == ("区市场监管局", ["区政务服务办"])
    assert m["二.(一).2"]["deadline"] == "2023-06-30"
    assert (m["二.(二).1"]["lead"], m["二.(二).1"]["co"]) == ("区政务服务办", ["区人社局"])


@pytest.mark.parametrize("n, fmt, shown", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCounting", "十二"),
    (20, "chineseCountingThousand", "二十"), (35, "chineseCounting", "三十五"), (3, "chineseLegalSimplified", "叁"),
    (2, "ideographTraditional", "乙"), (4, "decimalEnclosedCircle", "④"), (12, "decimal", "12"),
    (3, "lowerLetter", "c"), (4, "upperRoman", "IV"), (1, "bullet", ""),
])
def test_word_number_formats(n, fmt, shown):
    from yiwang.reform.domain.wordnum import format_number

    assert format_number(n, fmt) == shown
