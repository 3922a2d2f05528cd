"""Vocabulary of the synthetic month: agencies, their fields and weights, the violations each handles (with the
review-index charge and metric for those that have a prosecution threshold), names, places and items.

Weights follow the shape of the seeds: 市场监管 dominates the case count, 安全生产 cases are mostly 隐患管理 (义乌: 40%),
and the agencies 麻城 lists as supervision priorities (林业、环保、国土、烟草、税务) are all present. A violation whose
charge is missing from the review index is generated without comparable amounts.
"""
from __future__ import annotations

from dataclasses import dataclass

CITY = "临江市"


@dataclass(frozen=True)
class Violation:
    cause: str
    weight: float
    facts: str                        # with {item}; names and places have their own columns
    items: tuple[str, ...] = ("",)
    charge: str | None = None         # review-index charge whose threshold the amount is compared with
    metric: str | None = None         # 销售金额 / 违法所得数额 / 货值金额 / 非法经营数额 / 价值 / 数量
    unit: str | None = None           # for 数量: as written in the export
    penalties: tuple[str, ...] = ("罚款",)
    fine: tuple[int, int] = (2000, 50000)
    unit_party: float = 0.3           # share of 单位 parties


@dataclass(frozen=True)
class Agency:
    name: str
    short: str                        # for case numbers: 临市监处〔2026〕123号
    field: str
    weight: float
    violations: tuple[Violation, ...]


_CONFISCATE = ("罚款", "没收违法所得", "没收违法物品")

AGENCIES: tuple[Agency, ...] = (
    Agency(f"{CITY}市场监督管理局", "临市监处", "市场监管", 30, (
        Violation("销售假冒注册商标的商品", 6, "当事人销售假冒他人注册商标的{item}，被执法人员现场查获。",
                  ("白酒", "运动鞋", "皮具箱包", "化妆品", "手机配件", "服装"), "销售假冒注册商标的商品", "销售金额",
                  penalties=_CONFISCATE),
        Violation("假冒注册商标", 2, "当事人未经商标注册人许可，在同一种商品{item}上使用与其注册商标相同的商标。",
                  ("服装", "五金工具", "润滑油"), "假冒注册商标", "非法经营数额", penalties=_CONFISCATE),
        Violation("生产、销售伪劣产品", 3, "当事人销售以次充好的{item}，经抽检不合格。",
                  ("电线电缆", "复合肥料", "建筑钢材", "汽车配件"), "生产、销售伪劣产品", "销售金额", penalties=_CONFISCATE),
        Violation("非法制造、销售非法制造的注册商标标识", 1, "当事人擅自制造他人注册商标标识{item}并对外销售。",
                  ("商标标签", "包装盒"), "非法制造、销售非法制造的注册商标标识", "数量", "件", penalties=_CONFISCATE),
        Violation("未按规定明码标价", 8, "当事人经营{item}未按规定明码标价。", ("日用品", "餐饮服务", "停车服务"),
                  fine=(500, 5000)),
        Violation("经营超过保质期的食品", 6, "当事人经营超过保质期的{item}。", ("饮料", "调味品", "糕点"),
                  fine=(2000, 30000)),
        Violation("发布虚假广告", 4, "当事人在宣传{item}时发布虚假广告，对商品功效作虚假宣传。", ("保健用品", "家电"),
                  fine=(5000, 100000)),
        Violation("未履行进货查验义务", 4, "当事人经营{item}未履行进货查验义务。", ("冻品", "蔬菜", "食用油"),
                  fine=(2000, 20000)),
        Violation("无营业执照从事经营活动", 3, "当事人未依法取得营业执照从事{item}经营活动。", ("餐饮", "维修", "美容"),
                  fine=(1000, 10000), unit_party=0.0),
    )),
    Agency(f"{CITY}生态环境局", "临环罚", "生态环境", 9, (
        Violation("污染环境", 2, "当事人非法处置{item}，未交由有资质单位处置。", ("危险废物", "废矿物油", "含重金属污泥"),
                  "污染环境", "数量", "吨", fine=(50000, 500000), unit_party=0.8),
        Violation("超标排放大气污染物", 5, "当事人超过排放标准排放{item}。", ("废气",), fine=(100000, 1000000), unit_party=1.0),
        Violation("未依法进行环境影响评价擅自开工建设", 3, "当事人的建设项目未依法报批环境影响评价文件即开工建设。", ("",),
                  fine=(50000, 300000), unit_party=1.0),
        Violation("未按规定设置危险废物识别标志", 3, "当事人未按规定设置危险废物识别标志。", ("",), fine=(10000, 100000),
                  unit_party=1.0),
    )),
    Agency(f"{CITY}应急管理局", "临应急罚", "安全生产", 9, (
        Violation("未按规定排查治理事故隐患", 8, "当事人未按规定建立事故隐患排查治理制度，生产经营场所存在事故隐患未及时消除。", ("",),
                  fine=(10000, 100000), unit_party=1.0),
        Violation("危险化学品违规储存", 4, "当事人违规储存{item}，混放混存。", ("油漆稀释剂", "液化石油气", "硫酸"),
                  fine=(50000, 200000), unit_party=0.9),
        Violation("特种作业人员未持证上岗", 3, "当事人安排未取得特种作业操作证的人员从事{item}。", ("电焊作业", "高处作业"),
                  fine=(10000, 50000), unit_party=1.0),
        Violation("未按规定开展安全生产教育和培训", 3, "当事人未按规定对从业人员进行安全生产教育和培训。", ("",),
                  fine=(10000, 50000), unit_party=1.0),
        Violation("未为从业人员提供符合标准的劳动防护用品", 2, "当事人未为从业人员提供符合国家标准的劳动防护用品。", ("",),
                  fine=(5000, 30000), unit_party=1.0),
    )),
    Agency(f"国家税务总局{CITY}税务局", "临税罚", "税务", 7, (
        Violation("未按照规定期限办理纳税申报", 6, "当事人未按照规定期限办理纳税申报和报送纳税资料。", ("",), fine=(200, 2000)),
        Violation("未按规定开具发票", 4, "当事人在经营{item}业务时未按规定开具发票。", ("餐饮", "建材", "运输"),
                  fine=(1000, 10000)),
    )),
    Agency(f"{CITY}烟草专卖局", "临烟罚", "烟草专卖", 6, (
        Violation("无烟草专卖零售许可证经营烟草制品", 5, "当事人无烟草专卖零售许可证经营{item}。", ("卷烟", "雪茄烟"),
                  "非法经营", "非法经营数额", penalties=("罚款", "没收违法物品"), unit_party=0.1),
        Violation("销售假冒伪劣卷烟", 2, "当事人销售假冒伪劣{item}。", ("卷烟",), "生产、销售伪劣产品", "销售金额",
                  penalties=("罚款", "没收违法物品"), unit_party=0.1),
        Violation("未在当地烟草专卖批发企业进货", 3, "当事人经营烟草制品，未在当地批发企业进货。", ("",),
                  fine=(500, 5000), unit_party=0.1),
    )),
    Agency(f"{CITY}林业局", "临林罚", "林业", 6, (
        Violation("盗伐林木", 3, "当事人未经林权人同意，擅自砍伐{item}。", ("杉木", "松木", "杨树"), "盗伐林木", "数量",
                  "立方米", penalties=("罚款", "责令补种"), unit_party=0.0),
        Violation("滥伐林木", 3, "当事人超出采伐许可证规定的数量，采伐{item}。", ("杉木", "松木", "桉树"), "滥伐林木",
                  "数量", "立方米", penalties=("罚款", "责令补种"), unit_party=0.2),
        Violation("非法占用林地", 2, "当事人未经批准占用林地修建{item}。", ("养殖棚", "简易房"), "非法占用农用地", "数量",
                  "亩", penalties=("罚款", "责令恢复原状"), unit_party=0.3),
        Violation("未按规定进行林业植物检疫", 2, "当事人调运{item}未按规定办理植物检疫证书。", ("苗木", "原木"), fine=(1000, 10000)),
    )),
    Agency(f"{CITY}农业农村局", "临农罚", "农业农村", 8, (
        Violation("非法捕捞水产品", 3, "当事人使用禁用方法捕捞{item}。", ("鱼类", "虾蟹类"), "非法捕捞水产品", "数量",
                  "公斤", penalties=("罚款", "没收渔获物", "没收渔具"), fine=(500, 10000), unit_party=0.0),
        Violation("经营不合格农药", 3, "当事人经营有效成分含量不合格的{item}。", ("除草剂", "杀虫剂"), fine=(5000, 50000)),
        Violation("未按规定建立兽药使用记录", 2, "当事人未按规定建立兽药使用记录。", ("",), fine=(1000, 10000)),
    )),
    Agency(f"{CITY}自然资源和规划局", "临自然罚", "自然资源", 7, (
        Violation("非法采矿", 3, "当事人未取得采矿许可证，擅自开采{item}。", ("河砂", "建筑石料", "黏土"), "非法采矿", "价值",
                  penalties=("罚款", "没收违法所得", "没收矿产品"), fine=(20000, 200000), unit_party=0.3),
        Violation("非法占用耕地", 3, "当事人未经批准占用耕地修建{item}。", ("厂房", "停车场", "堆场"), "非法占用农用地",
                  "数量", "亩", penalties=("罚款", "责令退还土地"), fine=(10000, 300000), unit_party=0.5),
        Violation("非法转让土地使用权", 1, "当事人将其使用的集体土地非法转让给他人用于{item}。", ("建房", "经营"),
                  "非法转让、倒卖土地使用权", "数量", "亩", penalties=("罚款", "没收违法所得"), fine=(10000, 200000)),
        Violation("未取得建设工程规划许可证进行建设", 3, "当事人未取得建设工程规划许可证，建设{item}。", ("仓库", "围墙"),
                  fine=(10000, 200000)),
    )),
    Agency(f"{CITY}公安局交通警察支队", "临公交罚", "道路交通", 8, (
        Violation("超速行驶", 6, "当事人驾驶机动车超过规定时速行驶。", penalties=("罚款", "记分"), fine=(200, 2000), unit_party=0.0),
        Violation("无证驾驶机动车", 3, "当事人未取得机动车驾驶证驾驶机动车。", penalties=("罚款", "拘留"), fine=(200, 2000), unit_party=0.0),
        Violation("违反道路交通信号通行", 4, "当事人驾驶机动车违反交通信号灯通行。", penalties=("罚款", "记分"),
                  fine=(200, 200), unit_party=0.0),
    )),
    Agency(f"{CITY}卫生健康委员会", "临卫罚", "卫生健康", 5, (
        Violation("未取得医疗机构执业许可证擅自执业", 3, "当事人未取得医疗机构执业许可证，开展{item}。", ("推拿理疗", "口腔诊疗"),
                  fine=(10000, 100000), unit_party=0.0),
        Violation("医疗废物管理不规范", 3, "当事人未按规定分类收集医疗废物。", ("",), fine=(5000, 30000), unit_party=1.0),
        Violation("公共场所卫生许可证逾期", 3, "当事人经营{item}，卫生许可证已逾期。", ("游泳馆", "宾馆"), fine=(500, 5000)),
    )),
    Agency(f"{CITY}文化市场综合行政执法队", "临文执罚", "文化市场", 3, (
        Violation("侵犯著作权", 2, "当事人销售盗版{item}。", ("图书", "光盘", "教辅资料"), "侵犯著作权", "非法经营数额",
                  penalties=_CONFISCATE, unit_party=0.1),
        Violation("互联网上网服务营业场所接纳未成年人", 3, "当事人经营的网吧接纳未成年人进入。", ("",), fine=(1000, 10000),
                  unit_party=1.0),
    )),
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红兰建国斌辉鹏飞宇浩凯"
COMPANY_WORDS = ("恒达", "鑫源", "宏远", "兴旺", "瑞丰", "华盛", "金石", "永安", "泰和", "通达", "盛世", "明辉", "中联", "嘉禾", "众诚")
COMPANY_KINDS = ("商贸有限公司", "化工有限公司", "建材有限公司", "贸易有限公司", "物流有限公司", "科技有限公司", "制造有限公司",
                 "餐饮管理有限公司", "矿业有限公司", "农业开发有限公司")
DISTRICTS = ("东城街道", "西城街道", "南湖街道", "北山镇", "青石镇", "江口镇", "白沙镇", "龙泉乡")
ROADS = ("建设路", "人民路", "解放路", "滨江路", "工业大道", "商贸街", "文化路", "新华路", "中山路", "长江路")
RURAL = ("青龙村", "石门村", "柳湾村", "桃园村", "临江河段", "白沙河段", "后山林场")
# Hot spots: a few places where cases cluster (义乌: 部分区域的安全生产案件明显多发)
HOTSPOTS = (f"{CITY}临江国际商贸城", f"{CITY}江口镇工业园区", f"{CITY}北山镇后山林场", f"{CITY}白沙镇白沙河段")
