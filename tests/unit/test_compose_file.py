"""docker-compose.yml checked without a Docker engine: against the vendored Compose
Specification schema (deploy/COMPOSE_SCHEMA_SOURCE.md), then for what a schema cannot
see: references between services, ports, and the Dockerfile's view of the repo."""
import json
import shlex
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from jsonschema.validators import validator_for

from deploy import compose as generator
from shared.contracts.catalog import DEPARTMENTS

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
APP_SERVICES = ("monitor", *(d.code for d in DEPARTMENTS))
INFRA_ENV = {
    "KAFKA_BOOTSTRAP_SERVERS": "kafka:9092",
    "DATABASE_URL": "postgresql://postgres:postgres@postgres:5432/relapse",
}


@pytest.fixture(scope="module")
def compose() -> dict:
    # safe_load resolves the `<<: *service` merge keys, as Compose does.
    return yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))


def _validator_class(schema: dict):
    # The vendored schema declares "https://json-schema.org/draft-07/schema", but
    # jsonschema knows draft-07 only as "http://json-schema.org/draft-07/schema#"
    # (newer drafts by their https URI), so try the spellings of the declared draft.
    declared = schema["$schema"].rstrip("#")
    for uri in (declared, declared + "#", declared.replace("https://", "http://", 1) + "#"):
        if (cls := validator_for({"$schema": uri}, default=None)) is not None:
            return cls
    raise AssertionError(f"jsonschema has no validator for {schema['$schema']}")


def test_compose_file_conforms_to_the_compose_specification(compose):
    schema = json.loads((REPO / "deploy/compose-spec.schema.json").read_text(encoding="utf-8"))
    cls = _validator_class(schema)
    cls.check_schema(schema)
    errors = sorted(cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(compose), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_every_depends_on_names_a_service_that_exists(compose):
    services = compose["services"]
    for name, service in services.items():
        depends_on = service.get("depends_on", {})
        # Short syntax is a list of names, long syntax a mapping name -> condition.
        for dependency in depends_on if isinstance(depends_on, list) else depends_on.keys():
            assert dependency in services, f"{name} depends on unknown service {dependency}"


def test_each_app_service_runs_its_own_module_against_kafka_and_postgres(compose):
    services = compose["services"]
    for name in APP_SERVICES:
        assert name in services, f"service {name} is missing"
        service = services[name]
        assert service["command"][:3] == ["python", "-m", f"services.{name}"]
        assert INFRA_ENV.items() <= service["environment"].items()
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert service["depends_on"]["topics"]["condition"] == "service_completed_successfully"


def test_no_port_is_published_beyond_the_loopback_interface(compose):
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            if isinstance(port, dict):
                host_ip = port.get("host_ip")
            else:
                # "IP:HOST:CONTAINER"; anything shorter binds to every interface.
                parts = str(port).split(":")
                host_ip = parts[0] if len(parts) == 3 else None
            assert host_ip == "127.0.0.1", f"{name} publishes {port!r} beyond 127.0.0.1"


def _copy_sources(dockerfile: Path) -> list[str]:
    sources = []
    for line in dockerfile.read_text(encoding="utf-8").splitlines():
        words = line.split(maxsplit=1)
        if not words or words[0].upper() not in ("COPY", "ADD"):
            continue
        rest = words[1].strip()
        args = json.loads(rest) if rest.startswith("[") else shlex.split(rest)
        if any(a.startswith("--from=") for a in args):
            continue  # copies from another build stage, not from the repo
        sources += [a for a in args if not a.startswith("--")][:-1]  # last one is the destination
    return sources


def test_every_dockerfile_copy_source_exists_in_the_build_context(compose):
    build = compose["services"]["monitor"]["build"]
    context = (REPO / build["context"]).resolve()
    dockerfile = context / build["dockerfile"]
    assert dockerfile.is_file(), f"{dockerfile} is missing"
    sources = _copy_sources(dockerfile)
    assert sources, "no COPY found in the Dockerfile"
    for source in sources:
        assert (context / source).exists(), f"COPY source {source} is not in {context}"


def test_the_checked_in_compose_file_is_what_the_catalog_generates():
    assert (REPO / "docker-compose.yml").read_text(encoding="utf-8") == generator.render(), \
        "docker-compose.yml is out of date: run python -m deploy.compose"


def test_each_department_service_publishes_the_port_its_folder_declares(compose):
    for dept in DEPARTMENTS:
        assert compose["services"][dept.code]["ports"] == [f"127.0.0.1:{dept.http_port}:{dept.http_port}"]


def test_the_generator_follows_the_catalog(monkeypatch):
    extra = replace(DEPARTMENTS[0], code="forestry", http_port=8199)
    monkeypatch.setattr(generator, "DEPARTMENTS", (*DEPARTMENTS, extra))
    rendered = yaml.safe_load(generator.render())
    assert rendered["services"]["forestry"]["command"][:3] == ["python", "-m", "services.forestry"]
    assert rendered["services"]["forestry"]["ports"] == ["127.0.0.1:8199:8199"]
    assert generator.main(["--check"]) == 1  # the checked-in file no longer matches


def test_the_check_command_passes_on_the_checked_in_file():
    assert generator.main(["--check"]) == 0


@pytest.mark.parametrize("argv", [["--chek"], ["check"], ["--check", "x"], ["-c"]])
def test_the_generator_refuses_an_unknown_argument_and_writes_nothing(argv, monkeypatch):
    monkeypatch.setattr(generator, "COMPOSE", Path("/nonexistent/docker-compose.yml"))
    assert generator.main(argv) == 2


def test_every_long_running_container_is_restarted_when_it_exits_unexpectedly(compose):
    """Issue 14 part 2: whatever runs a service restarts it; one-shot steps must not loop."""
    one_shot = {"topics", "migrate"}
    for name, service in compose["services"].items():
        expected = "no" if name in one_shot else "unless-stopped"
        assert service.get("restart") == expected, f"{name}: restart is {service.get('restart')!r}, not {expected!r}"


def test_each_app_service_logs_in_to_kafka_with_its_own_env_file_and_trusts_the_ca(compose):
    for name in APP_SERVICES:
        service = compose["services"][name]
        assert service["env_file"] == [f".compose/env/{name}.env"], name
        assert "./.compose/tls/ca.crt:/compose/tls/ca.crt:ro" in service["volumes"], name
    kafka = compose["services"]["kafka"]
    assert kafka["entrypoint"] == ["/bin/bash", "/compose-kafka-start.sh"] and "environment" not in kafka
    assert compose["services"]["topics"]["command"] == ["python", "-m", "deploy.kafka_setup"]


def test_the_setup_step_writes_a_broker_with_no_unauthenticated_listener_and_one_login_per_service(tmp_path):
    from deploy import compose_secrets

    envs = compose_secrets.write(tmp_path / ".compose")
    home = tmp_path / ".compose"
    config = dict(line.split("=", 1) for line in (home / "kafka" / "server.properties").read_text().splitlines()
                  if "=" in line)
    protocols = dict(p.split(":") for p in config["listener.security.protocol.map"].split(","))
    assert protocols == {"INTERNAL": "SASL_SSL", "HOST": "SASL_SSL", "CONTROLLER": "SASL_PLAINTEXT"}
    assert config["allow.everyone.if.no.acl.found"] == "false" and config["super.users"] == "User:admin"
    assert config["authorizer.class.name"].endswith("StandardAuthorizer")
    assert (home.stat().st_mode & 0o777, (home / "credentials").stat().st_mode & 0o777) == (0o700, 0o600)
    passwords = dict(line.split("=", 1) for line in (home / "credentials").read_text().splitlines())
    for service in compose_secrets.SERVICES:
        text = envs[service].read_text()
        assert "KAFKA_SECURITY_PROTOCOL=SASL_SSL\n" in text and f"KAFKA_SASL_USERNAME={service}\n" in text
        others = [n for n in passwords if n not in (service, "monitor_relay" if service == "monitor" else service)]
        assert not any(passwords[n] in text for n in others), f"{service}'s env file holds another's password"
    again = compose_secrets.write(home)  # run again: the same passwords
    assert dict(line.split("=", 1) for line in (home / "credentials").read_text().splitlines()) == passwords
    assert again.keys() == envs.keys()
