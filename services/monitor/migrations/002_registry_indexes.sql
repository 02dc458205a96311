-- Secondary indexes of the household registry, for the matcher (DESIGN.md section 4):
-- household members, blocking on birth date, and scoping by village and county.
-- The registry loader drops these before COPY and runs this file after it
-- (DESIGN.md section 10); the names are read from here by services/monitor/registry/load.py.
CREATE INDEX IF NOT EXISTS persons_household_id_idx ON monitor.persons (household_id);
CREATE INDEX IF NOT EXISTS persons_birth_date_idx ON monitor.persons (birth_date);
CREATE INDEX IF NOT EXISTS households_village_code_idx ON monitor.households (village_code);
CREATE INDEX IF NOT EXISTS households_county_code_idx ON monitor.households (county_code);
