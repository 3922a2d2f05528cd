"""Amounts and quantities read from Chinese text must be exact: a wrong number means a wrong threshold decision."""
from decimal import Decimal

import pytest

from assistant.intake import extract_amounts, extract_quantities, normalize_text, parse_number


def amounts_of(text: str):
    found, _ = extract_amounts(normalize_text(text))
    return [(a.metric, a.value, a.value_max, a.qualifier) for a in found]


def D(x) -> Decimal:
    return Decimal(str(x))


# (text, [(metric, value, value_max, qualifier)])
AMOUNTS = [
    ("销售金额8.6万元", [("销售金额", D(86000), None, None)]),
    ("销售金额为八万六千元", [("销售金额", D(86000), None, None)]),
    ("销售金额86,000元", [("销售金额", D(86000), None, None)]),
    ("销售金额86，000元", [("销售金额", D(86000), None, None)]),
    ("销售金额８６，０００元", [("销售金额", D(86000), None, None)]),
    ("销售金额 8.6 万元", [("销售金额", D(86000), None, None)]),            # pypdf spacing
    ("非法经营数额1.2亿元", [("非法经营数额", D(120000000), None, None)]),
    ("违法所得10万余元", [("违法所得数额", D(100000), None, "至少")]),
    ("违法所得十余万元", [("违法所得数额", D(100000), None, "至少")]),
    ("违法所得1.5万余元", [("违法所得数额", D(15000), None, "至少")]),
    ("并处罚款人民币三万五千元", [("罚款", D(35000), None, None)]),
    ("货值金额约5万元", [("货值金额", D(50000), None, "约")]),
    ("销售金额5万元左右", [("销售金额", D(50000), None, "约")]),
    ("销售金额近5万元", [("销售金额", D(50000), None, "不足")]),
    ("非法经营数额10万元以上", [("非法经营数额", D(100000), None, "至少")]),
    ("违法所得5万至8万元", [("违法所得数额", D(50000), D(80000), "区间")]),
    ("销售金额5至8万元", [("销售金额", D(50000), D(80000), "区间")]),
    ("销售金额3000元至5000元", [("销售金额", D(3000), D(5000), "区间")]),
    ("销售金额3万5千元", [("销售金额", D(35000), None, None)]),
    ("销售金额一万二千五百元", [("销售金额", D(12500), None, None)]),
    ("销售金额二点五万元", [("销售金额", D(25000), None, None)]),
    ("销售金额3万零500元", [("销售金额", D(30500), None, None)]),
    ("销售金额0.5万元", [("销售金额", D(5000), None, None)]),
    ("非法经营数额1,234,567.89元", [("非法经营数额", D("1234567.89"), None, None)]),
    ("逃避缴纳税款12.3456万元", [("逃避缴纳税款数额", D(123456), None, None)]),
    ("走私货物，偷逃应缴税额25.5万元", [("偷逃税额", D(255000), None, None)]),
    ("虚开增值税专用发票10份，税额14.5万元", [("虚开税款数额", D(145000), None, None)]),
    ("虚开普通发票，价税合计100万元", [("虚开发票金额", D(1000000), None, None)]),
    ("造成直接经济损失人民币120万元", [("直接经济损失", D(1200000), None, None)]),
    ("拖欠12名工人工资共计一十五万元", [("拖欠劳动报酬数额", D(150000), None, None)]),
    ("非法获利3万元", [("违法所得数额", D(30000), None, None)]),
    ("没收违法所得人民币叁万贰仟元", [("违法所得数额", D(32000), None, None)]),
    ("判处罚金人民币一万元", [("罚金", D(10000), None, None)]),
    ("尚未销售的假冒商品价值5万元", [("货值金额", D(50000), None, None)]),
    ("猎捕的野生动物价值2.6万元", [("价值", D(26000), None, None)]),
    ("以每瓶800元的价格对外销售，销售金额共计9.6万元",
     [("其他金额", D(800), None, None), ("销售金额", D(96000), None, None)]),
    ("介绍他人虚开发票，收取介绍费2.4万元", [("违法所得数额", D(24000), None, None)]),
    ("购进价共计3万元", [("其他金额", D(30000), None, None)]),
    ("擅自开采砂石并全部销售，销售金额12.8万元", [("矿产品价值", D(128000), None, None)]),
    ("违法所得2万元，罚款5万元", [("违法所得数额", D(20000), None, None), ("罚款", D(50000), None, None)]),
    ("合计人民币5万元", [("涉案金额", D(50000), None, None)]),
    ("罚款人民币壹拾伍万元整", [("罚款", D(150000), None, None)]),
    ("非法经营数额3.5亿元", [("非法经营数额", D(350000000), None, None)]),
    ("逃避缴纳个人所得税逾百万元", [("逃避缴纳税款数额", D(1000000), None, "至少")]),
    ("23个人一共被欠了41万多元", [("拖欠劳动报酬数额", D(410000), None, "至少")]),
    ("从员工工资中扣除个人所得税人民币18.7万元不缴", [("逃避缴纳税款数额", D(187000), None, None)]),
    ("虚列成本少缴企业所得税23万余元", [("逃避缴纳税款数额", D(230000), None, "至少")]),
    ("虚开增值税普通发票，价税合计100万元", [("虚开发票金额", D(1000000), None, None)]),
    ("非法获利两三万元", [("违法所得数额", D(20000), D(30000), "区间")]),
    ("违法所得十几万元", [("违法所得数额", D(100000), None, "至少")]),
    ("一共被欠了二十三万六千块，", [("拖欠劳动报酬数额", D(236000), None, None)]),   # spoken money
    ("环保罚了孙某二十万块钱", [("罚款", D(200000), None, None)]),
    ("查获肥皂300块。", []),                                                          # a count, not money
    # not amounts
    ("依据《中华人民共和国商标法》第六十条第二款“违法经营额五万元以上的，可以处违法经营额五倍以下的罚款”的规定", []),
    ("对单位处十万元以上五十万元以下的罚款", []),
    ("当事人销售金额5万元以上，依据“违法经营额五万元以上的，可以处五倍以下的罚款”", [("销售金额", D(50000), None, "至少")]),
    ("依据商标法第3条", []),
    # figures of the law the text explains or compares with; the case's own figure beside them stays
    ("矿产品价值十万元以上才属于“情节严重”，本案约8.7万元", [("矿产品价值", D(87000), None, "约")]),
    ("均未达到立木蓄积二十立方米、价值五万元的立案追诉标准", []),
    ("涉案金额10万元以上。", [("涉案金额", D(100000), None, "至少")]),
    ("经审查认为虚开税款数额未达10万元，未移送", [("虚开税款数额", D(100000), None, "不足")]),
    ("2024年3月5日", []),
    ("刑法第二百一十四条", []),
    ("金额不详", []),
    ("元", []),
    ("", []),
    ("万元", []),
    ("联系电话13812345678", []),
    ("涉案金额数十万元", []),       # vague: not counted, warned
    ("货款5万美元", []),            # foreign currency: not converted, warned
]


@pytest.mark.parametrize("text,expected", AMOUNTS, ids=[t or "<empty>" for t, _ in AMOUNTS])
def test_amounts(text, expected):
    assert amounts_of(text) == expected


def test_total_and_raw_span_point_into_the_text():
    text = normalize_text("经查，销售金额共计人民币8.6万元。")
    [a] = extract_amounts(text)[0]
    assert a.is_total and a.raw == "8.6万元" and text[a.start:a.start + len(a.raw)] == "8.6万元"


@pytest.mark.parametrize("text,warning", [("涉案金额数十万元", "不确定"), ("货款5万美元", "外币")])
def test_unreadable_amounts_are_reported(text, warning):
    found, warnings = extract_amounts(normalize_text(text))
    assert not found and any(warning in w for w in warnings)


# (text, [(what, value, unit, qualifier)])
QUANTITIES = [
    ("查获假冒白酒120瓶", [("数量", D(120), "瓶", None)]),
    ("盗伐林木25.2688立方米", [("立木蓄积", D("25.2688"), "立方米", None)]),
    ("非法收购穿山甲3只", [("数量", D(3), "只", None)]),
    ("非法采砂1.2吨", [("数量", D("1.2"), "吨", None)]),
    ("滥伐幼树500株", [("幼树株数", D(500), "株", None)]),
    ("非法占用农用地30亩", [("面积", D(30), "亩", None)]),
    ("虚开发票200张", [("虚开发票份数", D(200), "张", None)]),
    ("二年内因同类行为受过行政处罚2次", [("次数", D(2), "次", None)]),
    ("造成2人死亡、1人重伤", [("死亡人数", D(2), "人", None), ("重伤人数", D(1), "人", None)]),
    ("事故造成1名作业人员死亡", [("死亡人数", D(1), "名", None)]),
    ("事故共造成死亡3人", [("死亡人数", D(3), "人", None)]),
    ("被砍伐的杉木胸径均在5厘米以下，共计1,260株", [("幼树株数", D(1260), "株", None)]),
    ("累计下载3800次", [("数量", D(3800), "次", None)]),
    ("血液酒精含量为156mg/100ml", [("血液酒精含量", D(156), "mg/100ml", None)]),
    ("血液中乙醇含量为156.3毫克/100毫升", [("血液酒精含量", D("156.3"), "mg/100ml", None)]),
    ("查获假烟5千克", [("数量", D(5), "千克", None)]),
    ("约300公斤", [("数量", D(300), "千克", "约")]),
    ("销售假酒120至150瓶", [("数量", D(120), "瓶", "区间")]),
    ("非法捕捞水产品一千二百余公斤", [("数量", D(1200), "千克", "至少")]),
    ("非法采砂 1.2 吨", [("数量", D("1.2"), "吨", None)]),
    ("五六辆改装跑车", [("数量", D(5), "辆", "区间")]),
    ("化验出来总铬超标12.4倍。", [("数量", D("12.4"), "倍", None)]),
    ("总铬浓度超过国家排放标准32倍", [("数量", D(32), "倍", None)]),
    ("处违法经营额五倍以下的罚款", []),
    ("销售额翻了一倍。", []),
    ("查获肥皂300块。", [("数量", D(300), "块", None)]),
    ("一共被欠了二十三万六千块，", []),        # 五六 is five or six, never 56
    ("捕获野兔二三十只", [("数量", D(20), "只", "区间")]),
    ("挖了十几株春兰", [("数量", D(10), "株", "至少")]),
    ("23个人的工资", [("数量", D(23), "人", None)]),
    ("砸中工人覃某，覃某经抢救无效死亡。证据有死亡医学证明", [("死亡人数", D(1), "人", None)]),
    ("工人马某某被烧伤，经抢救无效于次日死亡，另有两名工人受轻伤",
     [("死亡人数", D(1), "人", None), ("轻伤人数", D(2), "名", None)]),
    ("王某未造成李某死亡", []),
    ("缴纳个人所得税", []),
    ("取保候审3个月", []),
    ("第5次会议", []),
    ("一次性支付", []),
    ("依据第3条", []),
    ("立木蓄积20立方米以上、幼树1000株以上或者价值5万元以上的，将被追究刑事责任", []),
    ("非法占用公益林地五亩以上的应予追诉，本案为4.2亩", [("面积", D("4.2"), "亩", None)]),
    ("如果捕捞水产品达到500公斤以上或者价值1万元以上，就涉嫌犯罪", []),
    ("或者复制品数量合计五百张（份）以上的，方属“有其他严重情节”", []),
    ("危险废物数量已接近三吨", [("数量", D(3), "吨", "不足")]),      # an upper bound, as for amounts
]


@pytest.mark.parametrize("text,expected", QUANTITIES, ids=[t for t, _ in QUANTITIES])
def test_quantities(text, expected):
    got = [(q.what, q.value, q.unit, q.qualifier) for q in extract_quantities(normalize_text(text))]
    assert got == expected


@pytest.mark.parametrize("raw,value", [
    ("8.6万", "86000"), ("八万六千", "86000"), ("86,000", "86000"), ("1.23456万", "12345.6"), ("两万", "20000"),
    ("一万二", "12000"), ("十", "10"), ("1千万", "10000000"), ("百万", "1000000"), ("abc", None), ("万", None), ("", None),
])
def test_parse_number(raw, value):
    assert parse_number(raw) == (Decimal(value) if value else None)


@pytest.mark.parametrize("raw,bounds", [
    ("五六", (5, 6)), ("两三万", (20000, 30000)), ("三四十", (30, 40)), ("一百五六", (150, 160)),
    ("五十六", None), ("二〇二三", None), ("六五", None), ("十", None),
])
def test_neighbouring_digits_are_a_range(raw, bounds):
    from assistant.intake.amounts import digit_pair_range
    assert digit_pair_range(raw) == (tuple(Decimal(b) for b in bounds) if bounds else None)
