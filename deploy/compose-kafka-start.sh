#!/bin/bash
# The Kafka container's start (docker-compose.yml): format the data volume once with the admin's SCRAM
# user (the broker's own login must exist before it starts), then run the broker on the configuration
# `python -m deploy.compose_secrets` wrote to .compose/kafka (mounted at /compose).
set -euo pipefail
if [[ ! -f /var/lib/kafka/data/meta.properties ]]; then
  /opt/kafka/bin/kafka-storage.sh format -t "$(cat /compose/kafka/cluster-id)" -c /compose/kafka/server.properties \
    --add-scram "SCRAM-SHA-512=[name=admin,password=$(cat /compose/kafka/admin-password)]"
fi
exec /opt/kafka/bin/kafka-server-start.sh /compose/kafka/server.properties
