from services.civil_affairs.department import DEPARTMENT
from shared.kit.cli import run

run(DEPARTMENT)
