"""Schemathesis against a running service's own OpenAPI document, with all its default checks."""
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.modes import GenerationMode

# Schema-valid is not always valid: JSON Schema cannot say "GB 11643 check character", "not in the
# future" or "discharged after admitted", so a schema-valid request may get its documented refusal.
CONFIG = SchemathesisConfig.from_dict({"checks": {"positive_data_acceptance": {
    "expected-statuses": ["2xx", "401", "403", "404", "409", "422"]}}})
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


def fuzz(openapi_url: str, headers: dict, mode: GenerationMode, max_examples: int) -> None:
    """Generated requests (valid or invalid per `mode`) against every operation of the document at
    `openapi_url`; raises schemathesis's FailureGroup naming each kind of failure found."""
    schema = schemathesis.openapi.from_url(openapi_url, config=CONFIG)

    @given(case=schema.as_strategy(mode))
    @settings(max_examples=max_examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    def answers_as_documented(case):
        case.call_and_validate(headers=headers)

    answers_as_documented()
