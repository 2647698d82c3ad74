"""Every table of the API, for Alembic and the tests: this module only imports each domain's models.

The tables themselves live with their domain (``pointsapi/<domain>/models.py``) on the one
declarative ``Base`` of :mod:`pointsapi.core.base`. Nothing inside ``pointsapi`` imports this
module; the schema itself is created only by the migrations.
"""

from __future__ import annotations

from pointsapi.auth import models as auth_models
from pointsapi.core import models as core_models
from pointsapi.core.base import Base
from pointsapi.fleet import models as fleet_models
from pointsapi.ledger import models as ledger_models
from pointsapi.lottery import models as lottery_models
from pointsapi.members import models as members_models
from pointsapi.rewards import models as rewards_models
from pointsapi.staff import models as staff_models
from pointsapi.stores import models as stores_models

DOMAIN_MODELS = (
    core_models,
    auth_models,
    stores_models,
    members_models,
    ledger_models,
    rewards_models,
    lottery_models,
    staff_models,
    fleet_models,
)

__all__ = ["DOMAIN_MODELS", "Base"]
