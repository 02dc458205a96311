from services.emergency_management.department import DEPARTMENT
from shared.kit.cli import run

run(DEPARTMENT)
