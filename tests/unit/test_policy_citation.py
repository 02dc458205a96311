"""How a policy rule's source reads on the household page (policy.cited.citation)."""
import pytest

from services.monitor.policy.cited import Cited, citation

pytestmark = pytest.mark.unit


def test_a_plan_rule_names_chapter_section_and_the_phrase():
    rule = Cited(source={"document": "kashgar_plan", "chapter": 4, "section": 3,
                         "quote": "对排查发现的存在安全隐患的房屋及时进行整治"})
    zh, en = citation(rule)
    assert zh == "喀什地区“十四五”衔接规划 第4章第3节：“对排查发现的存在安全隐患的房屋及时进行整治”"
    assert en.startswith("Kashgar plan, chapter 4 section 3: ")


def test_a_national_rule_names_its_issuer_title_year_and_article():
    rule = Cited(source={"document": "national", "issuer": "全国人民代表大会常务委员会", "title": "《中华人民共和国义务教育法》",
                         "year": 2006, "article": "第二条", "quote": "国家实行九年义务教育制度"})
    zh, en = citation(rule)
    assert zh == "全国人民代表大会常务委员会《中华人民共和国义务教育法》（2006）第二条：“国家实行九年义务教育制度”"
    assert en == "全国人民代表大会常务委员会 《中华人民共和国义务教育法》 (2006), 第二条: “国家实行九年义务教育制度”"


def test_a_national_rule_without_a_quote_and_a_local_choice():
    rule = Cited(source={"document": "national", "issuer": "国务院", "title": "《某条例》", "year": 2014,
                         "article": "第十条"})
    assert citation(rule) == ("国务院《某条例》（2014）第十条", "国务院 《某条例》 (2014), 第十条")
    assert citation(Cited(local_choice="one year of settled bills")) == (
        "本地选择：one year of settled bills", "local choice: one year of settled bills")
