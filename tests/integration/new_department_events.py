"""Builders of the water resources and emergency management events about registered people."""
import uuid
from datetime import datetime, timedelta
from decimal import Decimal

from services.emergency_management import contracts as em
from services.water_resources import contracts as wr
from shared.contracts.types import Person
from tests.integration.events import NOW, _envelope


def water_tested(p: Person, result: str, when: datetime = NOW) -> wr.WaterQualityTested:
    return _envelope(wr.WaterQualityTested, "water_resources", wr.WaterQualityTestedData(
        person=p, sampled_on=when.date(), sample_id="SY" + uuid.uuid4().hex[:8], result=result), when)


def supply_interrupted(p: Person, incident: str, when: datetime = NOW) -> wr.WaterSupplyInterrupted:
    return _envelope(wr.WaterSupplyInterrupted, "water_resources", wr.WaterSupplyInterruptedData(
        person=p, interrupted_on=when.date(), incident_id=incident, cause="管网爆裂"), when)


def supply_restored(p: Person, incident: str, when: datetime) -> wr.WaterSupplyRestored:
    return _envelope(wr.WaterSupplyRestored, "water_resources", wr.WaterSupplyRestoredData(
        person=p, restored_on=when.date(), incident_id=incident), when)


def disaster_loss(p: Person, loss: Decimal, when: datetime = NOW) -> em.DisasterLossAssessed:
    return _envelope(em.DisasterLossAssessed, "emergency_management", em.DisasterLossAssessedData(
        person=p, assessment_id="ZH" + uuid.uuid4().hex[:8], disaster_kind="flood",
        occurred_on=when.date() - timedelta(days=3), assessed_on=when.date(), loss_yuan=loss), when)


def relief_delivered(p: Person, assessment_id: str, when: datetime) -> em.DisasterReliefDelivered:
    return _envelope(em.DisasterReliefDelivered, "emergency_management", em.DisasterReliefDeliveredData(
        person=p, assessment_id=assessment_id, delivered_on=when.date(), relief_yuan=Decimal("5000.00")), when)
