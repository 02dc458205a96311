"""Blocking: which registry persons a record without a usable resident ID is compared with.

Every registry person has three keys in monitor.match_keys (004_matching.sql), each row
with the fields the matcher compares:
  v<village code><birth year>        about 10 people per key (775 per village / 80 years)
  d<county code><birth date>         about 3 people per key
  n<village code><pinyin initial>    the first letter of the name's pinyin, about 50 per key
A record asks for the keys it can build (a day-month swap of its date too) plus the valid IDs
one edit away from its invalid ID. Each key holds people of one village, county or day, so
the cost per record does not grow with the registry. All records of a batch go in ONE query
(unnest of keys joined to the key index; DESIGN.md section 10).
Modules: keys (a record's block keys), neighbours (valid IDs one edit away), query (the
batch's one query).
"""
