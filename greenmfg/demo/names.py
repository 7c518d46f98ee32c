"""Realistic enterprise and product names (企业名称) for the synthetic country:
``{city}{trade name}{industry words}{legal form}``, e.g. 佛山市鑫源精密机械有限公司.
The industry words come from the unit's GB/T 4754-2017 division (大类)."""

from __future__ import annotations

import random

#: characters of trade names (字号); two of them make 3,600 trade names
TRADE_CHARS = (
    "华兴鑫源泰达恒盛宏嘉隆海天永信瑞丰通昌金星新科联宇东利德祥富安康力创博远佳凯豪捷晶绿"
    "蓝明光正和中润誉辉腾峰伟合众银铭聚益广鸿"
)

#: GB/T 4754-2017 manufacturing division (2 digits) -> industry words of names
DIVISION_WORDS: dict[str, tuple[str, ...]] = {
    "13": ("农副食品", "粮油", "饲料"),
    "14": ("食品", "乳业", "调味品"),
    "15": ("酒业", "饮料", "茶业"),
    "17": ("纺织", "印染", "棉纺"),
    "18": ("服装", "服饰", "制衣"),
    "19": ("皮革", "制鞋", "箱包"),
    "20": ("木业", "家居", "木制品"),
    "21": ("家具", "家居"),
    "22": ("纸业", "包装", "造纸"),
    "23": ("印刷", "包装印务"),
    "24": ("文体用品", "玩具"),
    "25": ("石化", "炼化", "能源"),
    "26": ("化工", "新材料", "精细化工"),
    "27": ("制药", "医药", "生物医药"),
    "28": ("化纤", "纤维"),
    "29": ("橡胶", "塑胶", "塑料制品"),
    "30": ("建材", "陶瓷", "玻璃", "水泥"),
    "31": ("钢铁", "特钢", "钢材"),
    "32": ("铝业", "铜业", "有色金属"),
    "33": ("金属制品", "五金", "不锈钢"),
    "34": ("机械", "精密机械", "装备"),
    "35": ("专用设备", "智能装备", "环保设备"),
    "36": ("汽车", "汽车零部件", "汽车部件"),
    "37": ("轨道交通装备", "船舶", "航空部件"),
    "38": ("电气", "电机", "电池", "电器"),
    "39": ("电子", "电子科技", "光电", "半导体"),
    "40": ("仪器仪表", "仪表"),
    "41": ("工艺品", "制品"),
    "42": ("再生资源", "资源综合利用"),
    "43": ("设备维修",),
}
DEFAULT_WORDS = ("实业", "科技", "制造")

LEGAL_FORMS = (
    ("有限公司", 70),
    ("股份有限公司", 15),
    ("有限责任公司", 10),
    ("集团有限公司", 5),
)

#: design products by division (绿色设计产品)
PRODUCTS: dict[str, tuple[str, ...]] = {
    "17": ("纺织面料", "无染色棉布"),
    "18": ("针织服装", "羽绒服"),
    "22": ("生活用纸", "瓦楞纸箱"),
    "26": ("水性涂料", "无机颜料", "可降解塑料"),
    "29": ("轮胎", "塑料管材"),
    "30": ("陶瓷砖", "卫生陶瓷", "平板玻璃", "水泥"),
    "31": ("热轧钢板", "螺纹钢"),
    "32": ("铝合金型材", "铜管"),
    "34": ("工业锅炉", "空气压缩机", "电动机"),
    "36": ("乘用车", "汽车轮毂"),
    "38": ("家用电冰箱", "房间空气调节器", "洗衣机", "锂离子电池", "电饭锅"),
    "39": ("液晶电视", "打印机", "计算机"),
}
DEFAULT_PRODUCTS = ("节能产品", "环保建材")


def city_prefix(city_name: str) -> str:
    """广州市 -> 广州市; 省直辖县级行政区划 and the like -> ''."""
    if not city_name or "直辖" in city_name or len(city_name) > 8:
        return ""
    return city_name


class NameMaker:
    def __init__(self, rng: random.Random):
        self.rng = rng
        forms, weights = zip(*LEGAL_FORMS, strict=True)
        self._forms = forms
        self._form_weights = weights

    def trade_name(self) -> str:
        return self.rng.choice(TRADE_CHARS) + self.rng.choice(TRADE_CHARS)

    def enterprise(self, city_name: str, division: str) -> str:
        words = DIVISION_WORDS.get(division, DEFAULT_WORDS)
        form = self.rng.choices(self._forms, self._form_weights)[0]
        prefix = city_prefix(city_name) if self.rng.random() < 0.85 else ""
        return f"{prefix}{self.trade_name()}{self.rng.choice(words)}{form}"

    def product(self, division: str) -> tuple[str, str]:
        name = self.rng.choice(PRODUCTS.get(division, DEFAULT_PRODUCTS))
        model = (
            "".join(self.rng.choice("ABCDEFGHKMNPRSTWXYZ") for _ in range(self.rng.randint(2, 3)))
            + "-"
            + str(self.rng.randint(100, 9999))
        )
        return name, model
