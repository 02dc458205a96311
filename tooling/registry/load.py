"""The synthetic registry into PostgreSQL: the generator (seeded) as the source of the
monitor's COPY loader (services.monitor.registry.load.copy_registry)."""

from __future__ import annotations

from services.monitor.registry.chunks import CHUNK_HOUSEHOLDS
from services.monitor.registry.load import RegistryStats, copy_registry

from .generate import generate
from .generate.calibration import expected_persons


async def load_synthetic_registry(
    dsn: str,
    households: int,
    seed: int,
    progress: bool = True,
    *,
    chunk_households: int = CHUNK_HOUSEHOLDS,
    drop_primary_keys: bool = False,
) -> RegistryStats:
    """Replace the registry in `dsn` with `households` synthetic households (same seed, same
    registry). Raises ValueError for households < 0, asyncpg errors from the database."""
    return await copy_registry(dsn, generate(households, seed), progress=progress, total_households=households,
                               expected_persons=expected_persons(households), chunk_households=chunk_households,
                               drop_primary_keys=drop_primary_keys)
