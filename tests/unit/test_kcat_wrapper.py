"""deploy.local.kcat: the operator's client file and the bootstrap are added unless given, and the
librdkafka it preloads is the one inside the pinned confluent-kafka wheel."""
from deploy.local.kcat import command, librdkafka

ENV = {"KAFKA_KCAT_CONFIG": "/x/operator.kcat.conf", "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:19092"}


def test_the_operator_file_and_bootstrap_are_added():
    assert command(["-C", "-t", "t"], ENV) == ["kcat", "-F", "/x/operator.kcat.conf", "-b", "127.0.0.1:19092",
                                              "-C", "-t", "t"]


def test_what_the_caller_gives_is_kept():
    assert command(["-F", "mine.conf", "-b", "h:1", "-L"], ENV) == ["kcat", "-F", "mine.conf", "-b", "h:1", "-L"]
    assert command(["-L"], {}) == ["kcat", "-L"]


def test_the_preloaded_librdkafka_is_the_wheels():
    path = librdkafka()
    assert path.is_file() and path.parent.name == "confluent_kafka.libs" and path.name.startswith("librdkafka")
