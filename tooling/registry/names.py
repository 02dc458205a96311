"""Synthetic personal names for the registry, in their usual Chinese forms.

Uyghur (and, reused here, Tajik) names are written as in Chinese resident records:
given name, middle dot (U+00B7), then the father's given name (patronymic), for
example 阿卜杜拉·买买提. A child's second part is the father's given name. The given
names below are common ones in their standard Chinese transliterations; the matcher
must cope with variants of them (阿卜杜拉/阿不都拉, 古丽/古力), which is why the
registry uses one spelling per name.

Han names are a one-character surname plus a one- or two-character given name;
children take their father's surname.

The male and female given-name lists are disjoint, so a name's gender can be read
back from its given name (`gender_of`). Every name produced is synthetic: a list
entry combined at random, never a real person's record.
"""

from __future__ import annotations

#: The middle dot used in Chinese renderings of Uyghur names (GB 18030 U+00B7).
MIDDLE_DOT = "\u00b7"

UYGHUR_MALE: tuple[str, ...] = (
    "买买提", "艾买提", "阿卜杜拉", "吐尔逊", "艾力", "阿不都热依木", "努尔买买提",
    "热合曼", "艾海提", "依明", "卡斯木", "玉素甫", "亚森", "阿不力孜",
    "阿不都热合曼", "阿布都外力", "艾则孜", "艾尼瓦尔", "艾山", "巴拉提",
    "迪力夏提", "吾斯曼", "斯拉木", "托合提", "吐尔洪", "麦麦提敏", "买买提江",
    "帕尔哈提", "热西提", "肉孜", "沙吾提", "塔依尔", "吐逊江", "外力", "亚库甫",
    "依沙克", "尤努斯", "约麦尔", "再依提", "祖农", "阿迪力", "阿里木",
    "艾克拜尔", "艾合买提", "巴吐尔", "买合木提", "米吉提", "木沙", "努尔艾力",
    "热扎克", "赛买提", "司马义", "吾买尔", "吾守尔", "牙合甫", "伊斯拉木",
    "依不拉音", "玉山", "喀迪尔", "库尔班", "吐拉洪", "居马", "艾孜买提",
    "吾布力", "阿布都克里木", "米尔艾力", "买吐送", "沙地克", "阿不都许库尔",
    "艾散", "麦提库尔班", "吐送江", "买买提艾力", "图尔贡",
)

UYGHUR_FEMALE: tuple[str, ...] = (
    "古丽", "阿依古丽", "帕提古丽", "热依拉", "祖丽胡玛尔", "阿依努尔", "布阿依夏木",
    "米热古丽", "阿依先木", "阿依提拉", "阿孜古丽", "巴哈尔古丽", "布合力其汗",
    "迪丽努尔", "古丽尼沙", "古丽巴哈尔", "古丽米热", "海丽且木", "海尼古丽",
    "加米拉", "凯丽比努尔", "玛依拉", "米娜瓦尔", "努尔古丽", "帕丽达",
    "热孜万古丽", "热娜古丽", "如仙古丽", "赛乃姆", "苏比努尔", "吐尔逊古丽",
    "吐尼沙汗", "图尔荪阿依", "乌鲁汗", "夏地亚", "祖丽皮亚", "佐热古丽", "再努尔",
    "再娜甫", "孜巴古丽", "阿米娜", "阿依夏木", "阿瓦汗", "阿提古丽", "比力克孜",
    "布再纳甫", "迪丽拜尔", "古丽扎尔", "汗克孜", "哈丽旦", "麦尔耶姆", "米合日班",
    "努尔比亚", "帕夏古丽", "热比古丽", "热汗古丽", "妮格尔", "阿丽米热",
    "萨拉买提古丽", "图妮萨古丽", "玛丽亚木", "努尔曼古丽",
)

HAN_SURNAMES: tuple[str, ...] = (
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡",
    "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐",
    "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭",
)

HAN_MALE: tuple[str, ...] = (
    "伟", "强", "军", "磊", "勇", "杰", "涛", "斌", "建国", "建华", "志强", "海",
    "峰", "刚", "明", "建军", "国庆", "永刚", "新华", "卫东", "志军", "浩然",
    "子豪", "宇航", "俊杰", "鹏", "博", "文斌", "德明", "长青",
)

HAN_FEMALE: tuple[str, ...] = (
    "芳", "娟", "敏", "静", "丽", "艳", "霞", "燕", "玲", "桂英", "秀英", "红",
    "梅", "丽娟", "秀兰", "玉兰", "春梅", "晓燕", "雪", "欣怡", "梓涵", "雨桐",
    "淑珍", "慧", "婷", "琳", "佳怡", "美玲", "凤英", "丹",
)

_MALE_GIVEN = frozenset(UYGHUR_MALE) | frozenset(HAN_MALE)
_FEMALE_GIVEN = frozenset(UYGHUR_FEMALE) | frozenset(HAN_FEMALE)
if _MALE_GIVEN & _FEMALE_GIVEN:  # gender_of() relies on it
    raise RuntimeError(f"given names listed as both genders: {_MALE_GIVEN & _FEMALE_GIVEN}")


def uyghur(given: str, father_given: str) -> str:
    """Uyghur-style name: given name · father's given name."""
    return f"{given}{MIDDLE_DOT}{father_given}"


def han(surname: str, given: str) -> str:
    """Han-style name: surname followed by the given name."""
    return surname + given


def given_name(name: str) -> str:
    """The given-name part of a name produced by this module."""
    if MIDDLE_DOT in name:
        return name.split(MIDDLE_DOT, 1)[0]
    return name[1:]  # Han: all surnames here are one character


def gender_of(name: str) -> str | None:
    """'M' or 'F' from the given name, None if the given name is not in the lists."""
    given = given_name(name)
    if given in _MALE_GIVEN:
        return "M"
    if given in _FEMALE_GIVEN:
        return "F"
    return None
