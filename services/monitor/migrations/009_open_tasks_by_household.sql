-- Open tasks of a batch's households (open_task_types; a new alert superseding an open verification
-- visit): 007 made the unique index partial (no verification tasks), which those queries cannot use,
-- so each ran a sequential scan of all tasks (found on the pipeline benchmark, session 2).
CREATE INDEX IF NOT EXISTS tasks_open_by_household ON monitor.tasks (household_id) WHERE status <> 'completed';
