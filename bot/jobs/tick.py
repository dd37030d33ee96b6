"""One pass of all scheduled work that is due at `now`.

The database owns due work; this is what both the in-process scheduler (every minute) and
`mgrbot tick` call, so a cron deployment and a long-running one behave the same.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from apscheduler.schedulers.background import BackgroundScheduler

from bot.jobs.blurb_expiry import expire_blurb_requests
from bot.jobs.checkins import CheckinDelivery
from bot.jobs.digests import DigestDelivery
from bot.jobs.manager_request_expiry import expire_manager_requests
from bot.jobs.stakeholder_ask_expiry import expire_stakeholder_asks
from bot.jobs.update_delivery import send_stranded_updates
from bot.services import submission_keys

log = logging.getLogger(__name__)


@dataclass
class TickReport:
    at: dt.datetime
    done: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        parts = [f"{name}={count}" for name, count in sorted(self.done.items())] or ["nothing due"]
        return f"tick at {self.at.isoformat()}: " + ", ".join(parts)


def tick(
    *, checkins: CheckinDelivery, now: dt.datetime, digests: DigestDelivery | None = None
) -> TickReport:
    if now.tzinfo is None:
        raise ValueError("tick needs an aware datetime")
    now = now.astimezone(dt.UTC)
    # Digests first: they are few and quick, so their claims are fresh when they post, not
    # minutes old behind a long check-in fan-out.
    digest_work = digests or DigestDelivery(
        db=checkins.db, slack=checkins.slack, gate=checkins.gate
    )
    done = digest_work.run(now)
    done.update(expire_blurb_requests(db=checkins.db, messenger=checkins.slack, now=now))
    done.update(expire_stakeholder_asks(db=checkins.db, messenger=checkins.slack, now=now))
    done.update(expire_manager_requests(db=checkins.db, messenger=checkins.slack, now=now))
    done.update(send_stranded_updates(db=checkins.db, messenger=checkins.slack, now=now))
    done.update(checkins.run(now))
    with checkins.db.session() as session:
        submission_keys.forget_old(session, now=now)  # housekeeping: not reported as work done
    return TickReport(at=now, done=done)


def start_scheduler(checkins: CheckinDelivery) -> BackgroundScheduler:
    """Tick every minute in this process. Safe with many processes: rows are claimed first."""

    def run_tick() -> None:
        report = tick(checkins=checkins, now=dt.datetime.now(dt.UTC))
        if report.done:
            log.info(report.summary())

    scheduler = BackgroundScheduler(timezone=dt.UTC)
    scheduler.add_job(
        run_tick,
        "interval",
        minutes=1,
        id="tick",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=30,
    )
    scheduler.start()
    return scheduler
