-- The fields of the monitoring information system's export (issue 10): per person 民族, 在校生状况,
-- 健康状况, 劳动技能, 务工状况, 是否参加城乡居民基本医疗保险, and the day of death (NULL = living); per
-- household 监测对象类别, 家庭人口数 as exported, 风险是否消除, and the day it left the registry
-- (NULL = still registered). Coded values are those of services/monitor/registry/export_mapping.yaml.
-- Nullable: a registry loaded before this migration (or by the synthetic generator) lacks them.
ALTER TABLE monitor.persons ADD COLUMN IF NOT EXISTS ethnicity text;
ALTER TABLE monitor.persons ADD COLUMN IF NOT EXISTS schooling_status text;
ALTER TABLE monitor.persons ADD COLUMN IF NOT EXISTS health_status text;
ALTER TABLE monitor.persons ADD COLUMN IF NOT EXISTS labour_skill text;
ALTER TABLE monitor.persons ADD COLUMN IF NOT EXISTS work_status text;
ALTER TABLE monitor.persons ADD COLUMN IF NOT EXISTS basic_medical_insurance boolean;
ALTER TABLE monitor.persons ADD COLUMN IF NOT EXISTS deceased_on date;
ALTER TABLE monitor.households ADD COLUMN IF NOT EXISTS monitoring_category text
    CHECK (monitoring_category IN ('unstable_formerly_poor', 'marginal', 'sudden_hardship'));
ALTER TABLE monitor.households ADD COLUMN IF NOT EXISTS declared_members smallint;
ALTER TABLE monitor.households ADD COLUMN IF NOT EXISTS risk_eliminated boolean;
ALTER TABLE monitor.households ADD COLUMN IF NOT EXISTS left_on date;
