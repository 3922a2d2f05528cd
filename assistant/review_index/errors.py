"""ReviewIndexError and the translation of YAML / pydantic errors into Chinese messages naming file and field."""
from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from assistant.errors import UserError


class ReviewIndexError(UserError):
    """The review index (审查索引) or a typical case is unusable; the message is Chinese and names file and field."""

    code = "review_index"


# pydantic error type → Chinese wording; anything not listed falls back to pydantic's own message
_TYPE_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不认识的字段（字段名写错，或该字段不属于此处）",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "dict_type": "应为键值结构",
    "model_type": "应为键值结构",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_inexact": "日期格式应为 YYYY-MM-DD",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_type": "日期格式应为 YYYY-MM-DD",
}


def field_path(loc: tuple) -> str:
    """('thresholds', 3, 'value') → 'thresholds[3].value' (0-based like the YAML list it points into)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "（整个文件）"


def _describe(err: dict) -> str:
    kind = err.get("type", "")
    if kind == "value_error":
        return str((err.get("ctx") or {}).get("error", err.get("msg", "")))
    if kind == "literal_error":
        expected = (err.get("ctx") or {}).get("expected", "")
        return f"取值“{err.get('input')}”不在允许范围内，应为：{expected}"
    base = _TYPE_MESSAGES.get(kind)
    if base is None:
        return f"取值无效（{err.get('msg', kind)}）"
    if kind != "missing" and "input" in err and not isinstance(err["input"], (dict, list)):
        return f"{base}，现为“{err['input']}”"
    return base


def from_validation(path: Path, exc: ValidationError, what: str = "审查索引", prefix: tuple = ()) -> ReviewIndexError:
    """prefix: where the validated object sits in the file, e.g. ('deadlines', 2)."""
    lines = [f"{what}文件 {path.name} 有误："]
    for err in exc.errors()[:12]:
        lines.append(f"  字段 {field_path(prefix + tuple(err.get('loc', ())))}：{_describe(err)}")
    if len(exc.errors()) > 12:
        lines.append(f"  …另有 {len(exc.errors()) - 12} 处错误")
    return ReviewIndexError("\n".join(lines))


def read_yaml(path: Path, what: str = "审查索引"):
    """Parse one YAML file; a syntax error becomes a ReviewIndexError naming the file and the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ReviewIndexError(f"{what}文件 {path.name} 不是 UTF-8 编码的文本") from None
    except OSError as exc:
        raise ReviewIndexError(f"无法读取{what}文件 {path}：{exc.strerror}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else "某处"
        problem = getattr(exc, "problem", None) or "格式错误"
        raise ReviewIndexError(f"{what}文件 {path.name} 的 YAML 格式有误（{where}）：{problem}") from None
