"""The Kafka broker's jars (resolved by Maven from kafka-pom.xml into .local/kafka/libs) and the
JVM command lines of Kafka's own tools."""
from pathlib import Path

from deploy.local.paths import KAFKA_HOME
from deploy.local.process import run

HERE = Path(__file__).resolve().parent
LIBS = KAFKA_HOME / "libs"
CLASSPATH = f"{LIBS}/*"  # the JVM expands the *, not the shell


def ensure_jars() -> None:
    """Resolve the broker's jars with Maven once; later runs reuse .local/kafka/libs."""
    if LIBS.is_dir() and any(LIBS.glob("kafka_2.13-*.jar")):
        return
    print("kafka: resolving jars from Maven Central (first run only, ~45 MB)...", flush=True)
    run(["mvn", "-B", "-q", "-f", str(HERE / "kafka-pom.xml"),
         "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies",
         f"-DoutputDirectory={LIBS}", "-DincludeScope=runtime"], "mvn copy-dependencies")


def java(*args: str, heap: str = "256m") -> list[str]:
    return ["java", f"-Xmx{heap}", f"-Dlog4j2.configurationFile={HERE / 'tools-log4j2.properties'}",
            "-cp", CLASSPATH, *args]


def console_command(tool: str, *args: str) -> list[str]:
    """A command line for one of Kafka's own CLI tools, e.g. console_command('consumer', '--topic', t)."""
    main = {
        "consumer": "org.apache.kafka.tools.consumer.ConsoleConsumer",
        "producer": "org.apache.kafka.tools.ConsoleProducer",
        "topics": "org.apache.kafka.tools.TopicCommand",
    }[tool]
    return java(main, *args, heap="256m")
