"""Loading and saving the rules documents kept in the database."""

from __future__ import annotations

from sqlalchemy.orm import Session

from pointsapi.core.clock import require_timezone
from pointsapi.ledger.models import ConfigEntry
from pointsapi.ledger.rules.config import ProgramRules, StoreRules
from pointsapi.stores.models import Store

PROGRAM_KEY = "program"


def store_rules(store: Store) -> StoreRules:
    return StoreRules.model_validate_json(store.rules_json or "{}")


def save_store_rules(session: Session, store: Store, rules: StoreRules) -> None:
    store.rules_json = rules.model_dump_json()
    session.flush()


def program_rules(session: Session) -> ProgramRules:
    entry = session.get(ConfigEntry, PROGRAM_KEY)
    return ProgramRules.model_validate_json(entry.value_json if entry else "{}")


def save_program_rules(session: Session, rules: ProgramRules) -> None:
    require_timezone(rules.timezone)
    entry = session.get(ConfigEntry, PROGRAM_KEY)
    if entry is None:
        session.add(ConfigEntry(key=PROGRAM_KEY, value_json=rules.model_dump_json()))
    else:
        entry.value_json = rules.model_dump_json()
    session.flush()
