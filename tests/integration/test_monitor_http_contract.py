"""The monitor's operator API behaves as its OpenAPI document says: schemathesis's default checks on
generated requests, valid and invalid, against every operation, with an operator's token."""
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.generation.modes import GenerationMode

from tests.integration.cases import operator_headers
from tests.integration.test_department_http import CONFIG


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_monitor_api_behaves_as_its_openapi_document_says(system, mode):
    schema = schemathesis.openapi.from_url(system.url("monitor", "/openapi.json"), config=CONFIG)
    headers = operator_headers(system)

    @given(case=schema.as_strategy(mode))
    @settings(max_examples=60, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    def answers_as_documented(case):
        case.call_and_validate(headers=headers)

    answers_as_documented()
