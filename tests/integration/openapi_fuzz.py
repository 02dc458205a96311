"""Schemathesis against a running service's own OpenAPI document, with all its default checks."""
from collections import Counter

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.modes import GenerationMode

# Schema-valid is not always valid: JSON Schema cannot say "GB 11643 check character", "not in the
# future" or "discharged after admitted", so a schema-valid request may get its documented refusal.
CONFIG = SchemathesisConfig.from_dict({"checks": {"positive_data_acceptance": {
    "expected-statuses": ["2xx", "401", "403", "404", "409", "422"]}}})
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


def fuzz(openapi_url: str, headers: dict, mode: GenerationMode, max_examples: int) -> int:
    """Generated requests (valid or invalid per `mode`) against every operation of the document at
    `openapi_url`; returns how many were sent (and prints it with the answers' status classes), raises
    schemathesis's FailureGroup naming each kind of failure found."""
    schema = schemathesis.openapi.from_url(openapi_url, config=CONFIG)
    answers: Counter = Counter()

    @given(case=schema.as_strategy(mode))
    @settings(max_examples=max_examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    def answers_as_documented(case):
        answers[f"{case.call_and_validate(headers=headers).status_code // 100}xx"] += 1

    answers_as_documented()
    print(f"\nfuzz {openapi_url} {mode.value}: {sum(answers.values())} requests, 0 failures, "
          + " ".join(f"{k}={v}" for k, v in sorted(answers.items())))
    return sum(answers.values())


def fuzz_stateful(openapi_url: str, headers: dict, max_examples: int) -> int:
    """Sequences of calls chained by the links schemathesis infers from the document (an ID one
    answer gives, used by the next call), every default check on each answer; returns the calls
    made (and prints them), raises as fuzz()."""
    schema = schemathesis.openapi.from_url(openapi_url, config=CONFIG)
    answers: Counter = Counter()

    class Machine(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def after_call(self, response, case):
            answers[f"{response.status_code // 100}xx"] += 1

    Machine.run(settings=settings(max_examples=max_examples, stateful_step_count=6, deadline=None, database=None,
                                  suppress_health_check=list(HealthCheck)))
    print(f"\nfuzz {openapi_url} stateful: {sum(answers.values())} calls, 0 failures, "
          + " ".join(f"{k}={v}" for k, v in sorted(answers.items())))
    return sum(answers.values())
