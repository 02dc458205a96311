"""The 12 county-level divisions (县市) of Kashgar prefecture (喀什地区): GB/T 2260 codes, their
Chinese names and the romanisation the prefecture's English pages use. One table for the registry
import (services/monitor/registry/export_region.py) and the dashboard's county board."""

COUNTIES = {"653101": "喀什市", "653121": "疏附县", "653122": "疏勒县", "653123": "英吉沙县", "653124": "泽普县",
            "653125": "莎车县", "653126": "叶城县", "653127": "麦盖提县", "653128": "岳普湖县", "653129": "伽师县",
            "653130": "巴楚县", "653131": "塔什库尔干塔吉克自治县"}
COUNTIES_EN = {"653101": "Kashgar City", "653121": "Shufu", "653122": "Shule", "653123": "Yengisar",
               "653124": "Poskam", "653125": "Yarkant", "653126": "Kargilik", "653127": "Makit", "653128": "Yopurga",
               "653129": "Peyziwat", "653130": "Maralbexi", "653131": "Tashkurgan"}
