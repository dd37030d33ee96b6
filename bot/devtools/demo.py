"""The demo workspace's history: kofi five weeks into his campaign, for `mgrbot shell --demo`.

Everything is written through the services the bot's requests and ticks use, each call stamped
with the past moment it would have happened at, so what the shell then shows (the Home tab, the
next check-in, Friday's digest) comes from the real code paths over believable history. Rows
only: nothing is posted to Slack. Past check-ins, and the blurb request carol answered, point at
DMs the fake Slack never saw; nothing reads those again once they are answered.

Dates are counted in kofi's local days and wall-clock times, so a `now` in a week the clocks
change still gives Monday 09:00 check-ins and Friday 16:00 digests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import Database
from bot.devtools.workspace import TEAM_ID, Channel, Person, Workspace
from bot.domain.areas import SkillArea
from bot.domain.checkins import Pulse
from bot.domain.dates import WEEKDAYS
from bot.domain.items import done_ones
from bot.domain.moves import Move
from bot.domain.schedule import local_instant, next_slot
from bot.domain.zones import local_when, zone_named
from bot.models import Member
from bot.services import blurbs, campaign, digests, manager_links, members, wins
from bot.services.blurbs import Colleague
from bot.services.campaign import ItemFields
from bot.services.checkins import answers, outbox, rows

DEFAULT_WORKSPACE = Workspace()

CHECKIN_WEEKDAY, CHECKIN_TIME = 0, dt.time(9, 0)  # Monday 09:00, kofi's time
DIGEST_WEEKDAY, DIGEST_TIME = digests.DEFAULT_WEEKDAY, digests.DEFAULT_TIME  # Friday 16:00
CHECKIN_WEEKS = 4
# The wins shared for the first digest are spread over at most this much of its window...
RECENT = dt.timedelta(days=3)
# ...and need at least this much of it before `now`; with less (just after a Friday 16:00, or
# in the hour a clock change adds to it) the digest is left due now instead of next Friday.
MIN_ROOM = dt.timedelta(minutes=10)
TARGET_AFTER = dt.timedelta(days=150)

ROLE = "Engineering Manager"
WHY = (
    "I've been leading our team's bigger changes informally for a year. I want to do it "
    "properly, and the part I enjoy most is helping people grow."
)


@dataclass(frozen=True)
class DemoSummary:
    """What the seed left, for the shell's opening lines."""

    member: str
    items: int
    items_done: int
    wins: int
    shared_wins: int
    checkins_answered: int
    blurbs: int
    blurb_from: str
    channel: str
    digest_weekday: int
    digest_time: dt.time
    timezone: str
    next_checkin_at: dt.datetime
    next_digest_at: dt.datetime  # at or before `seeded_at`: due at the shell's first tick
    digest_wins: int  # shared wins the next digest would post, as of `seeded_at`
    seeded_at: dt.datetime

    def describe(self) -> str:
        zone = zone_named(self.timezone)
        digest_next = (
            "due now"
            if self.next_digest_at <= self.seeded_at
            else "next " + local_when(self.next_digest_at, zone)
        )
        return (
            f"Demo workspace: {self.member} has a campaign ({self.items} items, "
            f"{self.items_done} done), {self.wins} wins ({self.shared_wins} shared), "
            f"{self.checkins_answered} answered check-ins and {_blurbs(self.blurbs)} from "
            f"{self.blurb_from}.\n"
            f"#{self.channel} has a weekly digest on "
            f"{WEEKDAYS[self.digest_weekday].capitalize()}s {self.digest_time:%H:%M} "
            f"({digest_next}, {self.digest_wins} wins so far); {self.member}'s next check-in: "
            f"{local_when(self.next_checkin_at, zone)} ({self.timezone})."
        )


def _blurbs(count: int) -> str:
    return "a blurb" if count == 1 else f"{count} blurbs"


def seed_demo(
    db: Database,
    *,
    library: list[Move],
    now: dt.datetime,
    workspace: Workspace = DEFAULT_WORKSPACE,
) -> DemoSummary:
    """Seed kofi's campaign into an empty database, in one transaction.

    Raises ValueError when the database already has members: the demo's history only makes
    sense on its own, and seeding twice would double it.
    """
    if now.tzinfo is None:
        raise ValueError("seed_demo needs an aware datetime")
    now = now.astimezone(dt.UTC)
    cast = _Cast.of(workspace)
    with db.session() as session:
        if session.scalar(select(Member.id).limit(1)) is not None:
            raise ValueError(
                "This database already has data (members); the demo seeds an empty one. "
                "Point `mgrbot shell --demo` at a fresh database."
            )
        story = _Story(cast, library=library, now=now)
        story.write()
        story.play(session)
        return story.summary(session)


@dataclass(frozen=True)
class _Cast:
    kofi: Person
    dana: Person
    carol: Person
    team: Channel

    @classmethod
    def of(cls, workspace: Workspace) -> _Cast:
        def person(handle: str) -> Person:
            found = workspace.person(handle)
            if found is None:
                raise ValueError(f"the demo needs {handle} in the workspace")
            return found

        team = workspace.channel("team")
        if team is None:
            raise ValueError("the demo needs a #team channel in the workspace")
        return cls(person("kofi"), person("dana"), person("carol"), team)

    def person(self, handle: str) -> Person:
        return next(p for p in (self.kofi, self.dana, self.carol) if p.handle == handle)


@dataclass(frozen=True)
class _Item:
    text: str
    asked_by: str  # a handle
    area: SkillArea
    due_in_days: int | None = None
    done_days_ago: int | None = None
    evidence: str = ""


MENTOR = _Item(
    "Mentor the new backend hire through their first month",
    "dana",
    SkillArea.COACHING,
    done_days_ago=18,
    evidence="Weekly 1:1s for four weeks; she now reviews pull requests and deployed on her "
    "own last Tuesday.",
)
INCIDENT = _Item(
    "Lead the review of a production incident, from timeline to follow-ups",
    "dana",
    SkillArea.PROBLEM_SOLVING,
    done_days_ago=11,
    evidence="Ran the checkout outage review: blameless timeline, five follow-ups, each with "
    "an owner and a date.",
)
PLANNING = _Item(
    "Run sprint planning for a whole cycle", "dana", SkillArea.COMMUNICATION, due_in_days=9
)
PRESENT = _Item(
    "Present our roadmap to the Payments team", "dana", SkillArea.VISIBILITY, due_in_days=30
)
CROSS_TEAM = _Item(
    "Lead the search migration with the Platform team", "dana", SkillArea.BUSINESS_SENSE
)
GUIDE = _Item(
    "Write up how our team does code review, and get it adopted",
    "dana",
    SkillArea.KNOWLEDGE_SHARING,
    done_days_ago=4,
    evidence="Guide merged into the handbook after two rounds of comments; the team agreed to "
    "follow it from this sprint.",
)
# Added a week later, on kofi's own initiative.
FEEDBACK = _Item(
    "Have a feedback conversation with each person on the team", "kofi", SkillArea.COACHING
)
ITEMS = (MENTOR, INCIDENT, PLANNING, PRESENT, CROSS_TEAM, GUIDE, FEEDBACK)
DONE_AT = dt.time(15, 40)
CROSS_TEAM_NOTE = (
    "Kick-off with Platform done: we agreed a two-phase plan and a weekly sync that I run."
)

# What kofi wrote when he pressed Did it, by the week's move (the packaged library's ids); a
# move an operator added is answered by its area.
OUTCOMES = {
    "tell-manager": "Told Dana plainly that I want to lead a team; she said she'd back me.",
    "ask-what-they-need": "Asked Dana what she'd need to see; wrote down her three answers.",
    "meet-another-manager": "Had coffee with Sam, who manages mobile, about his first year.",
    "ask-for-nomination": "Asked Dana to put me forward for the new team lead role.",
    "share-progress": "Sent the Payments lead three lines on where the migration stands.",
    "ask-for-blurb": "Asked Lea for a few lines on the onboarding I did with her.",
    "ask-for-management-task": "Dana handed me next week's hiring loop to draft.",
    "stretch-goal": "Agreed a stretch goal with Dana: run planning for the whole quarter.",
    "find-outside-mentor": "Booked 30 minutes with Ines, an engineering manager at Lumen.",
    "mentor-newcomer": "Set up a first onboarding session with the new hire; we meet weekly.",
    "pair-and-explain": "Paired with Lea on the billing bug and talked through each step.",
    "growth-conversation": "Asked Tom what he wants to get better at; offered to review his RFC.",
    "specific-feedback": "Told Tom exactly what worked in his design review, and why.",
    "hand-off-ownership": "Coached Lea through running the release herself.",
    "fix-miscommunication": "Set up the call between QA and us that everyone had avoided.",
    "run-a-meeting": "Ran Thursday's sync with the decision up front; done early.",
    "write-the-summary": "Wrote the five-line summary of the on-call thread; it got pinned.",
    "bridge-a-gap": "Started a weekly note between our team and Platform.",
    "disagree-well": "Disagreed with the caching plan in the open, proposed another, committed.",
    "teach-the-team": "Gave a 20-minute walkthrough of our tracing setup at the team lunch.",
    "write-a-guide": "Wrote the local setup guide I wish I'd had; two people tried it.",
    "share-a-lesson": "Posted what I learned from the botched migration rollback.",
    "start-a-learning-habit": "Ran the first of our Friday show-and-tell slots.",
    "curate-resources": "Shared three articles on incident response, a line on each.",
    "coffee-outside-team": "Had lunch with Priya from Sales about why enterprise trials stall.",
    "connect-to-goals": "Tied our latency work to the renewals goal in the planning doc.",
    "learn-another-department": "Sat in on Support's weekly review; took away one fix for us.",
    "customer-perspective": "Read ten support tickets about exports; brought back one insight.",
    "rally-a-cause": "Wrote a half-page case for trunk-based development; three teams signed up.",
    "fix-a-process": "Turned the release checklist nobody followed into a script.",
    "take-the-stinker": "Took on the flaky billing export and hit its first milestone.",
    "unblock-someone": "Unblocked the data team's export by finding the stale permission.",
    "run-a-retro": "Ran a blameless retro on the missed launch; four actions, all owned.",
    "monthly-manager-update": "Sent Dana my monthly update: done, wins, what's next.",
    "quarterly-reflection": "Thought it over: yes, still what I want. The 1:1s are the best part.",
}
OUTCOME_BY_AREA = {
    SkillArea.VISIBILITY: "Told a stakeholder where my work stands and what's next.",
    SkillArea.COACHING: "Spent an hour helping a newer colleague with real work.",
    SkillArea.COMMUNICATION: "Got two teams talking about a problem they'd avoided.",
    SkillArea.KNOWLEDGE_SHARING: "Shared something I know well with the team.",
    SkillArea.BUSINESS_SENSE: "Learned how another part of the company sees our work.",
    SkillArea.PROBLEM_SOLVING: "Fixed a small thing that kept slowing the team down.",
}


@dataclass(frozen=True)
class _Answer:
    """How kofi answered one week's check-in, `after` it arrived."""

    after: dt.timedelta
    did_it: bool
    share: bool = False
    pulse: Pulse | None = None


CHECKINS = (
    _Answer(dt.timedelta(hours=7, minutes=20), did_it=True, pulse=Pulse.ON_TRACK),
    _Answer(dt.timedelta(days=1, hours=8), did_it=True),
    _Answer(dt.timedelta(days=2, hours=2), did_it=False, pulse=Pulse.STRETCHED),
    _Answer(dt.timedelta(hours=6, minutes=30), did_it=True, share=True, pulse=Pulse.ON_TRACK),
)

INCIDENT_WIN = "Led the checkout outage review: a blameless timeline and five owned follow-ups"
BLURB_ABOUT = "The checkout outage review I ran, and its follow-ups"
BLURB = (
    "Kofi ran the checkout outage review so calmly that nobody got defensive, and every "
    "follow-up had an owner before the hour was up. I'd happily have him run ours."
)

Step = Callable[[Session, dt.datetime], None]


class _Story:
    """The seed as dated steps, played in time order, each as a request or tick would run."""

    def __init__(self, cast: _Cast, *, library: list[Move], now: dt.datetime) -> None:
        self.cast = cast
        self.kofi_id = cast.kofi.user_id
        self.library = library
        self.now = now
        self.zone = zone_named(cast.kofi.tz)
        self.today = now.astimezone(self.zone).date()
        self.steps: list[tuple[dt.datetime, int, Step]] = []
        self.made: dict[str, int] = {}  # ids a later step needs
        self.next_checkin = next_slot(
            after=now, weekday=CHECKIN_WEEKDAY, at=CHECKIN_TIME, zone=self.zone
        )
        first = self._day_of(self.next_checkin) - dt.timedelta(weeks=CHECKIN_WEEKS)
        self.slots = [
            self._local(first + dt.timedelta(weeks=week), CHECKIN_TIME)
            for week in range(CHECKIN_WEEKS)
        ]
        self.enrolled_at = self._local(first - dt.timedelta(days=4), dt.time(10, 15))
        coming = next_slot(after=now, weekday=DIGEST_WEEKDAY, at=DIGEST_TIME, zone=self.zone)
        room = now - (coming - digests.FIRST_WINDOW)
        self.digest_due = coming if room >= MIN_ROOM else self._week_before(coming)

    # --- time ------------------------------------------------------------------------------

    def _day_of(self, instant: dt.datetime) -> dt.date:
        return instant.astimezone(self.zone).date()

    def _local(self, day: dt.date, at: dt.time) -> dt.datetime:
        return local_instant(day, at, self.zone)

    def _days_ago(self, days: int, at: dt.time) -> dt.datetime:
        return self._local(self.today - dt.timedelta(days=days), at)

    def _week_before(self, slot: dt.datetime) -> dt.datetime:
        return self._local(self._day_of(slot) - dt.timedelta(weeks=1), DIGEST_TIME)

    def _by_now(self, start: dt.datetime, after: dt.timedelta) -> dt.datetime:
        """`after` past `start`, or halfway to now when that hasn't come yet."""
        return start + after if start + after <= self.now else start + (self.now - start) / 2

    def at(self, when: dt.datetime, step: Step) -> None:
        if when > self.now:
            raise AssertionError(f"demo step at {when} is after now ({self.now})")
        self.steps.append((when, len(self.steps), step))

    def play(self, session: Session) -> None:
        for when, _, step in sorted(self.steps, key=lambda s: (s[0], s[1])):
            step(session, when)
            session.flush()
            session.expire_all()  # the next step loads rows afresh, as its own request would

    # --- the story -------------------------------------------------------------------------

    def write(self) -> None:
        self._setup()
        self._list()
        self._checkins()
        self._wins()
        self._blurb()
        self._digest()

    def _setup(self) -> None:
        kofi, dana, team = self.cast.kofi, self.cast.dana, self.cast.team
        profile = members.Profile(
            target_role=ROLE,
            target_date=self.today + TARGET_AFTER,
            manager_user_id=dana.user_id,
            why=WHY,
            checkin_weekday=CHECKIN_WEEKDAY,
            checkin_time=CHECKIN_TIME,
            team_channel_id=team.channel_id,
        )

        def enrol(session: Session, when: dt.datetime) -> None:
            members.save_profile(
                session, team_id=TEAM_ID, user_id=self.kofi_id, profile=profile, now=when
            )
            # What the app does next for a new member: store their Slack time zone.
            members.set_timezone(
                session, team_id=TEAM_ID, user_id=self.kofi_id, timezone=kofi.tz, now=when
            )
            # The manager named in setup is asked to link; Dana accepted within the hour.
            asked = manager_links.create_request(
                session,
                team_id=TEAM_ID,
                user_id=self.kofi_id,
                manager=Colleague(user_id=dana.user_id, is_bot=False, deleted=False),
                now=when,
            )
            manager_links.accept(
                session,
                team_id=TEAM_ID,
                user_id=dana.user_id,
                link_id=asked.link.id,
                now=when + dt.timedelta(minutes=40),
            )

        self.at(self.enrolled_at, enrol)

    def _list(self) -> None:
        first_ones = [item for item in ITEMS if item is not FEEDBACK]
        for minute, item in enumerate(first_ones, start=1):
            self.at(self.enrolled_at + dt.timedelta(minutes=minute), self._add(item))
        self.at(self._local(self._day_of(self.slots[1]), dt.time(18, 5)), self._add(FEEDBACK))
        for item in ITEMS:
            if item.done_days_ago is not None:
                self.at(self._done_at(item), self._complete(item))

        def note(session: Session, when: dt.datetime) -> None:
            item = campaign.get_item(
                session, team_id=TEAM_ID, user_id=self.kofi_id, number=_number(CROSS_TEAM)
            )
            campaign.add_note(session, item=item, text=CROSS_TEAM_NOTE, now=when)

        self.at(self._days_ago(6, dt.time(12, 15)), note)

    def _done_at(self, item: _Item) -> dt.datetime:
        return self._days_ago(item.done_days_ago or 0, DONE_AT)

    def _add(self, item: _Item) -> Step:
        asked_by = self.cast.person(item.asked_by)
        due = self.today + dt.timedelta(days=item.due_in_days) if item.due_in_days else None
        fields = ItemFields(item.text, asked_by=asked_by.user_id, area=item.area, due=due)

        def add(session: Session, when: dt.datetime) -> None:
            campaign.add_item(
                session, team_id=TEAM_ID, user_id=self.kofi_id, fields=fields, now=when
            )

        return add

    def _complete(self, done: _Item) -> Step:
        def complete(session: Session, when: dt.datetime) -> None:
            item = campaign.get_item(
                session, team_id=TEAM_ID, user_id=self.kofi_id, number=_number(done)
            )
            campaign.complete_item(session, item=item, evidence=done.evidence, now=when)

        return complete

    def _checkins(self) -> None:
        for slot, answer in zip(self.slots, CHECKINS, strict=True):
            self.at(slot, self._send_checkin)
            self.at(self._by_now(slot, answer.after), self._answer(answer))

    def _send_checkin(self, session: Session, when: dt.datetime) -> None:
        """The tick's part, minus Slack: this week's row, claimed and marked delivered."""
        _, created = rows.create_due_checkins(session, now=when, library=self.library)
        claimed = outbox.claim_pending(session, now=when, limit=1)
        if created != 1 or len(claimed) != 1:
            raise AssertionError(f"the demo's check-in at {when} wasn't due")
        outbox.mark_sent(
            session,
            claim=claimed[0].claim,
            channel=self.cast.kofi.dm_channel,
            ts=_ts(when),
            now=when,
        )

    def _answer(self, answer: _Answer) -> Step:
        def press(session: Session, when: dt.datetime) -> None:
            member = members.find_member(session, team_id=TEAM_ID, user_id=self.kofi_id)
            checkin = rows.current_checkin(session, member=campaign.member_or_error(member))
            if checkin is None:
                raise AssertionError("the demo answers a check-in that wasn't sent")
            if answer.pulse is not None:
                answers.record_pulse(session, checkin=checkin, pulse=answer.pulse, now=when)
            if not answer.did_it:
                answers.skip(session, checkin=checkin, now=when)
                return
            did = answers.DidIt(
                checkin.id, outcome=self._outcome(checkin.move_id), share=answer.share
            )
            answers.did_it_for(
                session,
                team_id=TEAM_ID,
                user_id=self.kofi_id,
                did=did,
                library=self.library,
                now=when,
            )

        return press

    def _outcome(self, move_id: str) -> str:
        move = next(m for m in self.library if m.id == move_id)
        return OUTCOMES.get(move.id) or OUTCOME_BY_AREA[move.area]

    def _wins(self) -> None:
        enrol_day = self._day_of(self.enrolled_at)
        # The first digest's window is the 7 days before it posts: two wins shared in it.
        share_from = max(self.digest_due - digests.FIRST_WINDOW, self.now - RECENT)
        first_share = share_from + (self.now - share_from) / 3
        second_share = share_from + (self.now - share_from) * 2 / 3

        self.at(
            self.enrolled_at + dt.timedelta(minutes=20),
            self._win(
                "Walked our new hire through the deploy pipeline; she shipped her first "
                "change on day three",
                happened_on=enrol_day - dt.timedelta(days=3),
                item_number=_number(MENTOR),
            ),
        )
        self.at(
            self.enrolled_at + dt.timedelta(minutes=25),
            self._win(
                "Untangled the flaky checkout test that had blocked two teams for a week",
                happened_on=enrol_day - dt.timedelta(days=6),
                area=SkillArea.PROBLEM_SOLVING,
                share=True,
            ),
        )
        self.at(
            self._done_at(INCIDENT) + dt.timedelta(minutes=15),
            self._win(
                INCIDENT_WIN, item_number=_number(INCIDENT), share=True, remember="incident_win"
            ),
        )
        self.at(
            self._days_ago(8, dt.time(17, 20)),
            self._win(
                "Payments thanked me for the clear write-up of our API change",
                happened_on=self.today - dt.timedelta(days=9),
                area=SkillArea.COMMUNICATION,
            ),
        )
        self.at(
            first_share,
            self._win(
                "Published our code review guide; two other teams already link to it",
                happened_on=self._day_of(self._done_at(GUIDE)),
                item_number=_number(GUIDE),
                share=True,
            ),
        )
        self.at(
            second_share,
            self._win(
                "Walked the team through our cloud costs so we could choose what to cut first",
                area=SkillArea.BUSINESS_SENSE,
                share=True,
            ),
        )

    def _win(
        self,
        text: str,
        *,
        happened_on: dt.date | None = None,
        area: SkillArea | None = None,
        item_number: int | None = None,
        share: bool = False,
        remember: str | None = None,
    ) -> Step:
        def log(session: Session, when: dt.datetime) -> None:
            win = wins.log_win(
                session,
                team_id=TEAM_ID,
                user_id=self.kofi_id,
                text=text,
                happened_on=happened_on,
                area=area,
                item_number=item_number,
                share=share,
                now=when,
            )
            if remember:
                self.made[remember] = win.id

        return log

    def _blurb(self) -> None:
        carol = self.cast.carol
        asked_at = self._done_at(INCIDENT) + dt.timedelta(hours=1)

        def ask(session: Session, when: dt.datetime) -> None:
            request = blurbs.create_request(
                session,
                team_id=TEAM_ID,
                user_id=self.kofi_id,
                colleague=blurbs.Colleague(carol.user_id, is_bot=False, deleted=False),
                about=BLURB_ABOUT,
                win_id=self.made["incident_win"],
                now=when,
            )
            blurbs.mark_delivered(
                session, request_id=request.id, channel=carol.dm_channel, ts=_ts(when)
            )
            self.made["blurb_request"] = request.id

        def write(session: Session, when: dt.datetime) -> None:
            blurbs.write_blurb(
                session,
                team_id=TEAM_ID,
                user_id=carol.user_id,
                request_id=self.made["blurb_request"],
                text=BLURB,
                may_share=True,
                now=when,
            )

        self.at(asked_at, ask)
        self.at(asked_at + dt.timedelta(hours=17), write)

    def _digest(self) -> None:
        """kofi turned #team's digest on after the last Friday slot, so its first post is the
        coming Friday's. When that post's window starts too close to now for the wins shared
        before it (see MIN_ROOM), he turned it on before the last slot instead: due at once."""
        week_before = self._week_before(self.digest_due)
        turned_on_at = week_before + (min(self.digest_due, self.now) - week_before) / 2

        def turn_on(session: Session, when: dt.datetime) -> None:
            switch = digests.switch_on(
                session,
                team_id=TEAM_ID,
                channel_id=self.cast.team.channel_id,
                user_id=self.kofi_id,
                weekday=DIGEST_WEEKDAY,
                at=DIGEST_TIME,
                timezone=self.cast.kofi.tz,
                now=when,
            )
            if switch.digest.next_due_at != self.digest_due:
                raise AssertionError(f"the demo's digest is due {switch.digest.next_due_at}")

        self.at(turned_on_at, turn_on)

    # --- what it left ----------------------------------------------------------------------

    def summary(self, session: Session) -> DemoSummary:
        kofi, team = self.cast.kofi, self.cast.team
        member = campaign.member_or_error(
            members.find_member(session, team_id=TEAM_ID, user_id=self.kofi_id)
        )
        items = campaign.items_of(session, member=member)
        logged = wins.recent_wins(session, member=member, limit=100)
        checkins = rows.recent_checkins(session, member_id=member.id)
        digest = digests.find_digest(session, team_id=TEAM_ID, channel_id=team.channel_id)
        preview = digests.preview(
            session, team_id=TEAM_ID, channel_id=team.channel_id, now=self.now
        )
        if (
            member.next_checkin_at != self.next_checkin
            or digest is None
            or digest.next_due_at is None
            or preview is None
        ):
            raise AssertionError("the demo's schedule isn't what it was written for")
        return DemoSummary(
            member=kofi.handle,
            items=len(items),
            items_done=len(done_ones(items)),
            wins=len(logged),
            shared_wins=sum(w.shared for w in logged),
            checkins_answered=sum(c.answered_at is not None for c in checkins),
            blurbs=len(blurbs.received_blurbs(session, member=member)),
            blurb_from=self.cast.carol.handle,
            channel=team.name,
            digest_weekday=digest.weekday,
            digest_time=digest.post_time,
            timezone=member.timezone,
            next_checkin_at=self.next_checkin,
            next_digest_at=digest.next_due_at,
            digest_wins=len(preview.wins),
            seeded_at=self.now,
        )


def _number(item: _Item) -> int:
    """The item's number on kofi's list: the order it was added in."""
    return ITEMS.index(item) + 1


def _ts(when: dt.datetime) -> str:
    """A Slack message ts for a message posted at `when`."""
    return f"{when.timestamp():.6f}"
