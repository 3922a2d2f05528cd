"""The review: Case → Review. One pass and no retrieval, so that a batch runs at hundreds of cases/s; the statistical
text model (text_model.py) is asked only when the rules found nothing at all.

Every provision the review cites is checked against the ProvisionStore before it leaves here; one that does
not resolve is dropped and named in the warnings (it would be a data error in the review index).
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from assistant.intake.case import Case
from assistant.review_index import ReviewIndex, load_review_index
from index.citations import ids_in_prose
from index.provisions import ProvisionStore, load_store

from . import deadlines as deadline_rules
from .direction import decide
from .gaps import evidence_known, evidence_table
from .circumstances import CircumstanceMatcher
from .model import ChargeCandidate, Review
from .recognize import NO_MATCH, ChargeRecognizer
from .thresholds import conduct_date_of, evaluate, subject_of


class ReviewEngine:
    def __init__(self, index: ReviewIndex | None = None, store: ProvisionStore | None = None, text_model=None):
        self.index = index or load_review_index()
        self.store = store or load_store()
        self.text_model = text_model  # anything with suggest(facts) -> (charge, probability) | None
        self.recognizer = ChargeRecognizer(self.index)
        self.matcher = CircumstanceMatcher(self.index)
        self._resolves: dict[str, bool] = {}

    def review(self, case: Case, today: date | None = None) -> Review:
        today = today or date.today()
        r = Review(case_id=case.id, conduct_date=conduct_date_of(case), subject=subject_of(case))
        r.warnings.extend(case.warnings)
        candidates, abstain = self.recognizer.recognize(case.facts or "", case.charge_hint)
        if abstain == NO_MATCH and self.text_model is not None:
            candidates, abstain = self._second_opinion(case) or (candidates, abstain)
        r.charges = candidates
        entry = None
        if abstain:
            r.abstained, r.abstain_reason = True, abstain
        else:
            entry = self.index.require(candidates[0].name)
            status, findings, warns = evaluate(self.index, entry, case, self.matcher, self._provision_text)
            r.threshold_status, r.thresholds = status, findings
            r.warnings.extend(warns)
            r.evidence_table = evidence_table(entry, case)
            if evidence_known(case):
                r.evidence_gaps = [g for g in r.evidence_table if g.gap.startswith("缺少")]
            else:
                r.warnings.append("案件材料未载明证据情况，无法逐项判断证据缺口；证据缺口清单列出各要件所需证据供全面收集。")
        r.direction = decide(case, entry, r.threshold_status, today)
        r.deadlines = deadline_rules.evaluate(self.index, case, r.direction, today)
        r.citations = self._citations(r)
        return r

    def _second_opinion(self, case: Case) -> tuple[list[ChargeCandidate], None] | None:
        found = self.text_model.suggest(case.facts or "")
        if found is None:
            return None
        name, p = found
        if self.recognizer.exclusion(name, case.facts or ""):
            return None          # the facts take that charge away, whatever the wording resembles
        entry = self.index.require(name)
        reason = (f"规则未匹配到典型表述；统计文本模型认为与{name}罪的标注案例和审查要点最相近（概率 {p:.2f}），"
                  "仅作提示，需结合事实核实罪名")
        return [ChargeCandidate(name=name, article=entry.article, confidence=round(p * 0.5, 3), score=0.0, reason=reason)], None

    def _provision_text(self, pid: str) -> str | None:
        p = self.store.get(pid)
        return p.text if p else None

    def _resolve(self, pid: str) -> bool:
        if pid not in self._resolves:
            self._resolves[pid] = self.store.get(pid) is not None
        return self._resolves[pid]

    def _citations(self, r: Review) -> list[str]:
        ids: list[str] = [c.article for c in r.charges[:1]]
        ids += [t.source for t in r.thresholds]
        d = r.direction
        ids += d.provisions + d.violated_provisions + d.penalty_provisions
        if d.limitation:
            ids.append(d.limitation.source)
        ids += [dl.source for dl in r.deadlines if dl.source_status == "full_text"]
        for g in r.evidence_gaps:
            ids += g.provisions
        # an exclusion's legal reason (森林法#56.2 …) is shown beside the charges: its provisions are cited too
        for prose in [r.abstain_reason or ""] + [c.reason for c in r.charges]:
            ids += [pid for _, pid in ids_in_prose(prose, self._resolve) if pid]
        out = []
        for pid in dict.fromkeys(ids):
            if self._resolve(pid):
                out.append(pid)
            else:
                r.warnings.append(f"审查索引引用的 {pid} 在法规索引中不存在，已从引用中去除，请报告维护人员。")
        return out


@lru_cache(maxsize=1)
def default_engine() -> ReviewEngine:
    from assistant.settings import get_settings

    s = get_settings()
    if s.review_text_model:
        from .text_model import ChargeTextModel

        index = load_review_index()
        model = ChargeTextModel(index, s.review_text_model_cases, s.data_dir / "models", s.review_text_model_min_prob)
        return ReviewEngine(index=index, text_model=model)
    return ReviewEngine()


def review_case(case: Case, today: date | None = None) -> Review:
    """Review one case with the bundled review index and statute corpus."""
    return default_engine().review(case, today)
