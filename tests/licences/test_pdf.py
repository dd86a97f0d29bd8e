"""The licence PDF: CJK font embedded, text extractable, QR decodes to the verification link, token in metadata."""
import subprocess

import zxingcpp
from PIL import Image

from yiwang.licences.pdf import render_pdf
from yiwang.licences.verification import token_from_pdf, verify_token


def test_pdf_embeds_font_shows_chinese_and_its_qr_decodes(issue, tmp_path):
    licence = issue()
    data = render_pdf(licence)
    assert data.startswith(b"%PDF-")
    assert b"/FontFile2" in data
    path = tmp_path / "licence.pdf"
    path.write_bytes(data)

    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    text = text.decode("utf-8")
    assert "张三" in text and "食品经营许可证" in text and licence.number in text
    assert licence.holder_id_number not in text  # the 身份证号 is printed masked

    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    codes = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    assert len(codes) == 1
    link = codes[0].text
    assert link == f"https://zwfw.example.gov.cn/licences/verify/?p={licence.token}"
    assert len(link) <= 600
    assert verify_token(link).status == "valid"


def test_token_is_extracted_from_the_pdf(issue):
    licence = issue()
    assert token_from_pdf(render_pdf(licence)) == licence.token
    assert token_from_pdf(b"%PDF-1.4 nothing here") == ""


def test_long_scope_continues_on_a_second_page_and_stays_readable(issue, tmp_path):
    scope = "；".join(f"第{i}项经营项目" for i in range(1, 151))
    path = tmp_path / "long.pdf"
    path.write_bytes(render_pdf(issue(scope=scope)))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    text = text.stdout.decode("utf-8")
    assert "第150项经营项目" in text and "（续页）" in text and "发证机关" in text
    pages = text.split("\f")
    assert "扫描右侧二维码" in pages[0] and "发证机关" not in pages[0]
