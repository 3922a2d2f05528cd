"""Direction of the hand-over: forward (the agency must transfer to the police) or reverse (after 不起诉, the
matter goes back to the competent agency for an administrative penalty), with the reverse-transfer checks:
行政处罚法#36 limitation, a penalty already imposed, 行政处罚法#35 折抵."""
from __future__ import annotations

import re
from datetime import date

from assistant.intake.case import Case
from assistant.review_index import ChargeEntry

from .model import Direction, Limitation, ThresholdStatus

FORWARD_BASES = ["移送涉嫌犯罪案件规定#3.1", "移送涉嫌犯罪案件规定#11.1", "行政处罚法#27.1"]
REVERSE_BASES = ["刑事诉讼法#177.3", "行政处罚法#27.1"]
EXPIRING_DAYS = 90
_PAREN = re.compile(r"[（(][^）)]*[）)]")


def agency_type(name: str | None) -> str | None:
    """'市场监督管理部门（知识产权执法）' → '市场监督管理部门': the type, without the index's explanatory note."""
    return _PAREN.sub("", name).strip() if name else None


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def limitation(case: Case, years: int, today: date) -> Limitation:
    end = case.conduct_end or case.conduct_start
    if end is None:
        return Limitation(years=years, start=None, expires=None, status="unknown",
                          note="行为终了日期不明，无法计算行政处罚时效，请核实。")
    expires = _add_years(end, years)
    if today >= expires:
        status = "expired"
    elif (expires - today).days <= EXPIRING_DAYS:
        status = "expiring"
    else:
        status = "running"
    note = (f"自行为终了之日（{end.isoformat()}）起计算{years}年，至 {expires.isoformat()}。"
            "违法行为在期限内已被公安、检察机关发现立案的，一般不再受该期限限制，请结合办案经过核实。")
    src = "行政处罚法#36.1"
    return Limitation(years=years, start=end, expires=expires, status=status, source=src, note=note)


_FOUND = re.compile(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?[^。；]{0,40}?(发现|查获|查处|立案|举报|检查)")


def _discovered_late(case: Case, lim: Limitation) -> bool:
    """Was the violation first discovered after the limitation ran out? Read from the facts' dated discovery words."""
    if lim.expires is None:
        return False
    for m in _FOUND.finditer(case.facts or ""):
        try:
            found = date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
        except ValueError:
            continue
        if lim.start and found > lim.start:
            return found >= lim.expires
    return False


def _is_non_prosecution(case: Case) -> bool:
    return case.procuratorate_decision in ("不起诉", "附条件不起诉") or case.non_prosecution_type is not None \
        or case.doc_type == "不起诉决定书"


def _prior_penalty(case: Case) -> bool:
    """A penalty for THIS conduct: one dated before the conduct began punished an earlier act (a 累犯-type fact)."""
    begun = case.conduct_start or case.conduct_end
    return any((d.penalty_kinds or d.fine_amount) and (d.date is None or begun is None or d.date >= begun)
               for d in case.administrative_decisions)


# the facts show the matter is already in criminal proceedings (or was handed over)
_CRIMINAL = re.compile(r"移送书|现将(该|此|本)?案(件)?移送|已(将案件|依法)?移送(至)?公安|公安机关已(立案|受理)|立案侦查|侦查终结|"
                       r"移送审查起诉|公诉机关|被告人|判处|起诉意见书|犯罪嫌疑人|"
                       r"受案回执|登记受案|移送的[^。]{0,60}(已受理|收悉|登记受案)|"
                       r"刑事拘留|刑拘|被(警方|公安机关?|民警)(控制|抓获|带走)|采取刑事强制措施|取保候审|批准逮捕|依法逮捕|获刑|审结")


# an administrative agency has the matter in hand: it inspected, seized, filed, fined or decided
_AGENCY_ACTION = re.compile(
    r"(局|所|站|队|执法|监管|海关|税务|城管|渔政|稽查|监察|政府|部门|机关|卫健|人社|应急|烟草|林业|环保)[^。]{0,40}?"
    r"(罚款|处罚|罚了|没收|责令|查处|查获|扣押|查封|立案|检查|核查|调查|处以|作出|结案|办结|取样|抽样|送检|检测|登记保存|"
    r"下达|下了|送达|约谈|通知书|指令书)|"
    r"罚了|被罚|罚款|行政处罚|处罚决定")


_REQUEST = re.compile(r"(?:希望|要求|请求|恳请|请|建议|盼)[^。；]{0,30}")


def _agency_involved(case: Case) -> bool:
    # "希望有关部门查处" asks for action; it does not report any
    return bool(case.administrative_decisions or case.doc_type in ("行政处罚决定书", "移送函", "移送书")
                or _AGENCY_ACTION.search(_REQUEST.sub("", case.facts or "")))


def _transferred(case: Case) -> bool:
    return bool(case.transfer_date or case.police_accept_date or case.police_file_date or case.police_decline_date
                or case.procuratorate_decision or case.doc_type in ("起诉意见书", "判决书")
                or _criminal_stated(case.facts or ""))


# "未作为刑事案件立案侦查", "未见移送缉私部门立案侦查", "督促移送公安机关立案侦查": the criminal step is denied or asked for
_NOT_TAKEN = re.compile(r"(?:未(?!经)|没有|不予|尚未|督促|建议|应当?|要求|是否|拟)[^。，；]{0,14}$")   # 未经许可 is conduct


def _criminal_stated(facts: str) -> bool:
    return any(not _NOT_TAKEN.search(facts[max(0, m.start() - 16):m.start()]) for m in _CRIMINAL.finditer(facts))


def decide(case: Case, entry: ChargeEntry | None, status: ThresholdStatus | None, today: date) -> Direction:
    d = Direction()
    adm = entry.administrative if entry else None
    if _is_non_prosecution(case):
        if entry is None:
            d.reasons.append("检察机关已作出不起诉决定，但涉案行为不在审查索引的罪名之内：是否需要给予行政处罚、由哪一机关处理，"
                             "请承办检察官依刑事诉讼法#177.3 自行判断。")
            return d
        d.kind = "reverse"
        d.agency = agency_type(adm.agency)
        d.agency_detail = adm.agency
        d.provisions = list(REVERSE_BASES)
        d.reasons.append("检察机关已作出不起诉决定；对被不起诉人需要给予行政处罚的，应当提出检察意见，移送有关主管机关处理。")
        if case.non_prosecution_type == "法定不起诉":
            d.checks.append("法定不起诉：先核实是否存在行政违法事实；没有违法事实的，不应提出给予行政处罚的检察意见。")
        d.violated_provisions = list(adm.violated)
        d.penalty_provisions = list(adm.penalty_provisions)
        d.penalties = list(adm.penalties)
        d.checks.extend(adm.checks)
        d.limitation = limitation(case, adm.limitation_years, today)
        d.prior_penalty = _prior_penalty(case)
        if d.prior_penalty:
            d.checks.append("行为人已受过行政处罚：同一违法行为不得给予两次以上罚款（行政处罚法#29）；"
                            "审查尚未给予的处罚种类（如吊销许可证件）是否仍需提出检察意见。")
            d.provisions.append("行政处罚法#29")
            d.kind = "none"
            d.reasons.append("主管机关已就同一行为作出行政处罚，一般无需再提出给予行政处罚的检察意见；"
                             "如仍有应给予而未给予的处罚种类，可就该部分提出。")
        d.checks.append("已被判处或折抵的罚金、拘役，按行政处罚法#35 折抵。")
        if "行政处罚法#35" not in d.provisions:
            d.provisions.append("行政处罚法#35")
        if d.limitation and d.limitation.status == "expired" and _discovered_late(case, d.limitation):
            d.kind = "none"
            d.reasons.append("违法行为终了后二年内未被发现，已过行政处罚时效（行政处罚法#36.1），不应再提出给予行政处罚的检察意见；"
                             "可依法移送没收违法所得等其他处理。")
        elif d.limitation and d.limitation.status == "expired":
            d.reasons.append("自行为终了已逾行政处罚时效期间，但行为在期限内已被发现立案的，不受该期限限制，请核实发现时间。")
        return d
    if status == "met" and not _transferred(case) and not _agency_involved(case):
        d.reasons.append("已达立案追诉标准，但事实未显示行政执法机关已受理或处理本案（如群众举报、网格员巡查线索）："
                         "宜将线索转交主管机关或公安机关核查，不属于行政机关以罚代刑的正向移送监督。")
        return d
    if status in ("met",) and not _transferred(case):
        d.kind = "forward"
        d.agency = agency_type(adm.agency) if adm else case.agency
        d.agency_detail = adm.agency if adm else None
        d.provisions = list(FORWARD_BASES)
        d.reasons.append("涉案数额/情节已达立案追诉标准，案件仍在行政程序中，应当移送公安机关（不得以行政处罚代替移送）。")
        if _prior_penalty(case):
            d.reasons.append("行政机关已作出行政处罚，存在以罚代刑风险；行政处罚不影响移送。")
        return d
    if status == "near" and not _transferred(case):
        d.reasons.append("已达立案标准的80%以上但未达标准：宜提前介入、跟踪数额查证，暂不移送。")
    return d
