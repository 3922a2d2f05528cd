"""The statistical second opinion: trained on labeled dev-style cases, asked only when the rules found nothing, marked
as needing verification, cached by what it was trained on."""
import json

import pytest

from assistant.intake import case_from_dict
from assistant.review.engine import ReviewEngine
from assistant.review.text_model import ChargeTextModel
from assistant.review_index import load_review_index

FISHING = ["夜里有人背着电瓶在河里打鱼，小鱼小虾全漂起来，一晚上装一桶。", "两个人开着小船拿电瓶和抄网在水库里电鱼，渔政上来就跑。",
           "河边天天晚上有人电鱼，电过的地方鱼虾都翻白了，装袋拉走卖给饭馆。"]
NOISE = ["楼下广场每晚跳广场舞音响太吵，影响休息。", "隔壁装修天天电钻声，周末早上七点就开始。", "小区门口烧烤摊油烟大，晚上吵到一两点。"]


@pytest.fixture()
def model(tmp_path):
    path = tmp_path / "dev.jsonl"
    rows = [{"id": f"f{i}", "facts": t, "gold": {"charge": "非法捕捞水产品"}} for i, t in enumerate(FISHING * 3)]
    rows += [{"id": f"n{i}", "facts": t, "gold": {"charge": None}} for i, t in enumerate(NOISE * 3)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return ChargeTextModel(load_review_index(), path, tmp_path / "models", min_prob=0.3)


def test_a_plain_report_like_the_labeled_ones_gets_the_charge(model):
    charge, p = model.suggest("晚上河里有人拿电瓶打鱼，鱼虾都漂起来了。")
    assert charge == "非法捕捞水产品" and p >= 0.3


def test_a_complaint_like_the_negatives_gets_nothing(model):
    assert model.suggest("晚上广场舞音响太吵，影响休息。") is None
    assert model.suggest("   ") is None


def test_the_fitted_model_is_cached_by_what_it_was_trained_on(model, tmp_path):
    model.suggest("河里有人电鱼")
    files = list((tmp_path / "models").glob("charge-text-*.joblib"))
    assert len(files) == 1
    again = ChargeTextModel(model.index, model.cases_path, tmp_path / "models", 0.3)
    assert again.suggest("晚上河里有人拿电瓶打鱼，鱼虾都漂起来了。")[0] == "非法捕捞水产品"
    assert list((tmp_path / "models").glob("charge-text-*.joblib")) == files   # loaded, not refitted


class _Always:
    def __init__(self):
        self.asked = []

    def suggest(self, facts):
        self.asked.append(facts)
        return "非法捕捞水产品", 0.41


def test_engine_asks_only_when_the_rules_found_nothing():
    fake = _Always()
    engine = ReviewEngine(text_model=fake)
    r = engine.review(case_from_dict({"id": "a", "facts": "晚上河里有人拿家伙什捞东西，动静很大。"}))
    assert not r.abstained and r.top.name == "非法捕捞水产品" and "统计文本模型" in r.top.reason and "核实" in r.top.reason
    assert r.top.triggers == [] and r.top.confidence < 0.41
    named = engine.review(case_from_dict({"id": "b", "facts": "本院认为，被告人的行为已构成交通肇事罪。"}))
    assert named.abstained and "交通肇事罪" in named.abstain_reason
    ruled = engine.review(case_from_dict({"id": "c", "facts": "王某在禁渔期使用电鱼器具捕捞，渔获物12公斤。"}))
    assert ruled.top.name == "非法捕捞水产品" and "统计文本模型" not in ruled.top.reason
    assert len(fake.asked) == 1
