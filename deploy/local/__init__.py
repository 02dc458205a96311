"""Local launcher: a real Kafka 4.x (KRaft) and PostgreSQL without Docker.

`python -m deploy.local up|down|status`. State lives under `.local/` in the repo
(ignored by git): jars, data directories, logs, pid files and an env file.
"""
