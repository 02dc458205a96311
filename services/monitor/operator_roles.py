"""Operator roles (issue 11): what an operator of the API and the dashboard may do.

    viewer         reads alerts, households, the queues and the system page
    case_officer   also moves cases along their lifecycle (核实、认定、帮扶、消除风险), decides the review
                   queue and enters self-reports
    administrator  also re-drives dead letters

OPERATOR_ROLES 'name:role,name2:role' names each operator's role. Unset, every operator is an
administrator (one office running the monitor alone, as before roles existed); set, an operator it
does not name is a viewer, so a new token reads and does nothing until someone gives it a role.
"""
from fastapi import Depends, HTTPException, Request

from services.monitor.operator_auth import operator

ROLES = ("viewer", "case_officer", "administrator")  # each may what the one before may, and more


def parse_roles(spec: str) -> dict[str, str] | None:
    """'name:role,...' -> {name: role}; '' -> None (every operator an administrator). Raises
    ValueError naming an entry without a name or with a role not in ROLES."""
    if not spec.strip():
        return None
    roles = {}
    for item in filter(None, (p.strip() for p in spec.split(","))):
        name, _, role = (part.strip() for part in item.partition(":"))
        if not name or role not in ROLES:
            raise ValueError(f"OPERATOR_ROLES entry {item!r} must be name:role, role one of {', '.join(ROLES)}")
        roles[name] = role
    return roles


def role_of(roles: dict[str, str] | None, name: str) -> str:
    """`name`'s role under `roles` (parse_roles' answer)."""
    return "administrator" if roles is None else roles.get(name, "viewer")


def refusal(roles: dict[str, str] | None, name: str, needed: str) -> str | None:
    """Why `name` may not do what needs role `needed`, None when he may."""
    role = role_of(roles, name)
    if ROLES.index(role) >= ROLES.index(needed):
        return None
    return f"operator {name} is a {role}; this needs a {needed} (OPERATOR_ROLES)"


def needs(role: str):
    """FastAPI dependency: the operator's name when his role (app.state.roles) is `role` or above;
    403 with the reason otherwise (401 first when the token is no operator's)."""
    def dependency(request: Request, who: str = Depends(operator)) -> str:
        why = refusal(getattr(request.app.state, "roles", None), who, role)
        if why:
            raise HTTPException(403, why)
        return who
    return dependency
