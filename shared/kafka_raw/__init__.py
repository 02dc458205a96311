"""Records the Kafka client itself cannot decode (issue 14, part 1), for every consumer of ours:
`records` reads record batches from their bytes without failing on content, `fetch` fetches a
partition's bytes beside a consumer, `unreadable` finds where a failed poll's unreadable records
are and moves the consumer past them. The monitor (services/monitor/unreadable.py) and each
department's task intake (shared/kit/service/task_consumer.py) decide what to do with them."""
