"""The hard-case set of relatives (issue 15): records that a matcher links to the wrong member
of a family, measured on families built here and never used for fitting (fit.py does not
import this module; its seed is its own).

    python -m tooling.matching.hardcases [--families 300] [--seed 15015]   (reads DATABASE_URL)

Families are synthetic (names from the registry's lists, IDs valid under GB 11643-1999 and
assigned to nobody in the registry) and are written into the registry of the database given,
among its real neighbours, inside a transaction that is rolled back after matching: the
registry is left as it was. Kinds of record, each with its truth (a registry ID, or "" for a
person not in the registry):
- sibling_id: a sibling's bill carrying the other sibling's valid ID; the two given names
  differ by one syllable that no transliteration rule explains (吐尔逊/吐尔洪);
- sibling_absent: the same when the sibling named on the bill is not in the registry (with the
  other's ID, with an ID nobody has, without ID, without ID and with the other's birth date);
- sibling_no_id: a registered sibling's record without ID;
- twin_id, twin_no_id, twin_absent: twins (same household and birth date, given names one
  syllable apart), both registered or only one (古丽娜/古丽扎);
- parent_id: a member's bill carrying the household head's ID (a child's, the spouse's), and
  the head's bill carrying a child's ID;
- newborn: a baby not yet registered, billed under the mother's ID;
- namesake: two people of one village with the same full name in two households, without ID,
  one carrying the other's ID, and a third namesake not in the registry (with and without an ID).
The score: W = automatic links to the wrong person, or to anyone for a person not in the
registry; R = share of records sent to review. The line is exactly
`hardcase_records=N hardcase_wrong=W hardcase_review=R`.

Modules: people (the set's data), maker (IDs, birth dates, names), family (one family being
built), siblings and relations (the kinds of record), build (the whole set), setup (the set for
a given registry), rows (writing it in, temporarily), scores, run, __main__ (the command).
"""
