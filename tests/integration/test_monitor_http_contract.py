"""The monitor's operator API behaves as its OpenAPI document says: schemathesis's default checks on
generated requests, valid and invalid, against every operation, with an operator's token."""
import pytest

from tests.integration.cases import operator_headers
from tests.integration.openapi_fuzz import MODES, fuzz, fuzz_stateful


@pytest.mark.parametrize("mode", MODES)
def test_the_monitor_api_behaves_as_its_openapi_document_says(system, mode):
    fuzz(system.url("monitor", "/openapi.json"), operator_headers(system), mode, max_examples=60)


def test_chained_calls_to_the_monitor_api_hold_the_contract(system):
    """The stateful phase: calls chained by the links inferred from the document (an alert or event
    ID from one answer used by the next), every default check on each answer."""
    assert fuzz_stateful(system.url("monitor", "/openapi.json"), operator_headers(system), max_examples=10) > 0
