"""The answers every operator API endpoint documents besides its own (OpenAPI `responses`): what
operator_auth, the database-unavailable answer (shared.kit.http.unavailable) and each route's
refusals give, so a client can rely on the published contract; and the router every API module
starts from (a query parameter no route declares is refused, shared.kit.http.strict_query)."""
from fastapi import APIRouter, Depends
from pydantic import BaseModel

from shared.kit.http.strict_query import refuse_unknown_query
from shared.kit.http.responses import Detail


class Refusal(BaseModel):
    zh: str
    en: str


class Refused(BaseModel):
    refused: list[Refusal]


class RefusedDetail(BaseModel):
    detail: Refused


OPERATOR = {401: {"model": Detail, "description": "no bearer token, or one that is no operator's (OPERATOR_TOKENS)"},
            503: {"model": Detail, "description": "the monitor's database is away for now (header Retry-After, "
                                                  "seconds): send the same request again"}}


ACTS = {403: {"model": Detail, "description": "the operator's role may not do this (OPERATOR_ROLES: viewer < "
                                            "case_officer < administrator)"}}


BAD_BODY = {400: {"model": Detail, "description": "the body is not JSON"}}


def not_found(what: str) -> dict:
    return {404: {"model": Detail, "description": f"no such {what}"}}


def conflict(why: str, model: type[BaseModel] = Detail) -> dict:
    return {409: {"model": model, "description": why}}


def operator_router() -> APIRouter:
    """An API module's router: the operator answers documented, undeclared query parameters refused."""
    return APIRouter(responses=OPERATOR, dependencies=[Depends(refuse_unknown_query)])
