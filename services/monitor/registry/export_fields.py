"""The fields an export's columns fill, the cell reader each needs, and which belong to the
household (the same on every row of it) rather than to the member."""

#: field -> reader kind of shared/kit/spreadsheet/mapping/layout.READERS; fields not named are text.
KINDS = {"resident_id": "resident_id", "birth_date": "birth_date", "income_per_capita_yuan": "yuan",
         "declared_members": "int", "income_year": "int"}

HOUSEHOLD_FIELDS = ("county", "township", "village", "county_code", "township_code", "village_code",
                    "household_type", "monitoring_category", "income_per_capita_yuan", "declared_members",
                    "risk_eliminated", "income_year")
MEMBER_FIELDS = ("name", "resident_id", "gender", "birth_date", "relation", "ethnicity", "schooling_status",
                 "health_status", "labour_skill", "work_status", "basic_medical_insurance")
KEY = "household_id"
ALL_FIELDS = (KEY, *HOUSEHOLD_FIELDS, *MEMBER_FIELDS)

#: Coded fields read as booleans (the mapping maps 是/否 to "true"/"false").
BOOLEANS = ("basic_medical_insurance", "risk_eliminated")
#: Parts of a layout: one row per household, or one row per member (with or without household fields).
PARTS = ("households", "members")
