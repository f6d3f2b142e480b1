"""SQL repositories, one module each, all scoped by Slack workspace (team id)."""

from .admins import SqlAdminRepository
from .answers import SqlAnswerRepository
from .assessments import SqlAssessmentRepository
from .events import SqlEventRepository
from .evidence import SqlEvidenceRepository
from .frameworks import SqlFrameworkStore
from .holidays import SqlHolidayRepository
from .orgs import SqlOrgRepository
from .outbox import SqlOutboxRepository
from .people import SqlPeopleRepository
from .positions import SqlPositionRepository
from .prompts import SqlPromptRepository
from .reminders import SqlReminderRepository
from .ticks import SqlTickRepository

__all__ = [
    "SqlAdminRepository",
    "SqlAnswerRepository",
    "SqlAssessmentRepository",
    "SqlEventRepository",
    "SqlEvidenceRepository",
    "SqlFrameworkStore",
    "SqlHolidayRepository",
    "SqlOrgRepository",
    "SqlOutboxRepository",
    "SqlPeopleRepository",
    "SqlPositionRepository",
    "SqlPromptRepository",
    "SqlReminderRepository",
    "SqlTickRepository",
]
