"""Reading one spreadsheet cell: dates in the formats the platforms export, amounts like 8.6万 or 86,000元,
quantities with units, and the small vocabularies (个人/单位, 是/否, 检察机关决定).

Each parser returns (value, problem): problem is None or a Chinese sentence saying what is wrong with the cell.
Amount and number parsing reuse assistant.intake.amounts so that 8.6万元 here is the same 86000 as in a document.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from assistant.intake.amounts import extract_amounts, extract_quantities, parse_number
from assistant.intake.dates import parse_date

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_YMD8 = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")
_MONEY_NOISE = re.compile(r"[\s￥¥]|人民币|RMB|rmb")
_NUM_UNIT = re.compile(r"^(?P<num>[\d.,]+|[零〇一二两三四五六七八九十百千万亿点]+)\s*(?P<unit>[^\d\s]*)$")

Problem = str | None


def is_blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def text(v: object) -> str | None:
    if is_blank(v):
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return unicodedata.normalize("NFKC", str(v)).strip() if not isinstance(v, str) else v.strip()


def _serial(n: float) -> dt.date | None:
    if 20000 <= n <= 80000:                   # 1954 … 2119 as Excel day numbers
        return _EXCEL_EPOCH + dt.timedelta(days=int(n))
    return None


def _ymd8(s: str) -> dt.date | None:
    m = _YMD8.match(s)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def _date_from_text(s: str) -> dt.date | None:
    s = unicodedata.normalize("NFKC", s).strip()
    d = _ymd8(s)
    if d:
        return d
    if _SERIAL.match(s):
        return _serial(float(s))
    return parse_date(s)


def parse_date_cell(v: object) -> tuple[dt.date | None, Problem]:
    """date/datetime cells, 2026-10-03, 2026/10/3, 2026.10.03, 2026年10月3日, 二〇二六年十月三日, 20261003, Excel day numbers."""
    if is_blank(v):
        return None, None
    if isinstance(v, dt.datetime):
        return v.date(), None
    if isinstance(v, dt.date):
        return v, None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        d = _ymd8(str(int(v))) if float(v).is_integer() else None
        d = d or _serial(float(v))
        return (d, None) if d else (None, f"无法识别的日期“{v}”")
    s = str(v).strip()
    d = _date_from_text(s)
    if d is None:
        return None, f"无法识别的日期“{s}”（应为 2026-10-03、2026年10月3日 等，并写到日）"
    if not 1950 <= d.year <= 2100:
        return None, f"日期年份不合理：“{s}”"
    return d, None


@lru_cache(maxsize=8192)
def _amount_from_text(s: str) -> tuple[Decimal | None, bool, Problem]:
    clean = _MONEY_NOISE.sub("", unicodedata.normalize("NFKC", s))
    if not clean:
        return None, False, None
    if clean.startswith("-"):
        return None, False, f"金额不能为负数：“{s}”"
    head = clean[:-1] if clean.endswith("元") else clean
    value = parse_number(head)
    if value is not None:
        return value, False, None
    found, _ = extract_amounts(clean if "元" in clean else clean + "元")
    if len(found) == 1:
        a = found[0]
        return a.value, bool(a.approximate or a.qualifier), None
    if len(found) > 1:
        return None, False, f"一个单元格中有多个金额：“{s}”，请分列填写"
    return None, False, f"无法识别的金额“{s}”（应为 86000、8.6万、86,000元 等）"


def parse_amount_cell(v: object) -> tuple[Decimal | None, bool, Problem]:
    """(value in 元, approximate, problem). 86000 / 8.6万 / 86,000元 / 人民币八万六千元 / 10万余元 (approximate)."""
    if is_blank(v):
        return None, False, None
    if isinstance(v, bool):
        return None, False, f"无法识别的金额“{v}”"
    if isinstance(v, (int, float, Decimal)):
        if v < 0:
            return None, False, f"金额不能为负数：“{v}”"
        try:
            return Decimal(str(v)), False, None
        except InvalidOperation:
            return None, False, f"无法识别的金额“{v}”"
    return _amount_from_text(str(v).strip())


def parse_quantity_cell(v: object, unit: str | None) -> tuple[Decimal | None, str | None, Problem]:
    """(value, unit, problem). 1200 with 数量单位 瓶, or 1200瓶 / 25.5立方米 / 六百公斤 in one cell."""
    if is_blank(v):
        return None, unit, None
    if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
        if v < 0:
            return None, unit, f"数量不能为负数：“{v}”"
        return Decimal(str(v)), unit, None
    s = unicodedata.normalize("NFKC", str(v)).strip().replace(",", "")
    m = _NUM_UNIT.match(s)
    if m:
        value = parse_number(m.group("num"))
        if value is not None:
            written = m.group("unit").strip() or None
            if written and unit and written != unit:
                return value, written, f"数量栏的单位“{written}”与数量单位栏“{unit}”不一致，按数量栏"
            return value, written or unit, None
    found = extract_quantities(s)
    if len(found) == 1:
        return found[0].value, found[0].unit, None
    return None, unit, f"无法识别的数量“{s}”（应为 1200 或 1200瓶）"


_PARTY_KIND = {"个人": "个人", "自然人": "个人", "个体工商户": "个人", "个体户": "个人", "公民": "个人",
               "单位": "单位", "企业": "单位", "公司": "单位", "法人": "单位", "法人或其他组织": "单位", "其他组织": "单位",
               "个人独资企业": "单位", "合伙企业": "单位"}


def parse_party_kind(v: object) -> tuple[str, Problem]:
    s = text(v)
    if s is None:
        return "个人", None
    if s in _PARTY_KIND:
        return _PARTY_KIND[s], None
    return "个人", f"无法识别的当事人类型“{s}”（应为 个人 或 单位），按个人处理"


_YES = {"是", "已移送", "移送", "y", "yes", "true", "1", "√", "已"}
_NO = {"否", "未移送", "不移送", "n", "no", "false", "0", "×", "无", "未"}


def parse_yesno(v: object) -> tuple[bool | None, Problem]:
    if is_blank(v):
        return None, None
    if isinstance(v, bool):
        return v, None
    s = str(v).strip().lower()
    if s in _YES:
        return True, None
    if s in _NO:
        return False, None
    return None, f"无法识别的取值“{v}”（应为 是 或 否）"


NP_TYPES = ("法定不起诉", "酌定不起诉", "存疑不起诉", "附条件不起诉", "特殊不起诉")
_NP_SHORT = {"法定": "法定不起诉", "绝对": "法定不起诉", "酌定": "酌定不起诉", "相对": "酌定不起诉", "存疑": "存疑不起诉",
             "证据不足": "存疑不起诉", "附条件": "附条件不起诉", "特殊": "特殊不起诉"}
_PENDING = ("审查中", "退回补充侦查", "补充侦查", "延长审查", "待定", "未决", "无")


def parse_np_type(v: object) -> tuple[str | None, Problem]:
    s = text(v)
    if s is None:
        return None, None
    for short, full in _NP_SHORT.items():
        if short in s:
            return full, None
    return None, f"无法识别的不起诉类型“{s}”（应为 {'、'.join(NP_TYPES)}）"


def parse_decision(v: object) -> tuple[str | None, str | None, Problem]:
    """(decision, 不起诉 type, problem): 起诉 / 不起诉 (with its type when written: 酌定不起诉) / 附条件不起诉."""
    s = text(v)
    if s is None or any(s.startswith(p) for p in _PENDING):
        return None, None, None
    if "附条件不起诉" in s:
        return "附条件不起诉", "附条件不起诉", None
    if "不起诉" in s:
        np_type, _ = parse_np_type(s.replace("不起诉", "")) if s != "不起诉" else (None, None)
        return "不起诉", np_type, None
    if "起诉" in s or "公诉" in s:
        return "起诉", None, None
    return None, None, f"无法识别的检察机关决定“{s}”（应为 起诉、不起诉、酌定不起诉、附条件不起诉 等），按尚无决定处理"


def split_kinds(v: object) -> list[str]:
    s = text(v)
    if not s:
        return []
    return [p.strip() for p in re.split(r"[、,，;；/\s]+", s) if p.strip()]
