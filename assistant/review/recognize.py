"""Charge recognition: which charges of the review index do the facts point to, and why.

Three kinds of evidence, strongest first: a charge named in the text (涉嫌销售假冒注册商标的商品罪 / 以危险驾驶罪
不起诉), the typical fact patterns of an entry (regular expressions), and its trigger terms weighted by how
specific they are across the index (a term shared by many entries says little). Negative terms count against.
When nothing reaches the floor the review abstains instead of guessing.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from assistant.intake.documents import charges_denied, charges_named
from assistant.review_index import ChargeEntry, ReviewIndex
from index.citations import ARTICLE_RE, article_key

from .model import ChargeCandidate

# Names used before 刑法修正案（十一）and everyday variants → the official name in the index.
_OLD_NAMES = {
    "生产、销售假药": "生产、销售、提供假药",
    "生产销售假药": "生产、销售、提供假药",
    "销售假药": "生产、销售、提供假药",
    "生产、销售劣药": "生产、销售、提供劣药",
    "销售劣药": "生产、销售、提供劣药",
    "提供劣药": "生产、销售、提供劣药",
    "生产劣药": "生产、销售、提供劣药",
    "提供假药": "生产、销售、提供假药",
    "生产假药": "生产、销售、提供假药",
    "醉驾": "危险驾驶",
    "醉酒驾驶": "危险驾驶",
    "虚开增值税专用发票": "虚开增值税专用发票、用于骗取出口退税、抵扣税款发票",
    "偷税": "逃税",
    "走私普通货物": "走私普通货物、物品",
    "走私普通物品": "走私普通货物、物品",
    "非法收购、运输、出售珍贵、濒危野生动物": "危害珍贵、濒危野生动物",
    "非法猎捕、杀害珍贵、濒危野生动物": "危害珍贵、濒危野生动物",
    "非法收购、运输珍贵、濒危野生动物": "危害珍贵、濒危野生动物",
    "非法采伐、毁坏国家重点保护植物": "危害国家重点保护植物",
    "非法收购、运输、加工、出售国家重点保护植物": "危害国家重点保护植物",
    "生产、销售不符合安全标准的食品": "生产、销售不符合安全标准的食品",
    "生产销售伪劣产品": "生产、销售伪劣产品",
    "销售伪劣产品": "生产、销售伪劣产品",
    "生产、销售有毒有害食品": "生产、销售有毒、有害食品",
    "销售有毒、有害食品": "生产、销售有毒、有害食品",
    "拒不支付劳动报酬": "拒不支付劳动报酬",
    "非法转让土地使用权": "非法转让、倒卖土地使用权",
    "倒卖土地使用权": "非法转让、倒卖土地使用权",
    "拒不支付": "拒不支付劳动报酬",
    "假药": "生产、销售、提供假药",      # 不属于假药 denies the conduct of the charge
    "劣药": "生产、销售、提供劣药",
}
_OLD_CORES = [("珍贵濒危野生动物", "危害珍贵、濒危野生动物"), ("国家重点保护植物", "危害国家重点保护植物"),
              ("注册商标标识", "非法制造、销售非法制造的注册商标标识")]
_STRIP = re.compile(r"[、，,\s]")

# a trigger inside a negated, merely alleged, conditional or forbidding clause is not evidence: "不属于禁渔区",
# "不存在拖欠工资情形", "怀疑非法捕捞", "以“乱砍滥伐”为由举报", "如发现使用假冒伪劣材料", "禁止使用多线多钩"
_NEGATION = re.compile(r"(?:(?:不属于|不存在|不构成|不具有|不具备|不产生|未产生|不含有?|不在|并非|并未|没有|未发现|未见|不是|非属|未向|未对|未曾|从未|至今未|怀疑|疑似|是否|如发现|若发现|一旦发现|如果|倘若|禁止使用|严禁使用|不得使用|不准使用)[^，。；;,]{0,14}|[无未不非没]|(?:未|没有|并未)(?:毁坏|破坏|使用|采伐|砍伐|销售|出售|生产|造成|发生|超过|达到|检出)[^，。；;,]{0,2})$")
# measure and procedure phrases that contain a trigger word but say nothing about which charge applies
_NEUTRAL = ("非法经营数额", "违法所得数额", "涉嫌犯罪案件", "移送涉嫌犯罪", "虚假药品广告", "营养成分严重不符合", "营养成分不符合")
_ALLEGED = re.compile(r"^[^，。；;,]{0,6}”?为由[^，。；;,]{0,6}(?:举报|投诉|反映|报警|控告|信访|起诉|申请|要求)")
NO_MATCH = "案件事实与审查索引中的罪名均不匹配（未出现罪名认定，也没有足够的典型行为特征），不作罪名推断。"
# the document's own finding that the conduct of a charge is absent: "不存在非法占用耕地或者非法采矿行为",
# "不存在经责令支付仍拒不支付的情形", "不构成非法经营。". "不构成X罪" is left alone: it denies the crime (a threshold or
# 不起诉 matter), not the conduct, and the administrative side of the case stays in the charge's domain.
_DENIAL_HEAD = re.compile(r"不存在|不构成|不属于|不涉及|排除了?|不符合(?!安全标准|食品安全|国家|行业|地方|标准|规定|要求)")
# what the defence or an appellant argues (辩护人提出“事故系工人违章作业引发”的辩护意见) is a claim the court weighs,
# not a finding
_NOT_A_FINDING = re.compile(r"(?:辩护人|辩护律师)[^。]{0,30}?(?:提出|辩称|认为|主张)[^。]*|(?:辩称|辩解称)[^。]*|(?:上诉人?|申诉人?)[^。]{0,8}(?:称|提出|认为|主张)[^。]*|"
                      # a news story's legal commentary (律师说法：…) explains the law and draws comparisons
                      # (如果贴的是别人的商标，则涉及…); the facts are told before it
                      r"^\s*[【\[]?(?:律师|法官|检察官|专家)?(?:说法|提醒|点评|解读)[】\]]?[：:｜|][^\n]*|^\s*[【\[]?评论[】\]]?[：:][^\n]*", re.M)
# the document's own finding that the person did not know (现有证据不能证明蒋某某知道或者应当知道…; 不存在明知或者应知
# …的情形): a landlord, a courier, a platform at the centre of someone else's crime. Every charge of the index
# needs intent here, so none is the person's. "尚不足以证明其明知" is a gap still being filled, not a finding.
_NO_KNOWLEDGE = re.compile(r"(?<![尚暂])(?:不能|无法|不足以|未能|难以)(?:证明|认定)[^。；]{0,20}?(?:知道|明知|知情)|"
                           r"不存在明知或者?应知|本人(?:并)?(?:不知道|不知情)")
MIN_SCORE = 3.0       # below this the review abstains: one common trigger word is not enough
NAMED_SCORE = 12.0    # a charge named in the text
PATTERN_SCORE = 3.0
NEGATIVE_PENALTY = 4.0


def _asserted_at(facts: str, start: int, end: int) -> bool:
    return not _NEGATION.search(facts[max(0, start - 16):start]) and not _ALLEGED.match(facts[end:end + 8])


def _first_asserted(pattern: re.Pattern[str], facts: str) -> re.Match[str] | None:
    """The first match outside a negated or alleged clause; overlapping candidates are tried, so "未达到法定转让条件擅自转让
    土地使用权" still finds the asserted second half."""
    pos = 0
    while (m := pattern.search(facts, pos)) is not None:
        if _asserted_at(facts, m.start(), m.end()):
            return m
        pos = m.start() + 1
    return None


def _asserted(facts: str, term: str) -> bool:
    """Does the term occur at least once outside a negated or alleged clause?"""
    i = facts.find(term)
    while i >= 0:
        if _asserted_at(facts, i, i + len(term)):
            return True
        i = facts.find(term, i + 1)
    return False


def _key(name: str) -> str:
    return _STRIP.sub("", name.removesuffix("罪"))


@dataclass
class _Scored:
    entry: ChargeEntry
    score: float = 0.0
    triggers: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


class ChargeRecognizer:
    def __init__(self, index: ReviewIndex):
        self.index = index
        self.entries = list(index.entries)
        df: dict[str, int] = {}
        for e in self.entries:
            for t in set(e.triggers) | set(e.context_terms):
                df[t] = df.get(t, 0) + 1
        n = len(self.entries)
        self._weights = {t: 1.0 + math.log(n / c) for t, c in df.items()}
        self._patterns = {e.charge: [re.compile(p) for p in e.patterns] for e in self.entries}
        self._exclusions = {e.charge: [(re.compile(x.when) if x.when else None, re.compile(x.absent) if x.absent else None,
                                        re.compile(x.unless) if x.unless else None, x.reason, x.instead)
                                       for x in e.excluded_when] for e in self.entries}
        self._precedence = [(e, rule, re.compile(rule.when)) for e in self.entries for rule in e.prevails_over]
        self._by_key: dict[str, ChargeEntry] = {_key(e.charge): e for e in self.entries}
        self._by_article = {e.article: e for e in self.entries}
        for old, new in _OLD_NAMES.items():
            target = self._by_key.get(_key(new))
            if target is not None:
                self._by_key.setdefault(_key(old), target)
        self._names: dict[str, list[str]] = {e.charge: [e.charge] for e in self.entries}
        for old, new in _OLD_NAMES.items():
            if new in self._names and old != new:
                self._names[new].append(old)

    def named(self, text: str) -> list[ChargeEntry]:
        """Charges of the index the text names as its own characterisation (涉嫌…罪)."""
        return self.named_split(text)[0]

    def named_split(self, text: str) -> tuple[list[ChargeEntry], list[str]]:
        """Charges the text names (涉嫌…罪): those of the index, and the names of others."""
        known: list[ChargeEntry] = []
        others: list[str] = []
        for name in charges_named(text):
            e = self.match_name(name)
            if e is None:
                others.append(name)
            elif e not in known:
                known.append(e)
        return known, others

    def match_name(self, name: str) -> ChargeEntry | None:
        key = _key(name)
        if key in self._by_key:
            return self._by_key[key]
        # "以销售假冒注册商标的商品罪" may be captured with a leading verb; take the longest known suffix
        for i in range(1, len(key) - 1):
            if key[i:] in self._by_key:
                return self._by_key[key[i:]]
        # 涉嫌刑法第一百三十四条之一规定之罪: the charge by its article
        art = ARTICLE_RE.search(key)
        if art and re.fullmatch(r"(?:中华人民共和国)?(?:刑法)?", key[:art.start()].strip("《》")):
            return self._by_article.get(f"刑法#{article_key(art.group(1), art.group(2))}")
        # names before the 2021/2023 changes list the acts: 非法收购、运输珍贵、濒危野生动物, 非法收购、运输国家重点保护植物
        for core, charge in _OLD_CORES:
            if core in key:
                return self._by_key.get(_key(charge))
        return None

    def _dominated(self, facts: str) -> set[str]:
        """Triggers found only inside a longer trigger of the text: 假冒注册商标 within 假冒注册商标的商品 says
        nothing of its own (longest match wins)."""
        spans: list[tuple[int, int, str]] = []
        for t in list(self._weights) + list(_NEUTRAL):
            i = facts.find(t)
            while i >= 0:
                spans.append((i, i + len(t), t))
                i = facts.find(t, i + 1)
        free: set[str] = set()
        seen: set[str] = set()
        for s0, e0, t in spans:
            seen.add(t)
            if not any(s1 <= s0 and e0 <= e1 and e1 - s1 > e0 - s0 for s1, e1, _ in spans):
                free.add(t)
        return (seen - free) - set(_NEUTRAL)

    def exclusion(self, charge: str, facts: str) -> str | None:
        """Why the facts take the charge away (its excluding fact is stated, or an indispensable fact is absent), or
        None. Asked of every charge the rules or the text model would suggest."""
        hit = self._excluded(charge, _NOT_A_FINDING.sub(lambda m: " " * len(m.group(0)), facts))
        return hit[0] if hit else None

    def _excluded(self, charge: str, facts: str) -> tuple[str, str] | None:
        for when, absent, unless, reason, instead in self._exclusions.get(charge, []):
            if when is not None:
                m = _first_asserted(when, facts)
                hit = m is not None and (unless is None or _first_asserted(unless, facts) is None)
                quote = f"（“{m.group(0)[:20]}”）" if m else ""
            else:
                hit, quote = _first_asserted(absent, facts) is None, ""
            if hit:
                return f"不考虑{charge}罪：{reason}{quote}", instead
        return None

    def _apply_exclusions(self, facts: str, scored: dict[str, _Scored]) -> list[str]:
        """Drop the charges the facts take away; the reasons. Where the same fact shows another charge's conduct (the
        felled trees are the suspect's own: 滥伐, not 盗伐), that charge takes over the weight of the evidence."""
        excluded: list[str] = []
        for charge in self._exclusions:
            s = scored[charge]
            if s.score < MIN_SCORE:
                continue
            hit = self._excluded(charge, facts)
            if hit:
                why, instead = hit
                if instead and scored[instead].score < s.score and self._excluded(instead, facts) is None:
                    other = scored[instead]
                    other.score = s.score
                    other.triggers.extend(s.triggers)
                    other.reasons.append(why.replace("不考虑", "事实指向本罪而非", 1))
                s.score = 0.0
                excluded.append(why)
        return excluded

    def _apply_denials(self, facts: str, scored: dict[str, _Scored]) -> list[str]:
        """Drop the charges whose conduct the document itself finds absent; the reasons."""
        out: list[str] = []
        for head in _DENIAL_HEAD.finditer(facts):
            end = min(len(facts), *(i for i in (facts.find(c, head.end()) for c in "。；，\n") if i >= 0), head.end() + 40)
            clause = facts[head.end():end]
            for charge, names in self._names.items():
                if scored[charge].score < MIN_SCORE:
                    continue
                for name in names:
                    i = clause.find(name)
                    if i >= 0 and not clause.startswith("罪", i + len(name)):
                        scored[charge].score = 0.0
                        out.append(f"不考虑{charge}罪：文书认定“{head.group(0)}{clause[:i + len(name)][:30]}”")
                        break
        return out

    def _apply_precedence(self, facts: str, scored: dict[str, _Scored]) -> None:
        """Where the law absorbs one charge into another (假冒注册商标 then selling the goods → 假冒注册商标 only) and the
        facts state the absorbing conduct, the absorbing charge ranks above the absorbed one."""
        for entry, rule, when in self._precedence:
            winner, loser = scored[entry.charge], scored.get(rule.over)
            if loser is None or loser.score < MIN_SCORE or winner.score > loser.score:
                continue
            m = _first_asserted(when, facts)
            if m is None:
                continue
            winner.score = loser.score + 1.0
            winner.triggers.append(m.group(0)[:30])
            winner.reasons.append(f"事实中既有“{m.group(0)[:20]}”等{entry.charge}行为又有{rule.over}行为，"
                                  f"依{rule.source}（“{rule.quote[:40]}…”）以{entry.charge}罪论处")

    def recognize(self, facts: str, charge_hint: str | None = None, top: int = 3) -> tuple[list[ChargeCandidate], str | None]:
        facts = _NOT_A_FINDING.sub(lambda m: " " * len(m.group(0)), facts)
        scored = {e.charge: _Scored(e) for e in self.entries}
        hinted = self.match_name(charge_hint) if charge_hint else None
        known, others = self.named_split(facts)
        # only a name the text itself ends in 罪 characterises the conduct; a case title (涉嫌生产不合格复合肥一案)
        # uses the administrative wording
        others = [n for n in others if n + "罪" in facts]
        if others and not known and not hinted:
            # the document itself characterises the conduct, as a charge outside the index (交通肇事, 诈骗 …)
            return [], (f"文书认定或指明的罪名为“{'、'.join(n + '罪' for n in others[:3])}”，不在审查索引的罪名之内，"
                        "不作审查索引罪名的推断。")
        unaware = _first_asserted(_NO_KNOWLEDGE, facts)
        if unaware and (hinted is None or hinted in known):
            return [], (f"文书认定当事人不明知（“{unaware.group(0)[:30]}”），不具备故意犯罪的主观方面；"
                        "涉案行为如系他人所为，请以实施者为对象另行审查。不作罪名推断。")
        # a charge the document itself rejects by name (本院认为…不构成盗伐林木罪) loses the weight of having been named
        # by the police or a complainant; the facts still speak for it through patterns and triggers
        rejected = {e.charge for e in (self.match_name(n) for n in charges_denied(facts)) if e is not None}
        if hinted is not None and hinted.charge in rejected and hinted in known:
            hinted = None        # the hint was read from this text, which goes on to reject it
        for e in ([hinted] if hinted else []) + [k for k in known if k.charge not in rejected]:
            s = scored[e.charge]
            if not any("文中认定" in r for r in s.reasons):
                s.score += NAMED_SCORE
                s.reasons.append(f"文中认定或指明“{e.charge}罪”")
        dominated = self._dominated(facts)
        for e in self.entries:
            s = scored[e.charge]
            for t in e.triggers:
                if e.charge in rejected and t in e.charge:
                    continue     # the rejected name itself (盗伐林木 in 不构成盗伐林木罪) is no trigger
                if t and t in facts and t not in dominated and _asserted(facts, t):
                    s.score += self._weights.get(t, 1.0)
                    s.triggers.append(t)
            for p in self._patterns[e.charge]:
                m = _first_asserted(p, facts)
                if m:
                    s.score += PATTERN_SCORE
                    s.triggers.append(m.group(0)[:30])
            # 野猪 or 砂石 alone is no conduct: objects count only beside this entry's own conduct
            context = [t for t in e.context_terms if t and t in facts and t not in dominated and _asserted(facts, t)]
            if s.triggers or s.score > 0:
                s.score += sum(self._weights.get(t, 1.0) for t in context)
                s.triggers.extend(context)
            for t in e.negative_terms:
                if t and t in facts:
                    s.score -= NEGATIVE_PENALTY
                    s.reasons.append(f"出现排除性表述“{t}”")
        excluded = self._apply_exclusions(facts, scored) + self._apply_denials(facts, scored)
        self._apply_precedence(facts, scored)
        ranked = sorted(scored.values(), key=lambda s: s.score, reverse=True)
        best = ranked[0]
        if best.score < MIN_SCORE:
            if excluded:
                return [], "；".join(excluded) + "。其他罪名也不匹配，不作罪名推断。"
            return [], NO_MATCH
        total = sum(max(s.score, 0.0) for s in ranked[:top]) or 1.0
        out = []
        for s in ranked[:top]:
            if s.score < MIN_SCORE:
                break
            conf = (s.score / total) * (1 - math.exp(-s.score / 6))
            reason = "；".join(s.reasons) or f"事实中出现：{'、'.join(dict.fromkeys(s.triggers))}"
            out.append(ChargeCandidate(name=s.entry.charge, article=s.entry.article, confidence=round(conf, 3), score=round(s.score, 2),
                                       triggers=list(dict.fromkeys(s.triggers))[:12], reason=reason))
        return out, None
