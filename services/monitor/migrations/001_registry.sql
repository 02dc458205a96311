-- Household registry owned by the monitor (DESIGN.md section 2).
-- Secondary indexes are created by the loader after COPY (DESIGN.md section 10),
-- see services/monitor/registry/load.py; they are declared in 002_registry_indexes.sql.
CREATE SCHEMA IF NOT EXISTS monitor;

CREATE TABLE IF NOT EXISTS monitor.households (
    household_id            text PRIMARY KEY,          -- 户编号: village code (12) + 4-digit sequence
    county_code             char(6)  NOT NULL,         -- 县市 administrative code, 6531xx
    township_code           char(9)  NOT NULL,         -- 乡镇
    village_code            char(12) NOT NULL,         -- 村
    category                text     NOT NULL,         -- formerly_poor | marginal | general (GLOSSARY)
    members                 smallint NOT NULL CHECK (members > 0),
    income_per_capita_yuan  numeric(14,2) NOT NULL,    -- 人均纯收入, yuan per capita per year
    income_year             smallint NOT NULL          -- year the income was surveyed
);

CREATE TABLE IF NOT EXISTS monitor.persons (
    resident_id    text PRIMARY KEY CHECK (char_length(resident_id) = 18),  -- 居民身份证号码, GB 11643-1999; text, not char(18): = ANY(text[]) must use the index
    household_id   text     NOT NULL,
    name           text     NOT NULL,
    gender         char(1)  NOT NULL CHECK (gender IN ('M', 'F')),
    birth_date     date     NOT NULL,
    relation       text     NOT NULL,                  -- head | spouse | child | parent | grandchild | sibling
    able_to_work   boolean  NOT NULL,
    main_earner    boolean  NOT NULL DEFAULT false
);
