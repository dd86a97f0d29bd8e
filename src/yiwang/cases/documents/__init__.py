"""The written documents of a case (受理凭证, 补正告知书, 容缺受理告知书, 特别程序告知书, 延期告知书, 准予/不予许可决定书)
as PDFs with the embedded CJK font (yiwang.common.pdf), each with the case number, its dates, the department's
name as the seal line and a QR code to the case's page. Built from the case as stored; they change nothing."""
from .builders import NOTICE_KINDS, DocumentUnavailable, decision_pdf, notice_pdf, receipt_pdf
from .law import LAW_KINDS

NOTICE_KINDS.update(LAW_KINDS)  # 听证权利告知书, 听证通知书, 听证笔录, 容缺受理承诺书

__all__ = ["NOTICE_KINDS", "DocumentUnavailable", "decision_pdf", "notice_pdf", "receipt_pdf"]
