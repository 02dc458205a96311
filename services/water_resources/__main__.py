from services.water_resources.department import DEPARTMENT
from shared.kit.cli import run

run(DEPARTMENT)
