-- The dashboard reads alerts by when they were raised: the live feed every 0.5 s per open page
-- (raised_at >= now - a few seconds) and the overview's last 30 days. Without this index each poll
-- scans the whole alerts table. Alerts are few beside events (about one per ten), so the write
-- path pays little.
CREATE INDEX IF NOT EXISTS alerts_raised_at_idx ON monitor.alerts (raised_at);
