"""Charge recognition on wordings the rules were not written from: named charges outside the index, objects without
conduct, and the rule of law that absorbs selling into 假冒注册商标."""
import pytest

from assistant.intake.documents import charges_named
from assistant.review.engine import default_engine


@pytest.fixture(scope="module")
def recognizer():
    return default_engine().recognizer


@pytest.mark.parametrize("text, names", [
    ("以上行为涉嫌销售假冒注册商标的商品罪，依法移送。", ["销售假冒注册商标的商品"]),
    ("被不起诉人邓某某涉嫌帮助信息网络犯罪活动罪，", ["帮助信息网络犯罪活动"]),
    ("判决被告人犯生产、销售伪劣产品罪，判处有期徒刑一年。", ["生产、销售伪劣产品"]),
    ("涉嫌掩饰、隐瞒犯罪所得罪", ["掩饰、隐瞒犯罪所得"]),
    ("公诉机关指控被告人构成侵犯著作权罪。", ["侵犯著作权"]),
    # not names: 犯罪嫌疑人, a generic 构成犯罪, a denied charge, an evidence list before 犯罪嫌疑人
    ("证据有检验结论书、厂家鉴定意见、犯罪嫌疑人蒋某某的供述", []),
    ("构成犯罪的，依法追究刑事责任", []),
    ("经审查，其行为不构成交通肇事罪。", []),
    ("被告人认罪认罚，有悔罪表现。", []),
    # words about charges, comparisons and questions are no characterisation
    ("承办人认为，本罪以违法所得数额较大为入罪条件。", []),
    ("糖果本身合格，所以不涉及生产、销售假药罪。", []),
    ("如果事故主要因安全生产设施不符合国家规定造成，则可能构成重大劳动安全事故罪。", []),
    ("有同志提出，是否可能涉及危险作业罪。", []),
    ("检察院认为卢某某销售金额较小、系初犯且认罪认罚，决定不起诉。", []),        # 初犯, 认罪 are no charge
    # a case title in the police's words
    ("你局移送的某公司涉嫌假冒注册商标案，我局已登记受案。", ["假冒注册商标"]),
])
def test_charges_named_in_text(text, names):
    assert charges_named(text) == names


def test_a_charge_outside_the_index_named_by_the_document_abstains(recognizer):
    facts = ("经审理查明：被告人赵某驾驶小型轿车超速行驶，与行人刘某相撞，致刘某死亡。经检验，赵某血液酒精含量为35mg/100ml。"
             "本院认为，被告人赵某违反交通运输管理法规，因而发生重大事故，致一人死亡，其行为已构成交通肇事罪。")
    candidates, why = recognizer.recognize(facts)
    assert candidates == [] and "交通肇事罪" in why


def test_a_denied_charge_is_not_taken_as_the_documents_own(recognizer):
    facts = "经查，王某在禁渔期内使用电鱼器具在河道内捕鱼，渔获物12公斤。其行为不构成盗窃罪。"
    candidates, _ = recognizer.recognize(facts)
    assert candidates and candidates[0].name == "非法捕捞水产品"


def test_an_object_alone_names_no_charge(recognizer):
    # 野猪 and 砂石 are what the hunting and mining charges are about, not conduct
    facts = "2025年3月，李某驾驶货车运输砂石途中撞伤一头横穿公路的野猪，交警到场处理，未发现其他违法行为。"
    candidates, why = recognizer.recognize(facts)
    assert candidates == [] and why


def test_an_object_counts_beside_the_conduct(recognizer):
    facts = "2025年12月，张某在禁猎期内于XX山林中布设猎套，捕获野猪1头、野兔3只，被巡护人员查获。"
    candidates, _ = recognizer.recognize(facts)
    assert candidates[0].name == "非法狩猎"
    assert {"野猪", "野兔"} <= set(candidates[0].triggers)


def test_producer_who_also_sells_is_recognised_as_trademark_counterfeiting(recognizer):
    facts = ("经查，周某从外地购进低价散装白酒，灌装进回收的“茅台”酒瓶，封上假冒的瓶盖和防伪标后对外销售，"
             "经商标权利人鉴定，均为假冒注册商标的商品，已销售800瓶。")
    candidates, _ = recognizer.recognize(facts)
    assert candidates[0].name == "假冒注册商标"
    assert "知识产权刑事解释#8" in candidates[0].reason
    assert candidates[1].name == "销售假冒注册商标的商品"


def test_seller_whose_supplier_is_a_factory_stays_a_seller(recognizer):
    facts = ("当事人通过网店销售标有“玛珂”注册商标的电动牙刷，商品购自深圳一家未获授权的电子加工厂，进货时未索取任何商标授权文件。"
             "经商标注册人鉴定，上述商品均系假冒注册商标的商品，销售金额6万余元。")
    candidates, _ = recognizer.recognize(facts)
    assert candidates[0].name == "销售假冒注册商标的商品"


def test_drunk_riding_a_non_motor_vehicle_is_excluded_with_the_reason(recognizer):
    facts = ("被处罚人醉酒后驾驶电动自行车上路行驶，血液酒精含量为126mg/100ml。经核查，该车符合《电动自行车安全技术规范》，"
             "属于非机动车。")
    candidates, why = recognizer.recognize(facts)
    assert candidates == [] and "不考虑危险驾驶罪" in why and "机动车" in why


def test_licensed_retailer_who_wholesales_is_still_suspected(recognizer):
    facts = ("店主刘某某持有烟草专卖零售许可证，但上述卷烟均不是从县烟草公司进货，而是向外省烟贩下单，"
             "除店里零卖外还批给附近五家超市，经营卷烟数额6.2万元。")
    candidates, _ = recognizer.recognize(facts)
    assert candidates[0].name == "非法经营"


def test_buying_felled_timber_is_not_theft_of_trees(recognizer):
    facts = ("詹某某先后9次从他人手中收购马尾松原木，卖方不能提供林木采伐许可证，詹某某承认知道是从山上偷砍的，"
             "折合立木蓄积28.6立方米。")
    candidates, why = recognizer.recognize(facts)
    assert all(c.name not in ("盗伐林木", "滥伐林木") for c in candidates)


def test_an_exclusion_must_say_when_or_absent(tmp_path):
    import shutil

    import yaml

    from assistant.review_index import load_review_index
    from assistant.review_index.errors import ReviewIndexError
    from assistant.review_index.loader import CASES_ROOT, REVIEW_INDEX_ROOT

    root = tmp_path / "review_index"
    shutil.copytree(REVIEW_INDEX_ROOT, root)
    path = root / "危险驾驶.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["excluded_when"] = [{"reason": "没有写条件"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ReviewIndexError, match="when 与 absent"):
        load_review_index(root, CASES_ROOT)


@pytest.mark.parametrize("facts, charge", [
    ("村民反映：有人趁夜里把山上集体的松树锯了十几棵，用拖拉机拉到镇上木材厂卖掉了。", "盗伐林木"),
    ("我家自留山上的杉树，我自己砍了几十棵卖钱，没办采伐证。", "滥伐林木"),
    ("群众反映：某诊所老板没有行医执照，长期给村民打吊针。", "非法行医"),
    ("网格员：厂里把电镀车间的废水用管子偷偷排到河里，河水发黄发臭。", "污染环境"),
    ("工地老板拖欠二十多个工人半年工资不给，人跑了，电话也不接。", "拒不支付劳动报酬"),
])
def test_plain_reports_are_recognised_by_the_rules(recognizer, facts, charge):
    candidates, _ = recognizer.recognize(facts)
    assert candidates and candidates[0].name == charge and candidates[0].triggers


# A fact that takes away an element of the charge (or the document's own finding that the conduct is absent) drops the
# charge, with the reason; the near twin without that fact is still recognised.
@pytest.mark.parametrize("facts, twin, charge", [
    ("举报称钱某乙滥伐林木。经查，钱某乙砍伐的是其宅基地房前屋后自家栽种的杨树23株，出材约6.5立方米。",
     "钱某乙未办采伐证，雇人砍伐其承包山林的杨树23株，出材约6.5立方米，卖给木材收购点。", "滥伐林木"),
    ("当事人取得林木采伐许可证后在桉树商品林内采伐，经伐区验收，采伐面积和蓄积均未超出许可范围，但逾期未完成更新造林，林业局对其罚款。",
     "当事人持林木采伐许可证皆伐桉树商品林210亩，经伐区验收，实际采伐蓄积超出许可数量186立方米。", "滥伐林木"),
    ("当事人在同一种商品大米上使用与他人注册商标“金穗香”近似的“金稻香”商标，销售该大米1,360袋，销售金额6.8万元。",
     "当事人明知是假冒“金穗香”注册商标的大米仍予以销售，共1,360袋，销售金额6.8万元。", "销售假冒注册商标的商品"),
    ("举报称文具店无证非法经营家电。处理意见：当事人超出登记的经营范围兼营小家电，属于无需许可的一般经营项目，累计销售额约5.4万元。",
     "当事人未取得烟草专卖零售许可证，在店内兼营卷烟，累计销售额约5.4万元。", "非法经营"),
    ("举报称该餐馆偷税。经检查，收入已全部计入当期收入并如实申报，未发现隐匿收入、少申报税款的情形，仅应开未开发票63笔。",
     "经检查，该餐馆采取隐匿收入的手段少申报，逃避缴纳税款32万元，占应纳税额25%，经追缴通知后未补缴。", "逃税"),
    ("该公司在直播间宣称其固体饮料可以替代降糖药，经抽样送检，产品各项指标均符合食品安全国家标准，未检出药物成分或其他非法添加物质。",
     "该作坊往辣椒面里掺红砖粉和苏丹红，一斤一袋批发给饭店，送检检出苏丹红Ⅳ号。", "生产、销售有毒、有害食品"),
    ("信访人称村民“非法倒卖土地”。处理意见：该行为属于农户依法自愿流转土地经营权，不存在非法转让、倒卖土地使用权的情形。",
     "村民武某某将承包的8.5亩耕地以38万元“卖”给外地商人建冷库，签订永久转让协议，从中牟利。", "非法转让、倒卖土地使用权"),
    ("KTV员工未经著作权人许可，将音乐电视作品2,300余首下载复制到店内点歌系统服务器，供38个包厢的消费者点播放映，未向店外提供，"
     "未出售、出租曲库。", "当事人未经著作权人许可，将2,300余首音乐电视作品复制后刻录成光盘对外出售，销售金额6万元。", "侵犯著作权"),
    ("网友称企业违章作业，发生重大安全事故，有工人死亡。经调查，工人项某某休息时突然倒地，系急性心肌梗死，排除了外力致死，不属于生产安全事故。",
     "工人项某某在分拣线作业时被卷入传送带，经抢救无效死亡，事故调查认定企业违反操作规程。", "重大责任事故"),
    ("网友称禁渔期有人在江边钓鱼。渔政回复：垂钓人员均为手竿垂钓，一人一杆、一线一钩，未发现违规钓具。",
     "禁渔期内，李某在江边使用电鱼器电鱼，捕获鱼类30余斤。", "非法捕捞水产品"),
    ("村民称乡里修公路挖掘机推平了二十多亩耕地，占用基本农田。自然资源局答复：该项目已取得省人民政府建设用地批复，属依法批准的建设用地。",
     "王某未经批准在承包的二十多亩耕地上建厂房，推平耕地硬化地面。", "非法占用农用地"),
    ("投诉人称门诊部是黑诊所、假医生，给人做双眼皮手术。经查，门诊部有医疗机构执业许可证，手术医生持有医师执业证书，执业范围为美容外科。",
     "美容店老板没有医师资格，在店里给人割双眼皮、打玻尿酸。", "非法行医"),
    ("网帖质疑村干部倒卖土地。经查，村里312亩承包地的经营权经全体承包农户书面委托统一流转给农业公司种植猕猴桃，合同已备案，"
     "土地仍用于农业种植，未改变土地用途。",
     "村民武某某将承包的8.5亩耕地以38万元“卖”给外地商人建冷库，签订永久转让协议，从中牟利。", "非法转让、倒卖土地使用权"),
    ("彩印公司受酒业公司委托印制印有“XX”注册商标的酒瓶标贴62,000枚。商标注册人已授权委托方使用该商标，并签订商标使用许可合同备案。",
     "彩印公司未经商标注册人许可，擅自印制印有“XX”注册商标的酒瓶标贴62,000枚，卖给他人。", "非法制造、销售非法制造的注册商标标识"),
    ("海关查明：当事人申报进口伺服电机11票，其中7票税则号列申报有误，造成少征税款6.8万元。当事人在内部审计中自行发现差错，"
     "以主动披露方式报告并补缴税款，涉嫌走私的举报不实。",
     "海关查明：当事人通过伪报品名、低报价格的方式申报进口伺服电机11票，偷逃应缴税款68万元。", "走私普通货物、物品"),
    ("花鸟市场商户摊位内笼养待售鹦鹉118只，经林业局辨识均为虎皮鹦鹉、玄凤鹦鹉，属人工繁育技术成熟、长期作为宠物饲养的种类，"
     "不在国家重点保护野生动物名录内。",
     "花鸟市场商户出售从野外捕获的灰鹦鹉3只，经鉴定为国家一级保护野生动物，价值3万元。", "危害珍贵、濒危野生动物"),
    ("信访人反映邓某某在耕地上建大棚占用耕地十余亩。经核实，该地块为设施农业用地，已经镇政府备案，用于种植番茄、黄瓜，"
     "无住宿、餐饮等经营。", "邓某某未经批准在耕地上建砖混房屋十余亩，用于经营农家乐。", "非法占用农用地"),
    ("17名工人反映工厂拖欠工资8.7万元。双方对计件单价有争议，监察大队告知工人申请劳动仲裁，案件在审理中。"
     "至今监察大队未向该厂下达责令支付文书，厂长每天照常到厂。",
     "工厂拖欠17名工人工资8.7万元，人社局下达限期支付指令书后，老板仍不支付并逃匿。", "拒不支付劳动报酬"),
    ("群众反映高速公路项目部偷挖土方、非法采矿。经核查，取土场系经批准的项目临时用地及取土场，所取黏土全部用于本标段路基填筑，"
     "未外运销售。", "王某未取得采矿许可证，在河道内采砂1.2万吨对外销售，获利30万元。", "非法采矿"),
    ("网传“河里死鱼是化工厂偷排所致”。生态环境局采样监测，河段水体各项指标均符合地表水Ⅲ类标准，园区在线监测数据无异常，"
     "排口未发现违规排放，死鱼系高温缺氧所致。", "化工厂通过暗管将含铬废水排入河中，经监测总铬超标12倍。", "污染环境"),
    ("23名员工投诉公司拖欠加班费3.2万元。监察大队送达《劳动保障监察限期改正指令书》，责令其10日内补足；公司于期限内将加班费差额"
     "3.2万元全部补发到员工银行卡。", "公司拖欠23名员工工资3.2万元，监察大队下达限期改正指令书后，公司逾期仍未支付，老板逃匿。",
     "拒不支付劳动报酬"),
    ("工人发帖称老板恶意拖欠工资。经查，拖欠工资已通过仲裁调解全部清偿，不存在经责令支付仍拒不支付的情形，不予立案。",
     "老板拖欠23名工人工资41万元，人社局下达限期支付指令书后仍不支付，老板逃匿。", "拒不支付劳动报酬"),
])
def test_a_fact_that_takes_away_an_element_drops_the_charge(recognizer, facts, twin, charge):
    candidates, why = recognizer.recognize(facts)
    assert candidates == [] and "不考虑" in why, (candidates, why)
    kept, _ = recognizer.recognize(twin)
    assert kept and kept[0].name == charge


def test_denying_the_crime_is_not_denying_the_conduct(recognizer):
    # 法定不起诉 "不构成…罪" keeps the charge's domain: the administrative penalty is still the agency's
    facts = ("经审查，柏某某销售超过有效期的药品，应认定为劣药，现有证据未显示对人体健康造成严重危害，"
             "柏某某的行为不构成销售劣药罪，决定不起诉。")
    candidates, _ = recognizer.recognize(facts)
    assert candidates and candidates[0].name == "生产、销售、提供劣药"


def test_felling_someone_elses_trees_is_theft_of_trees_whatever_the_agency_calls_it(recognizer):
    candidates, _ = recognizer.recognize("村民田某未办理采伐手续，进入邻组村民承包的杉木林，砍伐成材杉木37株。林业站拟按滥伐林木处理。")
    assert candidates and candidates[0].name == "盗伐林木"
    own, _ = recognizer.recognize("村民田某未办理采伐手续，砍伐自己承包山上的杉木37株，拉回家中建房。林业站拟按滥伐林木处理。")
    assert own and own[0].name == "滥伐林木"


def test_what_the_defence_argues_is_no_finding(recognizer):
    court = ("经审理查明：该公司抛光车间除尘系统未按照国家粉尘防爆安全规程的要求设计、安装，未设置泄爆、隔爆装置，"
             "车间内铝粉尘大量积聚。2023年9月14日，除尘器内铝粉尘发生爆炸，造成2名工人死亡。")
    defence = "关于辩护人提出“事故系当班工人违章作业、违反操作规程引发，应由作业人员承担责任”的辩护意见，经查不能成立。"
    alone, _ = recognizer.recognize(court)
    both, _ = recognizer.recognize(court + defence)
    assert alone[0].name == both[0].name == "重大劳动安全事故"


def test_a_charge_the_document_rejects_by_name_loses_its_weight(recognizer):
    # the police transferred it as 盗伐; the procuratorate finds the trees the suspect's own, i.e. 滥伐
    facts = ("本案由县公安局以被不起诉人孙某某涉嫌盗伐林木罪移送审查起诉。经审查查明：孙某某在其本人依法承包经营的林地内，"
             "未申请林木采伐许可证，砍伐自己早年栽种的马尾松87株，立木蓄积7.9立方米。本院认为，孙某某采伐的是其本人承包经营的林木，"
             "主观上不具有非法占有他人林木的目的，不构成盗伐林木罪；其未经许可采伐的行为属于滥伐。")
    candidates, _ = recognizer.recognize(facts)
    assert candidates and candidates[0].name == "滥伐林木"
    # a court rejecting the accusation leaves nothing of it
    facts = ("被告人胡某某饮酒后驾驶小型越野车超速行驶，与电动自行车相撞，致一人死亡，血液中乙醇含量为46.3mg/100ml。"
             "代理人提出还应以危险驾驶罪数罪并罚。本院认为，胡某某未达到醉酒标准，依法不构成危险驾驶罪，其行为构成交通肇事罪。")
    candidates, _ = recognizer.recognize(facts, "危险驾驶")
    assert not candidates


def test_a_conditional_clause_is_no_finding(recognizer):
    candidates, _ = recognizer.recognize("来电人反映装修公司拖延工期、墙面开裂，要求退款。处理：告知此为合同纠纷，"
                                         "如发现使用假冒伪劣材料，可另向市场监管部门投诉。")
    assert not candidates


def test_felling_ones_own_trees_without_a_permit_is_illegal_felling(recognizer):
    # no wording of 滥伐 itself; the fact that takes 盗伐 away (the trees are his own) shows 滥伐
    facts = ("稽查底稿：林农冯某持采伐许可证，核准地点为5号小班。外业复核发现其越界盗伐相邻6号小班的杉木312株，"
             "折合立木蓄积17.3立方米。6号小班系冯某自留山，林权证登记在冯某本人名下。")
    candidates, _ = recognizer.recognize(facts)
    assert candidates and candidates[0].name == "滥伐林木"
    assert any("事实指向本罪" in r for r in candidates[0].reason.split("；"))


# Facts that look like a charge but are not its conduct: the charge must not be among the candidates at all.
NOT_THE_CHARGE = [
    # a licensed retailer selling to a minor is an administrative matter, not unlicensed tobacco business
    ("当事人持有烟草专卖零售许可证。店员向一名初中生出售“红塔山”卷烟1包，收款10元。店内在售卷烟均有烟草公司配送单据，"
     "未发现假冒、走私卷烟。", "非法经营"),
    # the court's own finding that the drug is not a fake one (妨害药品管理罪 lies outside the index)
    ("公诉机关以销售假药罪提起公诉。本院认为，未经批准进口的药品不再按假药论处，本案涉案药品成分与标示相符，不属于假药；"
     "被告人明知该药品未取得我国药品批准证明文件而销售，足以严重危害人体健康，其行为构成妨害药品管理罪。", "生产、销售、提供假药"),
    # treating animals is no practice of medicine, whatever the report calls it
    ("村民伍某某没有执业兽医资格，多年来走村串户给猪、牛看病打针，非法行医，被执法队没收兽药并罚款。", "非法行医"),
]


@pytest.mark.parametrize("facts, charge", NOT_THE_CHARGE, ids=[c for _, c in NOT_THE_CHARGE])
def test_facts_that_are_not_the_charges_conduct(recognizer, facts, charge):
    candidates, _ = recognizer.recognize(facts)
    assert all(c.name != charge for c in candidates)


def test_an_accident_with_a_death_is_no_endangering_operation(recognizer):
    facts = ("员工邝某某在清理四面刨出料口卡料时，未停机即用手拨料，右臂被卷入设备，送医后抢救无效死亡。调查发现四面刨防护罩已拆除未恢复，"
             "设备未设置急停联锁装置，车间主任明知防护罩拆除仍安排员工作业。")
    candidates, _ = recognizer.recognize(facts)
    assert candidates and candidates[0].name != "危险作业"


def test_a_finding_that_the_person_did_not_know_abstains_but_a_gap_in_proof_does_not(recognizer):
    # a landlord at the centre of someone else's crime: the review names no charge for him
    landlord = ("蒋某将闲置仓库以市场价出租给聂某，聂某在仓库内灌装假冒白酒并销售。经查，蒋某仅按月收取租金，"
                "现有证据不能证明蒋某知道或者应当知道聂某在仓库内制售假酒，其行为不构成犯罪。")
    candidates, why = recognizer.recognize(landlord)
    assert candidates == [] and "不明知" in why
    # "not yet proven" is a gap the procurator asks to fill, the charge stays
    pending = ("王某明知他人无烟草专卖许可证，仍为其介绍买家并运输卷烟26万支，价值39.2万元。"
               "另一参与人李某的聊天记录尚未调取，现有材料尚不足以证明其明知。")
    kept, _ = recognizer.recognize(pending)
    assert kept and kept[0].name == "非法经营"


def test_a_news_storys_legal_commentary_is_no_finding(recognizer):
    story = ("网店把普通大米宣传为“降三高长寿米”，经检验大米各项指标合格，使用的是自有注册商标。市场监管局以虚假宣传罚款20万元。\n"
             "律师说法：如果大米贴的是别人的注册商标，那就涉及销售假冒注册商标的商品；本案属于行政违法。")
    candidates, _ = recognizer.recognize(story)
    assert candidates == []


def test_taking_off_anothers_mark_and_selling_under_ones_own_is_no_counterfeiting(recognizer):
    # 反向假冒: 商标法#57 第（五）项, an administrative wrong; the label printer who works to order stays 215
    reverse = ("当事人购进“恒轮”牌轴承4,200套，将轴承外圈上刻印的“恒轮”注册商标打磨去除，并将原包装盒更换为印有当事人"
               "自有注册商标“精驰”的包装盒后销售，违法经营额217,000元。")
    candidates, why = recognizer.recognize(reverse)
    assert candidates == [] and "反向假冒" in why
    printer = ("刘某某未获商标权利人授权，按照买家提供的样品批量印制“玉泉春”白酒瓶标和外包装盒，发往外省的灌装窝点，已发货约5.6万套。")
    kept, _ = recognizer.recognize(printer)
    assert kept and kept[0].name == "非法制造、销售非法制造的注册商标标识"


def test_a_charge_named_by_its_article_is_that_charge(recognizer):
    facts = "本院认为，该公司关闭可燃气体报警装置后继续动火作业，邱某的行为涉嫌刑法第一百三十四条之一规定之罪，建议你局移送公安机关。"
    candidates, _ = recognizer.recognize(facts)
    assert candidates and candidates[0].name == "危险作业"


# Wordings that name the charge only through the conduct, an old or short charge name, or a terse record; each row
# says which mechanism it exercises. The charge the facts support must come first.
WORDINGS = [
    # the transfer letter names 刑法#205, the invoices are ordinary ones (exclusion with instead:)
    ("税务局移送：万某某在未实际提供劳务的情况下为三家公司开具增值税普通发票78份，票面金额43.5万元，涉嫌虚开增值税专用发票罪。",
     "虚开发票"),
    # charge names before the 2021 and 2023 changes, 涉嫌…一案
    ("犯罪嫌疑人黄某涉嫌非法收购珍贵、濒危野生动物一案，由我局于2019年12月2日立案侦查。", "危害珍贵、濒危野生动物"),
    ("犯罪嫌疑人包某某涉嫌非法收购、运输国家重点保护植物一案，现已侦查终结。", "危害国家重点保护植物"),
    # a permit that was never issued does not excuse the felling
    ("经审理查明：被告人谢某承包本村集体山场并自行栽植马尾松，林木归其个人所有。2022年11月，谢某在未向林业主管部门申请"
     "办理林木采伐许可证的情况下，将马尾松成片砍伐出售。本院认为，谢某未经林业主管部门批准并核发采伐许可证，任意采伐本人"
     "所有的林木，数量较大，其行为已构成滥伐林木罪。", "滥伐林木"),
    # a denial (不属于国家规划矿区) reaches only its own clause
    ("吕某某未取得采矿许可证，雇请挖掘机在承包的荒山坡地上开采花岗岩石料，破碎后销售，价值6.8万元。涉案地点不属于国家规划矿区，"
     "亦非禁采区，吕某某此前未因非法采矿受过处罚。本院认为，吕某某的行为尚未达到非法采矿罪“情节严重”的标准。", "非法采矿"),
    # a short charge name
    ("本院认为，被告人吴某某擅自制造他人两种注册商标标识七千二百件，应当以非法制造注册商标标识罪追究其刑事责任。",
     "非法制造、销售非法制造的注册商标标识"),
    # official descriptions without the charge name
    ("交警检查发现一辆普通栏板货车车厢内用篷布遮盖装载标注“甲醇”字样的铁桶36桶，混装液化石油气钢瓶15只，车辆未悬挂危险货物标志，"
     "驾驶人无危险货物道路运输从业资格。", "危险驾驶"),
    ("当事人在未取得品牌授权的情况下，在宾馆门头、房卡上使用与他人在第43类宾馆服务上注册的“憩程”商标相同的标识，违法所得5.8万元。",
     "假冒注册商标"),
    # terse records and flattened tables
    ("案件登记表：当事人 韦某某｜涉案商品 “NIKE”运动鞋｜鉴定 商标权利人出具鉴定书，均系假冒｜已售 214双×180元｜处理结果 罚款", "销售假冒注册商标的商品"),
    ("采伐证：XX林采〔2024〕第017号｜许可：桉树15m³｜实伐：桉树41.2m³｜超采：26.2m³｜处理：责令补种+罚款", "滥伐林木"),
    ("张某某笔录：“那几头猪是隔壁屯老蒙家的，发瘟死的，我拉回来烫毛、分块，拿去镇上早市卖。”", "生产、销售不符合安全标准的食品"),
    ("旅客陈某某经口岸入境，行李内未申报iPhone 16 Pro 12部，计税价格9.8万元；该旅客此前两次因同类行为被海关行政处罚。", "走私普通货物、物品"),
    ("南方红豆杉3株（野生，胸径12—18cm，国家一级保护）｜采挖人：骆某某｜用途：卖给城里苗木商｜处理：收缴植株+罚款", "危害国家重点保护植物"),
    # fish feared to die of disease are no dead livestock
    ("摊主廖某为防止活鱼在暂养中患水霉病死亡，在暂养池水中定期投放孔雀石绿粉剂，期间销售水产品约5.3万元，抽检检出孔雀石绿。",
     "生产、销售有毒、有害食品"),
    # a pretext of one's own hill does not make collective trees one's own
    ("吴某某在未办理林木采伐许可证的情况下，以“清理自家山场”为名，雇人在村民小组集体所有、已发包给村民杨某某经营的"
     "商品林采伐杉木46株，明知该山场林木不属于自己，仍将木材卖给加工厂。", "盗伐林木"),
    # township enforcement records
    ("当事人未取得燃气经营许可证，在自家院内用电动抽气泵把50公斤装液化石油气钢瓶里的气倒灌进15公斤装钢瓶，卖给周边餐馆。", "危险作业"),
    ("护林员巡山发现后山一带铁夹20多个，其中一个夹着野兔1只，另有被夹死的野鸡2只，系村民何某某所放。", "非法狩猎"),
    ("市场监管所抽检时，在当事人零售的散装“虎鞭鹿茸酒”中检出西地那非成分。", "生产、销售有毒、有害食品"),
    ("居民在理疗馆接受针灸后出现气胸住院。给其扎针的店主称自学中医多年，拿不出医师资格证书。", "非法行医"),
    # a seller who puts bought labels on his own goods uses the mark (213), the labels are his means
    ("汽配店老板从外地购入无标识的散装刹车片，又网购印有“博安”注册商标的包装盒和防伪标贴，由店员逐片装盒、贴标，"
     "冒充原厂刹车片销售给维修厂。", "假冒注册商标"),
    ("当事人未经许可，在其茶饮门店的门头招牌、菜单墙和杯套上使用与他人“茶X记”注册商标完全相同的标识，营业收入41.3万元。",
     "假冒注册商标"),
    ("当事人从拆解企业按废品价收购拆车发电机，清洗、喷漆、更换铭牌后装入新包装盒，以“原厂全新件”名义卖给修理厂。",
     "生产、销售伪劣产品"),
    ("区卫健委查获诊所冰箱内标注“A型肉毒毒素”的注射剂12支，经检验均未检出A型肉毒毒素，诊所已为46人次注射，收费5.8万元。",
     "生产、销售、提供假药"),
    ("抽检发现某米业公司生产的大米镉（以Cd计）项目不符合GB 2762《食品安全国家标准 食品中污染物限量》要求。",
     "生产、销售不符合安全标准的食品"),
    # villagers' and ledgers' words for the trademark family
    ("他晚上把没牌子的复合肥从原来的袋子里倒出来，再装进印着“丰沃”两个字和麦穗图案的袋子里，说是原厂货往邻县拉。", "假冒注册商标"),
    ("14｜2026-02-11｜五金店冯某｜店内在售“锐达”牌电钻32台，经权利人确认为假冒｜共售出同款假冒“锐达”电动工具163台，货款58,400元",
     "销售假冒注册商标的商品"),
    ("寄件人谭某称，印有“星辰”商标的手机包装盒和贴标是他从印刷厂老板手里低价收来的，准备转卖给外省客户；经商标注册人确认，"
     "上述包装盒及标签均非其授权印制。", "非法制造、销售非法制造的注册商标标识"),
    ("打印店长期整本复印考研辅导书和考公教材，胶装成册对外出售，比书店正版便宜一大半。", "侵犯著作权"),
    # the food and drug family by test results and practices
    ("公司员工用酒精将已过保质期的进口饼干外包装上的原生产日期擦除后重新喷印新日期，准备销售。", "生产、销售伪劣产品"),
    ("县畜牧兽医站对其养殖场存栏肉牛采集尿样6份，其中3份克伦特罗呈阳性。", "生产、销售有毒、有害食品"),
    ("药库冷藏柜故障，柜内温度持续超标，保管员仍将柜内缩宫素注射液正常发放至病区，经检验效价不足。", "生产、销售、提供劣药"),
]


@pytest.mark.parametrize("facts, charge", WORDINGS, ids=[f[:16] for f, _ in WORDINGS])
def test_wordings_name_the_charge(recognizer, facts, charge):
    candidates, _ = recognizer.recognize(facts)
    assert candidates and candidates[0].name == charge
