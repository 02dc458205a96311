from services.health_insurance.department import DEPARTMENT
from shared.kit.cli import run

run(DEPARTMENT)
