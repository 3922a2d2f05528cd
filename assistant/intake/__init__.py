"""Case intake: read a case (JSON / TXT / DOCX / PDF or a facts paragraph) into a typed `Case`.

    from assistant.intake import load_case, case_from_text
    case = load_case("不起诉决定书.pdf")            # or load_case(uploaded_bytes, "决定书.docx")
    case = case_from_text("经查，2024年1月至6月，当事人销售假冒注册商标的白酒120瓶，销售金额8.6万元……")
"""
from assistant.intake.amounts import extract_amounts, extract_quantities, parse_number
from assistant.intake.case import (
    AdministrativeDecision, Amount, Case, DocType, EvidenceRecord, NonProsecutionType, Party, Quantity,
)
from assistant.intake.dates import DateMention, DateRoles, assign_roles, find_dates, parse_date
from assistant.intake.documents import detect_doc_type, non_prosecution_basis
from assistant.intake.extract import IntakeError, case_from_dict, case_from_text, extract_fields
from assistant.intake.readers import DEFAULT_MAX_PAGES, load_case, read_docx, read_pdf, read_text_bytes
from assistant.intake.text import mask_pii, normalize_text

__all__ = [
    "AdministrativeDecision", "Amount", "Case", "DateMention", "DateRoles", "DocType", "EvidenceRecord", "IntakeError",
    "NonProsecutionType", "Party", "Quantity", "DEFAULT_MAX_PAGES",
    "assign_roles", "case_from_dict", "case_from_text", "detect_doc_type", "extract_amounts", "extract_fields",
    "extract_quantities", "find_dates", "load_case", "mask_pii", "non_prosecution_basis", "normalize_text",
    "parse_date", "parse_number", "read_docx", "read_pdf", "read_text_bytes",
]
