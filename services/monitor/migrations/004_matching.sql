-- Blocking keys for matching records without a usable resident ID (DESIGN.md section 4,
-- services/monitor/matching/blocking.py). Three keys per registry person:
--   v<village code><birth year>, d<county code><birth date YYYYMMDD>, n<village code><pinyin initial>
-- Each row also carries what the matcher compares, so that the blocking query reads one key's
-- people from adjacent pages (rows are written in key order) without a lookup per person.
-- Derived data: services/monitor/matching/keys.py rebuilds it from monitor.persons and
-- monitor.households, and the registry loader calls it after every load. Never edited by hand.
CREATE TABLE IF NOT EXISTS monitor.match_keys (
    block_key     text     NOT NULL,
    resident_id   text     NOT NULL,
    household_id  text     NOT NULL,
    name          text     NOT NULL,
    gender        char(1)  NOT NULL,
    birth_date    date     NOT NULL,
    village_code  char(12) NOT NULL
);
CREATE INDEX IF NOT EXISTS match_keys_block_key_idx ON monitor.match_keys (block_key);
