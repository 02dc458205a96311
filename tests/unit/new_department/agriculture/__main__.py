from services.agriculture.department import DEPARTMENT
from shared.kit.cli import run

run(DEPARTMENT)
