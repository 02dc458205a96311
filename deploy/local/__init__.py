"""Local launcher: a real Kafka 4.x (KRaft) and PostgreSQL without Docker, and the services under supervision.

`python -m deploy.local [--env NAME] up|down|status`. The dev environment keeps its state under
`.local/` in the repo (ignored by git): jars, data directories, logs, pid files and an env file; a named
environment (environment.py) has its own under `.local/envs/<name>/`, its own ports, and by default a
three-node Kafka cluster. control.Local is the Python API (start/stop/kill nodes, PostgreSQL, services).
"""
