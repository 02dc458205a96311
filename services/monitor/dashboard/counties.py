"""County names for the county board: Chinese from the registry's codes (registry/export_region.py),
English in the romanisation the prefecture's own English pages use."""
from services.monitor.registry.export_region import COUNTIES

ENGLISH = {"653101": "Kashgar City", "653121": "Shufu", "653122": "Shule", "653123": "Yengisar", "653124": "Poskam",
           "653125": "Yarkant", "653126": "Kargilik", "653127": "Makit", "653128": "Yopurga", "653129": "Peyziwat",
           "653130": "Maralbexi", "653131": "Tashkurgan"}


def county_name(code: str, lang: str) -> str:
    """The county's name in `lang` ('zh' or 'en'); the code itself when it is not one of the 12."""
    return (ENGLISH if lang == "en" else COUNTIES).get(code, code)


def all_codes() -> list[str]:
    return list(COUNTIES)
