"""What the OpenAPI document cannot learn from the handlers: the body of POST /v1/events (the
handler reads it itself, to report every item's errors) and whose API key the bearer token is."""
from typing import Annotated, Union

from fastapi import FastAPI
from pydantic import Field, TypeAdapter

from shared.kit.department import Department


def document_event_body(app: FastAPI, dept: Department) -> None:
    """Put the contracts' JSON schema of `dept`'s events into the app's OpenAPI document."""
    models = dept.event_models
    one = models[0] if len(models) == 1 else Annotated[Union[models], Field(discriminator="type")]
    body = TypeAdapter(Union[one, Annotated[list[one], Field(min_length=1, max_length=1000)]]).json_schema(
        ref_template="#/components/schemas/{model}")
    definitions = body.pop("$defs", {})
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            document = generate()
            components = document.setdefault("components", {})
            components.setdefault("schemas", {}).update(definitions)
            components["securitySchemes"]["HTTPBearer"]["description"] = f"the API key of {dept.code}"
            document["paths"]["/v1/events"]["post"]["requestBody"] = {
                "required": True, "content": {"application/json": {"schema": body}}}
        return app.openapi_schema

    app.openapi = openapi
