"""Department API keys (DESIGN.md section 8): each department system and its staff front end
authenticate to their own service with a bearer token; a token of another department is
refused (403), a missing or unknown one too (401).

DEPARTMENT_API_KEYS (shared.kit.settings) holds `department:token` pairs, comma separated. Every department service
reads the whole list so that it can tell "another department's key" from "no key of ours".
"""
import hashlib
import hmac

from fastapi import HTTPException

MIN_TOKEN_CHARS = 16


def parse_keys(spec: str) -> dict[str, str]:
    """'civil_affairs:tok1,housing:tok2' -> {department: token}. Raises ValueError when malformed."""
    keys: dict[str, str] = {}
    for item in filter(None, (p.strip() for p in spec.split(","))):
        department, _, token = item.partition(":")
        if not department or len(token) < MIN_TOKEN_CHARS:
            raise ValueError(f"DEPARTMENT_API_KEYS entries must be department:token with a token of "
                             f"{MIN_TOKEN_CHARS}+ characters")
        if department in keys or token in keys.values():
            raise ValueError("DEPARTMENT_API_KEYS names a department or a token twice")
        keys[department] = token
    return keys


class DepartmentAuth:
    """Whose key a bearer token is, for one department's service."""

    def __init__(self, department: str, keys: dict[str, str]):
        """Raises ValueError when `keys` has no key for `department` (fail at start, not at the first call)."""
        if department not in keys:
            raise ValueError(f"DEPARTMENT_API_KEYS has no key for {department}")
        self.department = department
        # Compared as digests, in constant time: equal lengths, no early exit on the first wrong character.
        self._owners = [(hashlib.sha256(t.encode()).digest(), d) for d, t in keys.items()]

    def owner(self, token: str) -> str | None:
        digest = hashlib.sha256(token.encode()).digest()
        found = None
        for known, department in self._owners:
            if hmac.compare_digest(known, digest):
                found = department
        return found

    def check(self, token: str | None) -> str:
        """The department of `token` when it is this department's; raises HTTPException 401 or 403."""
        if token is None:
            raise HTTPException(401, "missing bearer token (Authorization: Bearer <department API key>)",
                                headers={"WWW-Authenticate": "Bearer"})
        owner = self.owner(token)
        if owner is None:
            raise HTTPException(401, "unknown API key", headers={"WWW-Authenticate": "Bearer"})
        if owner != self.department:
            raise HTTPException(403, f"this is the API key of {owner}; {self.department}'s service accepts "
                                     f"only {self.department}'s key")
        return owner
