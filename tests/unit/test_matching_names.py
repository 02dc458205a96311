"""Names for matching (services/monitor/matching/names/): each rule with a value that fails without it."""
import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.monitor.matching.names.parts import clean, split_name
from services.monitor.matching.names.sound import initial, pinyin, readings
from services.monitor.matching.names.syllables import near_syllables, variant_of
from services.monitor.matching.names.transliteration import is_transliterated
from services.monitor.matching.names.variants import VARIANTS_CSV, fold_variants
from services.monitor.matching.comparisons.agreement import names_agree
from services.monitor.matching.comparisons.levels import NAME_LEVELS
from services.monitor.matching.comparisons.part_levels import compare_part
from tooling.registry import names as registry_names

SAME_SOUND = NAME_LEVELS.index("same_sound")
SIMILAR = NAME_LEVELS.index("similar")
DIFFERENT = NAME_LEVELS.index("different")


# --- the middle dot ------------------------------------------------------------------------

@pytest.mark.parametrize("dot", ["·", "•", "‧", ".", "・", "･", "．", "﹒", " ", "\u3000", "-"])
def test_every_way_of_writing_the_middle_dot_splits_given_name_from_fathers_name(dot):
    raw = f"阿卜杜拉{dot}买买提"
    parts = split_name(raw)
    assert (parts.given, parts.family, parts.dotted) == ("阿卜杜拉", "买买提", True)


def test_spaces_around_the_dot_do_not_become_part_of_the_name():
    assert split_name(" 阿卜杜拉 · 买买提 ").whole == "阿卜杜拉买买提"


def test_a_name_without_any_dot_keeps_its_split_open():
    parts = split_name("阿卜杜拉买买提")
    assert parts.family is None and parts.dotted is False and parts.whole == "阿卜杜拉买买提"


def test_an_empty_name_has_no_parts():
    assert split_name("") is None and split_name(" · ") is None


# --- variants, readings, pinyin ------------------------------------------------------------

@pytest.mark.parametrize("a,b", [("阿卜杜拉", "阿不都拉"), ("艾买提", "艾麦提"), ("古丽", "古力"), ("买买提", "麦麦提")])
def test_the_transliteration_pairs_of_issue_3_sound_the_same(a, b):
    assert compare_part(a, b) == SAME_SOUND


def test_a_variant_known_only_to_the_table_needs_the_table():
    # 逊 xùn and 荪 sūn share no reading: only the variants table (registry-names) joins them.
    assert compare_part("吐尔逊", "图尔荪", use_variants=False) > SAME_SOUND
    assert compare_part("吐尔逊", "图尔荪", use_variants=True) == SAME_SOUND


def test_characters_sharing_any_reading_sound_the_same_although_default_pinyin_differs():
    # 都 defaults to dou, 杜 to du; 都 is also read du.
    assert pinyin("阿不都拉") != pinyin("阿布杜拉")
    assert compare_part("阿不都拉", "阿布杜拉", use_variants=False) == SAME_SOUND


def test_a_dropped_syllable_is_similar_by_pinyin_not_the_same():
    assert compare_part("吐尔逊", "吐逊", use_variants=False) == SIMILAR


@pytest.mark.parametrize("a,b", [("买买提", "艾力"), ("古丽", "阿依古丽"), ("阿卜杜拉", "阿里木"), ("艾山", "亚森")])
def test_different_names_are_not_the_same_sound(a, b):
    assert compare_part(a, b) >= SIMILAR


def test_pinyin_is_toneless_and_read_one_character_at_a_time():
    assert pinyin("艾买提") == "aimaiti"
    assert readings("都") >= {"dou", "du"}


def test_the_blocking_initial_is_the_first_letter_of_the_first_characters_pinyin():
    assert initial("阿卜杜拉·买买提") == "a" and initial("王伟") == "w" and initial("") == ""


# --- the variants file ---------------------------------------------------------------------

SOURCES = {"issue-3", "registry-names", "db65t2189-foreword", "common-usage"}


def test_every_variant_row_names_its_source_and_differs_from_its_canonical_spelling():
    with VARIANTS_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows
    registry_given = set(registry_names.UYGHUR_MALE) | set(registry_names.UYGHUR_FEMALE)
    for row in rows:
        assert row["source"] in SOURCES, row
        assert row["scope"] in {"name", "element"}, row
        assert row["variant"] != row["canonical"], row
        if row["scope"] == "name":
            assert row["canonical"] in registry_given, row  # canonical = the registry's spelling


def test_all_spellings_of_a_name_fold_to_one():
    assert fold_variants("阿不都热依木") == fold_variants("阿卜杜热依木") == fold_variants("阿布都热依木")
    assert fold_variants("伊布拉音") == fold_variants("依不拉音")
    assert fold_variants("买买提明") == fold_variants("麦麦提敏")
    assert fold_variants("艾力") == "艾力"


# --- properties ------------------------------------------------------------------------------

NAME_CHARS = "".join(sorted(set("".join(registry_names.UYGHUR_MALE + registry_names.UYGHUR_FEMALE))))


@given(st.text(alphabet=NAME_CHARS + "·•‧.・ ．", max_size=14))
def test_cleaning_a_name_is_idempotent(raw):
    once = clean(raw)
    assert clean(once) == once


@given(st.text(alphabet=NAME_CHARS, min_size=1, max_size=8))
def test_folding_variants_is_idempotent(part):
    once = fold_variants(part)
    assert fold_variants(once) == once


@given(st.text(alphabet=NAME_CHARS, min_size=1, max_size=8), st.text(alphabet=NAME_CHARS, min_size=1, max_size=8))
def test_name_part_comparison_is_symmetric_and_exact_only_for_equal_parts(a, b):
    assert compare_part(a, b) == compare_part(b, a)
    assert (compare_part(a, b) == 0) == (a == b)


# --- one name or two (issue 15): variant_of and names_agree -------------------------------------

@pytest.mark.parametrize("a,b", [
    ("吐尔逊", "图尔荪"),  # the variants table
    ("阿不都拉", "阿布杜拉"),  # shared reading
    ("吐尔逊", "吐逊"), ("艾力", "艾尔力"),  # 尔 written or left out
    ("吐尔逊", "吐尔孙"), ("热合曼", "日合曼"), ("艾则孜", "艾孜孜"), ("托合提", "托合地"), ("阿不都", "阿不豆"),
    ("库尔班", "库尔潘"), ("艾散", "艾山"),  # near syllables: voicing, sibilants, e/i, u/ou
])
def test_spellings_explained_by_a_transliteration_rule_are_one_name(a, b):
    assert variant_of(a, b) and variant_of(b, a)


@pytest.mark.parametrize("a,b", [
    ("吐尔逊", "吐尔洪"), ("古丽娜", "古丽扎"), ("阿依古丽", "阿孜古丽"), ("艾力", "艾山"), ("买买提", "艾买提"),
    ("建国", "建华"), ("吐逊江", "吐送江"), ("买买提江", "买买提"), ("吐尔逊", "吐尔逊古丽"), ("古丽", "阿依古丽"),
])
def test_names_a_syllable_apart_that_no_rule_explains_are_two_names(a, b):
    assert not variant_of(a, b) and not variant_of(b, a)


def test_one_syllable_apart_is_similar_by_pinyin_yet_not_one_name():
    # The reason for the rule: pinyin closeness alone puts a twin next to her sister.
    assert compare_part("古丽娜", "古丽扎") == SIMILAR and not variant_of("古丽娜", "古丽扎")


@pytest.mark.parametrize("a,b", [("xun", "sun"), ("re", "ri"), ("ti", "di"), ("ke", "ge"), ("du", "dou"),
                                 ("zhi", "zi"), ("chu", "cu"), ("shan", "san")])
def test_near_syllables_differ_in_initial_or_final_by_one_known_confusion(a, b):
    assert near_syllables(a, b)


@pytest.mark.parametrize("a,b", [("na", "za"), ("xun", "hong"), ("yi", "zi"), ("xun", "song"), ("li", "shan"),
                                 ("ti", "de")])
def test_other_syllables_are_not_near(a, b):
    assert not near_syllables(a, b)


@pytest.mark.parametrize("record,registry,agree", [
    ("吐尔孙·卡德尔", "吐尔逊·卡德尔", True),
    ("吐尔洪·卡德尔", "吐尔逊·卡德尔", False),
    ("吐尔逊·卡哈尔", "吐尔逊·卡德尔", False),  # the father's name: a cousin
    ("吐尔逊卡德尔", "吐尔逊·卡德尔", True),  # dot left out: split where it fits
    ("吐尔洪卡德尔", "吐尔逊·卡德尔", False),
    ("王建华", "王建国", False), ("王建国", "王建国", True), ("李建国", "王建国", False),
    ("吐尔逊", "吐尔逊·卡德尔", True), ("吐尔洪", "吐尔逊·卡德尔", False),  # the father's name left out
])
def test_names_agree_needs_every_part_to_be_one_name(record, registry, agree):
    assert names_agree(split_name(record), split_name(registry)) is agree


def test_names_agree_is_unknown_without_a_name():
    assert names_agree(None, split_name("吐尔逊·卡德尔")) is None


# --- near-syllable rules are for transliterated names only (acceptance 2, Han twins) ----------

@pytest.mark.parametrize("record,registry", [
    ("林永康", "林永刚"), ("吴康", "吴刚"), ("林坦", "林丹"), ("林丁", "林婷"), ("林道", "林涛"),
    ("陈诗", "陈思"), ("赵国通", "赵国栋"), ("王三", "王山"), ("李德", "李特"), ("张波", "张坡"),
    ("欧阳永康", "欧阳永刚"),  # a compound surname: four characters, still Han
    ("林 永康", "林永刚"), ("林永康", "林 永刚"),  # a Han surname set apart by a space
])
def test_han_names_a_close_sounding_syllable_apart_are_two_names(record, registry):
    assert names_agree(split_name(record), split_name(registry)) is False
    assert names_agree(split_name(registry), split_name(record)) is False


@pytest.mark.parametrize("record,registry", [
    ("王丽", "王莉"), ("刘明", "刘鸣"),  # a shared toneless reading: what a pinyin input method offers
    ("王建国", "王建国"),
])
def test_han_names_agree_only_exactly_or_by_a_shared_reading(record, registry):
    assert names_agree(split_name(record), split_name(registry)) is True


@pytest.mark.parametrize("a,b", [("刚", "康"), ("永刚", "永康"), ("丹", "坦"), ("婷", "丁"), ("涛", "道"), ("思", "诗")])
def test_han_given_names_alone_are_not_near_syllable_variants(a, b):
    assert not variant_of(a, b) and not variant_of(b, a)
    assert not variant_of(a, b, transliterated=False)


@pytest.mark.parametrize("record,registry", [
    ("吐尔孙·卡德尔", "吐尔逊·卡德尔"), ("吐尔孙卡德尔", "吐尔逊·卡德尔"),  # dot kept, dot left out
    ("吐尔孙卡德尔", "吐尔逊卡德尔"),  # neither has a dot: long, made of transliteration characters
    ("艾散•买买提", "艾山·买买提"), ("艾散 买买提", "艾山·买买提"), ("艾散", "艾山·买买提"),
    ("吐逊·卡德尔", "吐尔逊·卡德尔"),  # 尔 left out
])
def test_transliterated_names_keep_the_near_syllable_and_er_rules(record, registry):
    assert names_agree(split_name(record), split_name(registry)) is True


@pytest.mark.parametrize("name,transliterated", [
    ("吐尔逊·卡德尔", True), ("吐尔逊卡德尔", True), ("艾散 买买提", True), ("阿依古丽", True),
    ("林永刚", False), ("陈思", False), ("欧阳建国", False), ("林 永刚", False), ("马玉山", False),
])
def test_which_names_are_transliterated(name, transliterated):
    assert is_transliterated(split_name(name)) is transliterated


def test_the_transliteration_characters_cover_the_synthetic_registrys_uyghur_names():
    # The matcher keeps its own copy (production never imports the tooling); this keeps them together.
    from services.monitor.matching.names.transliteration import transliteration_chars
    from tooling.registry.names import UYGHUR_FEMALE, UYGHUR_MALE

    missing = {ch for name in (*UYGHUR_MALE, *UYGHUR_FEMALE) for ch in name} - transliteration_chars()
    assert not missing, "".join(sorted(missing))
