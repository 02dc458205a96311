"""The monitor's operator API behaves as its OpenAPI document says: schemathesis's default checks on
generated requests, valid and invalid, against every operation, with an operator's token."""
import pytest

from tests.integration.cases import operator_headers
from tests.integration.openapi_fuzz import MODES, fuzz


@pytest.mark.parametrize("mode", MODES)
def test_the_monitor_api_behaves_as_its_openapi_document_says(system, mode):
    fuzz(system.url("monitor", "/openapi.json"), operator_headers(system), mode, max_examples=60)
