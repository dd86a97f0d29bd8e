"""Which services of a case are rated (一次一评 on site, 一事一评 online) and from which day.

On-site (window) cases: each service is rated — acceptance (受理, or the refusal given at the window) and delivery
(出件). Online cases: the case as a whole, once it is concluded (delivered, refused, withdrawn, terminated).
Local option: a promised item (承诺件) is rated at acceptance and at delivery whatever the channel."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ACCEPTANCE, DELIVERY, CASE = "acceptance", "delivery", "case"
SERVICE_LABELS = {ACCEPTANCE: "受理服务", DELIVERY: "出件服务", CASE: "办件（一事一评）"}
SERVICES = (ACCEPTANCE, DELIVERY, CASE)


@dataclass(frozen=True)
class CaseFacts:
    channel: str                 # "window" | "online"
    promised: bool               # 承诺件 (promised limit > 0)
    accepted_on: date | None = None
    refused_on: date | None = None
    delivered_on: date | None = None
    concluded_on: date | None = None  # the day the case reached a final state (delivered, refused, withdrawn, …)


def services_for(facts: CaseFacts, *, twice_for_promised: bool = False) -> tuple[str, ...]:
    """The services this case is rated for (whether or not they have happened yet)."""
    if facts.channel == "window" or (twice_for_promised and facts.promised):
        return (ACCEPTANCE, DELIVERY)
    return (CASE,)


def occasions(facts: CaseFacts, *, twice_for_promised: bool = False) -> dict[str, date]:
    """The services that have happened and may be rated now, with the day each happened."""
    out: dict[str, date] = {}
    for service in services_for(facts, twice_for_promised=twice_for_promised):
        if service == ACCEPTANCE:
            day = facts.accepted_on or facts.refused_on
        elif service == DELIVERY:
            day = facts.delivered_on
        else:
            day = facts.concluded_on
        if day is not None:
            out[service] = day
    return out
