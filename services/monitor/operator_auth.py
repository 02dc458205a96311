"""Operators of the HTTP API and their bearer tokens: the actor of a decision is the token's
owner, never a name the client types."""
import secrets

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

bearer = HTTPBearer(auto_error=False)


def parse_tokens(spec: str) -> dict[str, str]:
    """OPERATOR_TOKENS 'name:token,name2:token2' -> {token: name}. Raises ValueError when malformed."""
    tokens = {}
    for item in filter(None, (p.strip() for p in spec.split(","))):
        name, _, token = item.partition(":")
        if not name or len(token) < 16:
            raise ValueError("OPERATOR_TOKENS entries must be name:token with a token of 16+ characters")
        tokens[token] = name
    if not tokens:
        raise ValueError("OPERATOR_TOKENS is empty")
    return tokens


def operator(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> str:
    """The name of the operator whose token (app.state.tokens) the request carries; 401 otherwise."""
    if credentials is None:
        raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
    for token, name in request.app.state.tokens.items():
        if secrets.compare_digest(token, credentials.credentials):
            return name
    raise HTTPException(401, "unknown token", headers={"WWW-Authenticate": "Bearer"})
