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


def operator_of(app, token: str | None) -> str:
    """The name of the operator whose token (app.state.tokens) `token` is; raises HTTPException 401
    when there is none or it is no operator's."""
    if token is None:
        raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
    for known, name in app.state.tokens.items():
        if secrets.compare_digest(known.encode(), token.encode()):  # bytes: a non-ASCII str would raise
            return name
    raise HTTPException(401, "unknown token", headers={"WWW-Authenticate": "Bearer"})


def operator(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> str:
    """FastAPI dependency: the name of the operator whose token the request carries; 401 otherwise."""
    return operator_of(request.app, None if credentials is None else credentials.credentials)
