"""Second round of acceptance tests (issue 15, red team): cases the first round did not cover."""
