"""Demo data: a small believable story to explore the app, and large synthetic databases.

`seed_demo` adds seven interviews about three occupations, one in every stage, with times
relative to now (one today, one tomorrow, one that ended five hours ago). `generate` writes
thousands of deterministic synthetic interviews with bulk inserts, for benchmarks.
"""

from __future__ import annotations

import random
import uuid as uuid_module
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine, func, insert
from sqlmodel import Session, select

from infoint_tui.store.models import (
    Contact,
    FollowUp,
    Interview,
    Medium,
    Note,
    Occupation,
    Organization,
    Question,
    Referral,
    Reflection,
    Stage,
    utcnow,
)
from infoint_tui.store.sessions import writing

# ---------------------------------------------------------------------------------------
# seed_demo: one small story
# ---------------------------------------------------------------------------------------

_UX = "UX researcher"
_DATA = "Data scientist"
_PHARMACY = "Hospital pharmacist"

#: (question text, category, answer or "" when not asked yet)
_QA = tuple[str, str, str]


def seed_demo(engine: Engine) -> None:
    """Add a small, warm demo: seven interviews about three occupations, in every stage."""
    now = utcnow()
    local = now.astimezone()
    today = local.date()
    midnight = datetime.combine(today, time(0, 0), tzinfo=local.tzinfo).astimezone(UTC)
    tomorrow_afternoon = datetime.combine(
        today + timedelta(days=1), time(15, 0), tzinfo=local.tzinfo
    ).astimezone(UTC)

    with writing(engine) as session:
        occupation = {name: _occupation_id(session, name) for name in (_UX, _DATA, _PHARMACY)}
        lumen = _add(
            session,
            Organization(
                name="Lumen Health",
                sector="Digital health",
                website="https://lumen-health.example",
                research_notes=(
                    "Makes the appointment and medication app used by three regional hospital "
                    "networks. Research team of five, sitting with design inside product teams."
                ),
            ),
        )
        fernhill = _add(
            session,
            Organization(
                name="Fernhill Software",
                sector="Software",
                website="https://fernhill.example",
                research_notes=(
                    "About 120 people building scheduling software for small clinics and physio "
                    "practices. Research and data science both report to the head of product."
                ),
            ),
        )
        civic = _add(
            session,
            Organization(
                name="Civic Data Collective",
                sector="Nonprofit",
                website="https://civicdata.example",
                research_notes=(
                    "A nonprofit of twelve that helps cities make sense of their own open data. "
                    "Mostly grant funded; their night-bus study changed two routes last year."
                ),
            ),
        )
        brigid = _add(
            session,
            Organization(
                name="St. Brigid's Hospital",
                sector="Hospital",
                research_notes=(
                    "A 400-bed teaching hospital. The pharmacy department runs a one-year "
                    "residency and holds an open day every spring."
                ),
            ),
        )
        riverside = _add(
            session,
            Organization(
                name="Riverside Community Hospital",
                sector="Hospital",
                research_notes="Smaller community hospital with a busy emergency department.",
            ),
        )
        harbourview = _add(
            session,
            Organization(
                name="Harbourview Transit",
                sector="Public transit",
                research_notes=(
                    "The regional transit agency; its planning department has a small analytics "
                    "team that publishes ridership dashboards."
                ),
            ),
        )

        jonas = _add(
            session,
            Contact(
                name="Jonas Berg",
                role="Data scientist, planning department",
                email="jonas.berg@harbourview.example",
                how_met="Spoke at the open data meetup in the spring",
                notes="Prefers phone calls to video. Cycles to work; has views on bus lanes.",
            ),
        )
        tomas = _add(
            session,
            Contact(
                name="Tomás Ferreira",
                role="Data scientist",
                email="tomas@civicdata.example",
                how_met="Introduced by Jonas Berg",
                referred_by_id=jonas,
                notes="Former maths teacher. Worked with Jonas on the night-bus study.",
            ),
        )
        priya = _add(
            session,
            Contact(
                name="Priya Raman",
                role="Senior UX researcher",
                email="priya.raman@lumen-health.example",
                profile_url="https://www.linkedin.com/in/priya-raman-example",
                how_met="Her talk at the local UX meetup on testing with older patients",
                notes="Moved into research from hospital quality improvement four years ago.",
            ),
        )
        marcus = _add(
            session,
            Contact(
                name="Marcus Oyelaran",
                role="UX research lead",
                email="marcus@fernhill.example",
                how_met="Introduced by Priya Raman",
                referred_by_id=priya,
                notes="Built Fernhill's research team from scratch; hires a junior or two a year.",
            ),
        )
        grace = _add(
            session,
            Contact(
                name="Grace Liu",
                role="Senior data scientist",
                email="grace.liu@fernhill.example",
                how_met="University alumni directory",
            ),
        )
        helen = _add(
            session,
            Contact(
                name="Helen Kowalczyk",
                role="Clinical pharmacist, internal medicine",
                email="h.kowalczyk@stbrigids.example",
                how_met="Career centre's health professions evening",
                notes="Goes by Dr. Kowalczyk at work; said Helen is fine by email.",
            ),
        )
        samuel = _add(
            session,
            Contact(
                name="Samuel Adeyemi",
                role="Emergency department pharmacist",
                how_met="University alumni directory",
                notes="Finished his hospital residency last year.",
            ),
        )

        # Done two months ago: a transit data scientist. Next contact still to come.
        jonas_end = now - timedelta(days=64, hours=2)
        jonas_interview = _interview(
            session,
            contact=jonas,
            organization=harbourview,
            occupation=occupation[_DATA],
            stage=Stage.DONE,
            medium=Medium.PHONE,
            start=jonas_end - timedelta(minutes=28),
            end=jonas_end,
            research_notes=(
                "Jonas maintains the ridership dashboards and led the night-bus study with "
                "Civic Data Collective. Public sector, unionised, stable hours."
            ),
            goals="See what data science looks like in government. Ask about the pace of work.",
            questions=[
                (
                    "How did you get into data work at a transit agency?",
                    "path",
                    "He studied geography, fell into GIS, and then into Python because the GIS "
                    "tools could not handle a year of GPS pings from every bus.",
                ),
                (
                    "What is a typical day like?",
                    "typical_day",
                    "Fixing the overnight data loads first thing, then a mix of requests from "
                    "planners: how many people board at this stop, what happens if we move it.",
                ),
                (
                    "What do you enjoy most, and what is hardest?",
                    "best_worst",
                    "He loves seeing a timetable change he argued for. The hardest part is "
                    "that every analysis turns political once a neighbourhood hears about it.",
                ),
                (
                    "Which trends are changing your field?",
                    "trends",
                    "Open data portals and automatic passenger counters: more data than anyone "
                    "can check, and pressure to publish it quickly.",
                ),
                (
                    "What advice would you give someone starting out?",
                    "advice",
                    "Learn SQL properly before anything fancy. And pick a public dataset about "
                    "something you care about, so the questions come naturally.",
                ),
                (
                    "Who else would you suggest I talk to?",
                    "referrals",
                    "Tomás Ferreira at Civic Data Collective, for the nonprofit side.",
                ),
            ],
            notes=[
                (420, True, "Transit data: GPS pings every 30 s, fare gates, paper logs at night."),
                (1380, False, "He offered to introduce me to Tomás. Said yes, thank you!"),
            ],
        )
        _reflect(
            session,
            jonas_interview,
            fit=2,
            most_interesting="How messy transit data is, and how much of the job is cleaning it.",
            most_helpful="Learn SQL properly first; choose a dataset I actually care about.",
            surprises="How political the work gets once a neighbourhood hears about a study.",
            still_to_learn="Whether I would enjoy the slower pace of a public agency.",
            next_steps="Talk to Tomás about nonprofit data work, to compare.",
        )
        _follow_up(
            session,
            jonas_interview,
            text=(
                "Hi Jonas, thanks so much for the call on Thursday. I had no idea a single bus "
                "sends a position every thirty seconds, and your advice to learn SQL properly "
                "before anything fancy is now at the top of my list. Thank you too for the "
                "introduction to Tomás. I'll let you know how it goes. Best, Alex"
            ),
            sent=jonas_end + timedelta(hours=18),
            next_contact=today + timedelta(days=26),
        )

        # Done three weeks ago: the UX researcher who referred Marcus. Next contact overdue.
        priya_end = now - timedelta(days=23, hours=3)
        priya_interview = _interview(
            session,
            contact=priya,
            organization=lumen,
            occupation=occupation[_UX],
            stage=Stage.DONE,
            medium=Medium.VIDEO,
            start=priya_end - timedelta(minutes=31),
            end=priya_end,
            research_notes=(
                "Priya's meetup talk was about testing the Lumen app with older patients who "
                "dislike apps: short sessions, large print, a family member in the room."
            ),
            goals=(
                "Learn what a research week actually looks like. Find out whether a psychology "
                "degree is enough. Ask for one more person to talk to, ideally on a product team."
            ),
            questions=[
                (
                    "What does a typical week look like for you?",
                    "typical_day",
                    "Mondays are planning with product and design. Two or three days a week she "
                    "runs sessions, about five interviews or usability tests, and the rest is "
                    "synthesis: tagging transcripts and writing the readout. Synthesis takes "
                    "roughly two hours for every hour of talking.",
                ),
                (
                    "What do you enjoy most, and what wears you down?",
                    "best_worst",
                    "Best: watching a team change its mind because of something a patient said. "
                    "Worst: research that arrives too late to matter, when the design is built "
                    "and people only want a thumbs up.",
                ),
                (
                    "How did you prepare for this role?",
                    "preparation",
                    "A psychology degree, a year as a research assistant, and three small studies "
                    "she did on her own. No bootcamp. Interviewing well and writing clearly "
                    "mattered more than any certificate.",
                ),
                (
                    "Which personal qualities matter most in this work?",
                    "qualities",
                    "Curiosity that outlasts the first answer, comfort with silence, and being "
                    "able to deliver news people do not want to hear, kindly.",
                ),
                (
                    "What salary range is realistic at entry level?",
                    "salary",
                    "Junior researchers here start somewhere between 65 and 80 thousand; more at "
                    "big tech, less at agencies. Health companies sit in between but are steadier.",
                ),
                (
                    "What trends are changing UX research?",
                    "trends",
                    "AI tools that transcribe and tag sessions. Useful, she says, but they flatten "
                    "the odd, surprising moments that matter most. Also more research operations "
                    "roles, and designers running their own light testing.",
                ),
                (
                    "What would you advise someone coming from psychology?",
                    "advice",
                    "Run a small study now instead of waiting for permission. Pick a public "
                    "service you use, interview five people, and write it up in two pages that "
                    "lead with what you would change.",
                ),
                (
                    "Who else would you suggest I talk to?",
                    "referrals",
                    "Marcus Oyelaran at Fernhill, who hires junior researchers, and Dana "
                    "Whitfield, a service designer at the city.",
                ),
            ],
            notes=[
                (300, True, "“Synthesis takes twice as long as the sessions.” Plan for it."),
                (1260, False, "She offered to read my case study. Send something finished."),
                (1710, True, "Assignment: five interviews about the library app, two pages."),
            ],
        )
        _reflect(
            session,
            priya_interview,
            fit=4,
            most_interesting="How much of the job is writing and persuading, not interviewing.",
            most_helpful="The concrete assignment: five interviews, written up in two pages.",
            surprises="No bootcamp. She thinks most of them teach tools rather than judgement.",
            still_to_learn="How research works inside a product team compared with an agency.",
            next_steps="Do the library-app study, send it to Priya, and book a call with Marcus.",
        )
        _follow_up(
            session,
            priya_interview,
            text=(
                "Hi Priya, thank you for such a generous half hour. Your point that research "
                "arriving late is worse than none has stayed with me, and I have started the "
                "small study you suggested, on how people renew library books online. I will "
                "send you the two-page write-up when it is done. Thank you as well for "
                "introducing me to Marcus. Warm regards, Alex"
            ),
            sent=priya_end + timedelta(hours=20),
            next_contact=today - timedelta(days=4),
        )

        # Tomorrow: Marcus, referred by Priya. Questions ready, nothing asked yet.
        marcus_interview = _interview(
            session,
            contact=marcus,
            organization=fernhill,
            occupation=occupation[_UX],
            stage=Stage.QUESTIONS,
            medium=Medium.VIDEO,
            scheduled=tomorrow_afternoon,
            created=priya_end + timedelta(days=2),
            research_notes=(
                "Marcus built Fernhill's research team two years ago. Priya says he cares about "
                "how people write up findings, not how polished the slides look."
            ),
            goals=(
                "Understand what he looks for in a junior hire. Ask for one honest critique of "
                "the library study. Learn how research and data science share work."
            ),
            questions=[
                ("How did you come to build a research team from scratch?", "path", ""),
                ("What do you look for when you hire a junior researcher?", "qualities", ""),
                ("What do new researchers usually get wrong in their first year?", "insights", ""),
                ("Would you be willing to look at a two-page study I did?", "assignments", ""),
                ("How do research and data science work together at Fernhill?", "organization", ""),
                ("Is there anyone else you think I should speak with?", "referrals", ""),
            ],
            must_ask=(1, 3),
        )
        _referral(
            session,
            priya_interview,
            name="Marcus Oyelaran",
            context="Leads research at Fernhill and hires juniors; Priya emailed an intro.",
            contact=marcus,
            planned=marcus_interview,
        )
        _referral(
            session,
            priya_interview,
            name="Dana Whitfield",
            context="Service designer at the city; worked with Priya on the transit card.",
        )

        # Today, in progress: Tomás, referred by Jonas. Three questions asked so far.
        tomas_start = now - timedelta(minutes=10)
        tomas_interview = _interview(
            session,
            contact=tomas,
            organization=civic,
            occupation=occupation[_DATA],
            stage=Stage.LIVE,
            medium=Medium.VIDEO,
            scheduled=max(now - timedelta(minutes=12), midnight),
            start=tomas_start,
            created=jonas_end + timedelta(days=3),
            research_notes=(
                "Tomás taught maths for six years before moving into data. Civic Data "
                "Collective publishes its project write-ups; the food bank one is his."
            ),
            goals="Compare nonprofit data work with Jonas's agency. Which skills come first?",
            questions=[
                (
                    "How did you move from teaching into data science?",
                    "path",
                    "Taught himself Python in the evenings and volunteered to clean up a food "
                    "bank's delivery data. That project got him his first paid role.",
                ),
                (
                    "What is a typical day like?",
                    "typical_day",
                    "Mornings cleaning and joining data that cities send in every possible shape. "
                    "Afternoons on calls working out what question they are really asking. "
                    "Maybe one day a week of actual modelling.",
                ),
                (
                    "What do you enjoy most, and what is hardest?",
                    "best_worst",
                    "Best: a late-night bus route changed because of his analysis. Hardest: grant "
                    "cycles, and how often a project stops when the funding does.",
                ),
                (
                    "Which should I build first: statistics, programming or domain knowledge?",
                    "preparation",
                    "",
                ),
                ("How are AI tools changing the work at a small nonprofit?", "trends", ""),
                ("Which courses or communities helped you most?", "resources", ""),
                ("How do nonprofit salaries compare with the private sector?", "salary", ""),
                ("Who else would you suggest I talk to?", "referrals", ""),
            ],
            asked_at=(45, 260, 470),
            notes=[
                (150, True, "Teacher to data: explaining simply is his superpower. Mine too?"),
                (400, False, "Look up the food bank write-up on their site."),
            ],
            must_ask=(3, 7),
        )
        _referral(
            session,
            jonas_interview,
            name="Tomás Ferreira",
            context="Data scientist at Civic Data Collective; worked with Jonas on night buses.",
            contact=tomas,
            planned=tomas_interview,
        )

        # Two days ago: Grace at Fernhill; the reflection is half written.
        grace_end = now - timedelta(days=2, hours=1)
        grace_interview = _interview(
            session,
            contact=grace,
            organization=fernhill,
            occupation=occupation[_DATA],
            stage=Stage.REFLECT,
            medium=Medium.IN_PERSON,
            start=grace_end - timedelta(minutes=34),
            end=grace_end,
            research_notes="Grace maintains Fernhill's no-show prediction model for clinics.",
            goals="Hear what data science inside a software company is like day to day.",
            questions=[
                (
                    "What is a typical day like?",
                    "typical_day",
                    "Stand-up at half past nine, then mostly SQL and notebooks. She looks after "
                    "the no-show model clinics use to double-book slots, and spends a surprising "
                    "share of time checking that it has not drifted.",
                ),
                (
                    "What do you enjoy most, and what do you like least?",
                    "best_worst",
                    "Best: a physio clinic told them no-shows fell by a fifth. Least: explaining "
                    "again why a model can never be right every time.",
                ),
                (
                    "How did you prepare for this career?",
                    "preparation",
                    "A master's in physics, then a twelve-week machine learning course. She says "
                    "statistics was the real foundation, not the course.",
                ),
                (
                    "What trends do you see coming?",
                    "trends",
                    "Everyone wants generative AI features; much of her time goes into asking "
                    "what data they actually have and whether it is fit for that.",
                ),
                (
                    "What do you know now that you wish you had known at the start?",
                    "insights",
                    "Data work is mostly about the questions people ask. The best data scientists "
                    "she knows keep asking: what decision will this change?",
                ),
                (
                    "Which resources would you recommend?",
                    "resources",
                    "An Introduction to Statistical Learning (free online), the local Python "
                    "meetup, and Kaggle for practice only, not as a portfolio.",
                ),
                (
                    "Is there a small project I could try?",
                    "assignments",
                    "Take a city dataset, ask one question a council member would care about, "
                    "and answer it in a short notebook with a plain-language summary.",
                ),
            ],
            notes=[
                (200, True, "No-show model lets clinics double-book: is that fair to patients?"),
                (900, False, "Statistics over certificates."),
            ],
        )
        _reflect(
            session,
            grace_interview,
            fit=3,
            most_interesting="The model she is proudest of is a plain logistic regression.",
            surprises="How little of her week is modelling: maybe a fifth.",
        )

        # Five hours ago: Helen at St. Brigid's. Thank-you drafted but not sent yet.
        helen_end = now - timedelta(hours=5)
        helen_interview = _interview(
            session,
            contact=helen,
            organization=brigid,
            occupation=occupation[_PHARMACY],
            stage=Stage.FOLLOW_UP,
            medium=Medium.IN_PERSON,
            scheduled=helen_end - timedelta(minutes=45),
            start=helen_end - timedelta(minutes=40),
            end=helen_end,
            research_notes=(
                "Helen works on the internal medicine wards and supervises pharmacy "
                "residents. The hospital's residency takes four people a year."
            ),
            goals="Find out what hospital pharmacy is like beyond dispensing, and how to get in.",
            questions=[
                (
                    "What is a typical day like?",
                    "typical_day",
                    "Rounds with the medicine team at eight, then reviewing charts for "
                    "interactions and kidney dosing. Afternoons: discharge counselling, nurses' "
                    "questions, and at least one call about a drug shortage.",
                ),
                (
                    "What are the best and worst parts of the job?",
                    "best_worst",
                    "Best: catching a dangerous interaction before it reaches a patient. Worst: "
                    "shortages of ordinary drugs, and the phone calls they bring.",
                ),
                (
                    "How did you prepare, and what training matters most now?",
                    "preparation",
                    "A four-year pharmacy degree, then a one-year hospital residency. The "
                    "residency is what opens hospital doors these days.",
                ),
                (
                    "What personal qualities help most?",
                    "qualities",
                    "Precision under interruption. She is paged mid-calculation all day and has "
                    "to pick up exactly where she left off.",
                ),
                (
                    "What salary can someone expect?",
                    "salary",
                    "The residency pays modestly. Staff hospital pharmacists here start near "
                    "100 thousand, with night and weekend shifts on top.",
                ),
                (
                    "What trends are changing hospital pharmacy?",
                    "trends",
                    "Pharmacists prescribing more under shared-care agreements, automated "
                    "dispensing cabinets, and constant shortages of basic medicines.",
                ),
                (
                    "What advice would you give me?",
                    "advice",
                    "Shadow a hospital pharmacist for a whole shift before applying. Community "
                    "pharmacy is a very different job.",
                ),
                (
                    "Who else should I talk to?",
                    "referrals",
                    "Ruth Okafor in oncology pharmacy, and the residency coordinator.",
                ),
            ],
            notes=[
                (600, True, "Shadowing day possible in January; she will ask her manager."),
                (
                    1400,
                    False,
                    "Kidney dosing came up three times. Read up on renal dose adjustment.",
                ),
            ],
        )
        _reflect(
            session,
            helen_interview,
            fit=3,
            most_interesting="How much of her day is teaching: nurses, residents, patients.",
            most_helpful="A shadowing day; and that hospital and community pharmacy differ.",
            surprises="She works nights one week in six. I assumed office hours.",
            still_to_learn="Whether I want four more years of chemistry-heavy study.",
            next_steps="Send the thank-you today. Ask about the shadowing date in two weeks.",
        )
        _follow_up(
            session,
            helen_interview,
            text=(
                "Dear Helen, thank you for making time between rounds today. Seeing how much "
                "of your work is teaching (nurses, residents and patients on their way home) "
                "changed how I picture the job. I would be very glad to shadow a shift if your "
                "manager agrees, and I will check back in a couple of weeks. With thanks, Alex"
            ),
            sent=None,
            next_contact=today + timedelta(days=14),
        )
        _referral(
            session,
            helen_interview,
            name="Ruth Okafor",
            context="Oncology pharmacist at St. Brigid's; prepares chemotherapy doses.",
        )
        _referral(
            session,
            helen_interview,
            name="Residency coordinator",
            context="Runs the pharmacy residency open day each spring.",
        )

        # Research: Samuel, not yet scheduled.
        _interview(
            session,
            contact=samuel,
            organization=riverside,
            occupation=occupation[_PHARMACY],
            stage=Stage.RESEARCH,
            medium=Medium.PHONE,
            created=now - timedelta(days=1),
            research_notes=(
                "Samuel finished his residency last year and now works evenings in the "
                "emergency department pharmacy. He wrote a short piece on the hospital blog "
                "about medication reconciliation in the ER."
            ),
            goals="Hear from someone who just went through residency applications.",
            questions=[],
        )


def _add(session: Session, row: Any) -> int:
    session.add(row)
    session.flush()
    return int(row.id)


def _occupation_id(session: Session, name: str) -> int:
    existing = session.exec(select(Occupation).where(Occupation.name == name)).first()
    if existing is not None and existing.id is not None:
        return existing.id
    return _add(session, Occupation(name=name))


def _interview(
    session: Session,
    *,
    contact: int,
    organization: int,
    occupation: int,
    stage: Stage,
    medium: Medium,
    research_notes: str,
    goals: str,
    questions: Sequence[_QA],
    scheduled: datetime | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    created: datetime | None = None,
    asked_at: Sequence[int] | None = None,
    notes: Sequence[tuple[int, bool, str]] = (),
    must_ask: Sequence[int] = (),
) -> int:
    """Add one interview with its questions (answered ones marked asked) and notes."""
    scheduled = scheduled or (start - timedelta(minutes=2) if start else None)
    created = created or ((scheduled or utcnow()) - timedelta(days=9))
    interview = _add(
        session,
        Interview(
            contact_id=contact,
            organization_id=organization,
            occupation_id=occupation,
            scheduled_at=scheduled,
            medium=medium,
            planned_minutes=30,
            research_notes=research_notes,
            goals=goals,
            started_at=start,
            ended_at=end,
            stage=stage,
            created_at=created,
            updated_at=end or start or created,
        ),
    )
    length = int((end - start).total_seconds()) if start and end else 1800
    answered = [index for index, (_, _, answer) in enumerate(questions) if answer]
    for index, (question, category, answer) in enumerate(questions):
        seconds: int | None = None
        if answer:
            order = answered.index(index)
            seconds = (
                asked_at[order]
                if asked_at is not None
                else int(60 + order * (length - 240) / max(len(answered), 1))
            )
        session.add(
            Question(
                interview_id=interview,
                text=question,
                category=category,
                position=index,
                must_ask=index in must_ask,
                asked=bool(answer),
                asked_at_seconds=seconds,
                answer=answer,
                starred=bool(answer) and index % 4 == 1,
            )
        )
    for offset, starred, text in notes:
        session.add(
            Note(
                interview_id=interview,
                text=text,
                created_at=(start or created) + timedelta(seconds=offset),
                offset_seconds=offset,
                starred=starred,
            )
        )
    session.flush()
    return interview


def _reflect(
    session: Session,
    interview: int,
    *,
    fit: int,
    most_interesting: str = "",
    most_helpful: str = "",
    surprises: str = "",
    still_to_learn: str = "",
    next_steps: str = "",
) -> None:
    session.add(
        Reflection(
            interview_id=interview,
            fit_confidence=fit,
            most_interesting=most_interesting,
            most_helpful=most_helpful,
            surprises=surprises,
            still_to_learn=still_to_learn,
            next_steps=next_steps,
        )
    )


def _follow_up(
    session: Session, interview: int, *, text: str, sent: datetime | None, next_contact: date
) -> None:
    session.add(
        FollowUp(
            interview_id=interview,
            thank_you_text=text,
            thank_you_sent_at=sent,
            next_contact_on=next_contact,
        )
    )


def _referral(
    session: Session,
    interview: int,
    *,
    name: str,
    context: str,
    contact: int | None = None,
    planned: int | None = None,
) -> None:
    session.add(
        Referral(
            interview_id=interview,
            name=name,
            context=context,
            contact_id=contact,
            planned_interview_id=planned,
        )
    )
    session.flush()


# ---------------------------------------------------------------------------------------
# generate: many synthetic interviews for benchmarks
# ---------------------------------------------------------------------------------------

#: name, tools, tasks, the people they work with, the usual way in
# fmt: off
_OCCUPATIONS: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str, str], ...] = (
    ("UX researcher", ("interview guides", "usability tests", "survey tools"),
     ("synthesising interviews", "planning studies", "presenting findings"),
     "designers and product managers", "a psychology or anthropology degree"),
    ("Data scientist", ("SQL", "Python notebooks", "dashboards"),
     ("cleaning messy data", "building forecasts", "explaining models"),
     "analysts and managers", "a statistics or physics degree"),
    ("Hospital pharmacist", ("the dispensing system", "drug references", "order checks"),
     ("reviewing medication charts", "counselling patients", "handling shortages"),
     "nurses and doctors", "a pharmacy degree and a residency"),
    ("Product manager", ("roadmaps", "customer interviews", "analytics"),
     ("writing specs", "prioritising the backlog", "talking to customers"),
     "engineers and designers", "almost any degree plus shipping experience"),
    ("Software engineer", ("code review", "automated tests", "the cloud console"),
     ("fixing bugs", "designing services", "reviewing pull requests"),
     "other engineers", "a computer science degree or a strong portfolio"),
    ("Civil engineer", ("CAD drawings", "site inspections", "load calculations"),
     ("checking drawings", "visiting sites", "writing reports for councils"),
     "contractors and planners", "an accredited engineering degree"),
    ("Urban planner", ("zoning maps", "GIS", "public consultations"),
     ("reviewing permit applications", "running community meetings", "writing plans"),
     "councillors and residents", "a planning degree"),
    ("Occupational therapist", ("home assessments", "adaptive equipment", "care plans"),
     ("assessing clients at home", "adapting daily tasks", "writing care plans"),
     "families and physiotherapists", "a master's in occupational therapy"),
    ("Physiotherapist", ("exercise programmes", "gait analysis", "treatment notes"),
     ("assessing injuries", "coaching exercises", "tracking recovery"),
     "surgeons and coaches", "a physiotherapy degree and registration"),
    ("Speech-language pathologist", ("assessment batteries", "therapy games", "reports"),
     ("assessing children", "running therapy sessions", "training parents"),
     "teachers and parents", "a master's in speech-language pathology"),
    ("Registered nurse", ("the charting system", "medication rounds", "handover sheets"),
     ("assessing patients", "giving medications", "handing over between shifts"),
     "doctors and care aides", "a nursing degree and licence"),
    ("Clinical psychologist", ("standardised assessments", "session notes", "supervision"),
     ("assessing clients", "running therapy", "writing reports"),
     "psychiatrists and social workers", "a doctorate in clinical psychology"),
    ("Social worker", ("case files", "community referrals", "safety plans"),
     ("visiting families", "coordinating services", "writing court reports"),
     "families and community agencies", "a social work degree"),
    ("High school teacher", ("lesson plans", "the gradebook", "lab equipment"),
     ("planning lessons", "marking assignments", "meeting parents"),
     "students and other teachers", "a teaching degree"),
    ("Instructional designer", ("authoring tools", "storyboards", "the learning platform"),
     ("interviewing experts", "designing courses", "testing modules"),
     "subject-matter experts", "an education or design background"),
    ("Librarian", ("the catalogue", "research databases", "community programmes"),
     ("helping people find information", "planning events", "choosing collections"),
     "patrons and volunteers", "a master's in library science"),
    ("Archivist", ("finding aids", "digitisation scanners", "collection databases"),
     ("cataloguing collections", "helping researchers", "preserving fragile records"),
     "historians and donors", "a master's in archival studies"),
    ("Museum curator", ("collection records", "exhibition plans", "loan agreements"),
     ("researching objects", "planning exhibitions", "writing labels"),
     "conservators and educators", "a graduate degree in art history"),
    ("Journalist", ("interviews", "public records", "the editing system"),
     ("chasing sources", "checking facts", "writing to deadline"),
     "editors and photographers", "a portfolio of published work"),
    ("Technical writer", ("docs-as-code", "style guides", "screenshots"),
     ("interviewing engineers", "writing guides", "testing instructions"),
     "engineers and support staff", "strong writing samples"),
    ("Graphic designer", ("layout software", "brand guides", "print proofs"),
     ("designing layouts", "presenting concepts", "preparing files for print"),
     "clients and copywriters", "a design diploma and a portfolio"),
    ("Architect", ("building models", "planning drawings", "site visits"),
     ("designing buildings", "meeting clients", "coordinating consultants"),
     "engineers and builders", "an accredited architecture degree"),
    ("Landscape architect", ("site plans", "planting schedules", "GIS"),
     ("designing parks", "consulting communities", "reviewing construction"),
     "planners and ecologists", "a landscape architecture degree"),
    ("Environmental consultant", ("field sampling kits", "GIS", "regulatory reports"),
     ("collecting samples", "writing impact assessments", "advising clients"),
     "regulators and developers", "an environmental science degree"),
    ("Wildlife biologist", ("camera traps", "radio collars", "field notebooks"),
     ("doing field surveys", "analysing population data", "writing permits"),
     "land managers and volunteers", "a biology degree and field seasons"),
    ("Research chemist", ("spectrometers", "lab notebooks", "safety data sheets"),
     ("running experiments", "analysing results", "writing up methods"),
     "other scientists and technicians", "a chemistry PhD or master's"),
    ("Medical laboratory technologist", ("analysers", "quality controls", "the lab system"),
     ("running samples", "checking quality controls", "reporting results"),
     "doctors and nurses", "a medical laboratory science diploma"),
    ("Accountant", ("spreadsheets", "the accounting system", "audit files"),
     ("closing the books", "preparing tax returns", "advising clients"),
     "business owners and auditors", "an accounting degree and designation"),
    ("Financial analyst", ("financial models", "spreadsheets", "market data"),
     ("building models", "reviewing budgets", "presenting forecasts"),
     "managers and investors", "a finance degree"),
    ("Actuary", ("pricing models", "mortality tables", "statistical software"),
     ("pricing policies", "estimating reserves", "passing exams"),
     "underwriters and finance teams", "a maths degree and actuarial exams"),
    ("Management consultant", ("slide decks", "interviews", "spreadsheets"),
     ("interviewing clients", "analysing operations", "presenting recommendations"),
     "executives and project teams", "a business degree or MBA"),
    ("Human resources manager", ("the HR system", "policies", "interview scorecards"),
     ("resolving conflicts", "hiring", "designing policies"),
     "managers and employees", "an HR certificate and experience"),
    ("Marketing manager", ("campaign analytics", "content calendars", "customer surveys"),
     ("planning campaigns", "writing briefs", "measuring results"),
     "designers and sales teams", "a marketing or communications degree"),
    ("Policy analyst", ("briefing notes", "statistics", "consultations"),
     ("writing briefing notes", "analysing legislation", "meeting stakeholders"),
     "ministers' staff and researchers", "a public policy degree"),
    ("Paralegal", ("case files", "legal research databases", "court forms"),
     ("drafting documents", "researching case law", "preparing for hearings"),
     "lawyers and clients", "a paralegal diploma"),
    ("Mediator", ("intake interviews", "agreements", "case notes"),
     ("preparing parties", "running sessions", "drafting agreements"),
     "lawyers and families", "mediation training and accreditation"),
    ("Dietitian", ("meal plans", "nutrition software", "patient charts"),
     ("assessing patients", "planning diets", "teaching groups"),
     "doctors and food services", "a dietetics degree and internship"),
    ("Veterinarian", ("the clinic system", "diagnostic imaging", "surgical kits"),
     ("examining animals", "performing surgery", "talking with owners"),
     "vet technicians and owners", "a veterinary degree"),
    ("Electrician", ("wiring diagrams", "test meters", "the building code"),
     ("wiring new buildings", "finding faults", "passing inspections"),
     "contractors and inspectors", "an apprenticeship and licence"),
    ("Game designer", ("prototypes", "playtests", "design documents"),
     ("balancing systems", "running playtests", "writing design docs"),
     "artists and programmers", "a portfolio of small games"),
    ("Nonprofit program manager", ("grant reports", "budgets", "volunteer schedules"),
     ("running programmes", "writing grants", "supporting volunteers"),
     "funders and community members", "experience in the community"),
    ("Supply chain analyst", ("inventory systems", "spreadsheets", "supplier reports"),
     ("forecasting demand", "tracking shipments", "negotiating with suppliers"),
     "buyers and warehouses", "a business or operations degree"),
)
_FIRST_NAMES = (
    "Aaliyah", "Ahmed", "Aiko", "Alejandro", "Amara", "Ana", "Andrei", "Anika", "Arjun",
    "Beatriz", "Ben", "Bilal", "Camille", "Carlos", "Chloe", "Chidi", "Daniel", "Dara",
    "Divya", "Elena", "Elif", "Emeka", "Emma", "Farah", "Felix", "Fatima", "Gabriel", "Hana",
    "Hugo", "Ingrid", "Isaac", "Jamal", "Jana", "Jin", "João", "Julia", "Kai", "Kavya",
    "Kenji", "Lars", "Layla", "Leo", "Lina", "Lucía", "Malik", "Maren", "Mateo", "Maya",
    "Mei", "Miguel", "Mira", "Nadia", "Niamh", "Nikhil", "Noah", "Nora", "Olu", "Omar",
    "Paula", "Rafael", "Rania", "Rosa", "Ruth", "Sana", "Sofia", "Tariq", "Thea", "Tomás",
    "Uma", "Victor", "Wen", "Yara", "Yusuf", "Zoe",
)
_LAST_NAMES = (
    "Abebe", "Adeyemi", "Alvarez", "Andersen", "Bakr", "Banerjee", "Berg", "Bianchi",
    "Boateng", "Campbell", "Chen", "Costa", "Dubois", "Dlamini", "Eriksen", "Fernandes",
    "Fischer", "Gallagher", "García", "Gupta", "Haddad", "Hansen", "Ito", "Jensen", "Kaur",
    "Kim", "Kowalski", "Larsen", "Lee", "Lindqvist", "Martin", "Mbeki", "Mendes", "Morales",
    "Murphy", "Nakamura", "Novak", "Nowak", "Nguyen", "Okafor", "O'Brien", "Olsen", "Patel",
    "Petrov", "Quinn", "Rahman", "Reyes", "Rossi", "Santos", "Schmidt", "Silva", "Singh",
    "Sato", "Tanaka", "Torres", "Walsh", "Wang", "Demir", "Zhou",
)
_ORG_STEMS = (
    "Northwind", "Harbor", "Cedar", "Bluebird", "Meridian", "Granite", "Lakeside", "Summit",
    "Riverbend", "Maple", "Ironwood", "Silverline", "Brightpath", "Oakridge", "Tidewater",
    "Pinecrest", "Redwood", "Fairview", "Highland", "Westbrook", "Sterling", "Evergreen",
    "Juniper", "Kestrel", "Larkspur", "Mosaic", "Nimbus", "Orchard", "Prairie", "Quarry",
)
# fmt: on
_ORG_KINDS = (
    ("Health", "Health care"),
    ("Analytics", "Technology"),
    ("Labs", "Technology"),
    ("Regional Hospital", "Hospital"),
    ("Design Studio", "Design"),
    ("Consulting", "Professional services"),
    ("Credit Union", "Finance"),
    ("School District", "Education"),
    ("Public Library", "Public sector"),
    ("Foundation", "Nonprofit"),
    ("Engineering", "Engineering"),
    ("Media", "Media"),
)

_QUESTIONS: dict[str, tuple[str, ...]] = {
    "path": ("How did you get into this field?", "What was your path to becoming a {occ}?"),
    "typical_day": ("What is a typical day like?", "Could you walk me through a normal week?"),
    "best_worst": (
        "What do you enjoy most, and what do you like least?",
        "What are the best and the hardest parts of the job?",
    ),
    "energy": ("What gives you energy at work, and what drains it?",),
    "preparation": (
        "How did you prepare for this career?",
        "What education or training matters most to get hired?",
    ),
    "qualities": ("What personal qualities help someone do well as a {occ}?",),
    "salary": ("What salary range is realistic for someone starting out?",),
    "trends": ("What trends are changing your field?", "Where is this work heading?"),
    "insights": ("What do you know now that you wish you had known when you started?",),
    "advice": ("What advice would you give someone like me?", "What would you do in my place?"),
    "resources": ("Which books, courses or communities would you recommend?",),
    "assignments": ("Is there a small project I could try to test my interest?",),
    "referrals": ("Who else would you suggest I talk to?",),
    "organization": ("What is it like to work at {org}?",),
}

_ANSWERS: dict[str, tuple[str, ...]] = {
    "path": (
        "{first} started somewhere else entirely and drifted toward {task} almost by accident.",
        "A volunteer project involving {tool} opened the first door.",
        "It took about {years} years and two false starts before the title matched the work.",
        "A mentor at {org} pushed {first} to apply before feeling ready.",
        "Getting {cred} mattered, but the first job came through a friend of a friend.",
        "The turning point was realising how much {first} enjoyed {task2}.",
    ),
    "typical_day": (
        "Most mornings go to {task}, before the meetings start.",
        "Afternoons are usually spent with {people}.",
        "There is a lot more {tool} than people expect.",
        "No two weeks look alike, but {task2} comes up almost every day.",
        "About a third of the time goes to email and coordination.",
        "Fridays are kept free for {task} whenever possible.",
        "Interruptions are constant, so {first} blocks out quiet time in the calendar.",
    ),
    "best_worst": (
        "The best part is {task2} and seeing it make a difference.",
        "The hardest part is the paperwork around {tool}.",
        "Working with {people} is the highlight of most weeks.",
        "Deadlines cluster at the end of each quarter and the work can feel relentless.",
        "What wears {first} down is explaining the same thing over and over.",
        "The variety keeps it interesting even after {years} years.",
    ),
    "energy": (
        "Solving a messy problem with {people} gives {first} energy.",
        "Long stretches of {task} without feedback drain it.",
        "Small wins, written down at the end of the week, help a lot.",
        "Meetings without a decision at the end are the worst drain.",
    ),
    "preparation": (
        "Employers mostly look for {cred}.",
        "Practical experience with {tool} counted for more than grades.",
        "A placement during school was where the real learning happened.",
        "Online courses helped, but only together with real projects.",
        "{first} wishes there had been more training in {task2} early on.",
    ),
    "qualities": (
        "Patience, and curiosity that lasts past the first answer.",
        "Being organised enough to juggle {task} with everything else.",
        "Calm under pressure matters more than brilliance.",
        "You need to be comfortable explaining your work to {people}.",
        "Attention to detail, because small mistakes in {tool} get expensive.",
    ),
    "salary": (
        "Starting salaries around here are roughly {low} to {high} thousand.",
        "Pay grows with experience, and specialists earn noticeably more.",
        "The public sector pays a little less but with better benefits and hours.",
        "Overtime and on-call shifts can add a fair amount on top.",
    ),
    "trends": (
        "Automation is taking over routine parts of {task}.",
        "AI tools are changing how people use {tool}, not always for the better.",
        "There is more demand for people who can work with {people}.",
        "Budgets are tight, so teams are expected to do more with less.",
        "Regulation is catching up, and that is creating new roles.",
    ),
    "insights": (
        "Relationships matter more than technical skill after the first few years.",
        "Nobody expects you to know everything; they expect you to ask.",
        "{first} wishes someone had said earlier that {task2} is a skill you can practise.",
        "Writing clearly turned out to be the most underrated part of the job.",
    ),
    "advice": (
        "Talk to as many {people} as you can before committing.",
        "Get hands-on with {tool} now, even on a small personal project.",
        "Don't wait to feel ready: apply for the stretch roles too.",
        "Keep a simple record of what you learn from every conversation.",
        "Volunteering is a good way to try {task} without a big commitment.",
    ),
    "resources": (
        "The professional association runs a mentoring programme worth joining.",
        "A local meetup is the easiest way to meet working {occ}s.",
        "{first} recommends a few podcasts and one classic book on {task}.",
        "The free introductory course from the association is a good start.",
    ),
    "assignments": (
        "Try a weekend project using {tool} and write up what you learned.",
        "Shadow someone for a day and pay attention to {task}.",
        "Pick a real problem from your own life and approach it the way a {occ} would.",
        "Write a one-page summary of a recent change in the field and share it.",
    ),
    "referrals": (
        "{first} suggested a former colleague who moved into management.",
        "A classmate now working at another {sector} organisation would be worth a call.",
        "The person who runs the local association chapter knows everyone.",
    ),
    "organization": (
        "{org} is small enough that everyone knows each other.",
        "The culture is collaborative, though decisions can be slow.",
        "There is real support for training, including time off for courses.",
        "Teams at {org} are stretched, but people look out for each other.",
    ),
}

_NOTES = (
    "Mentioned {tool} more than once; worth learning the basics.",
    "Ask about {task2} next time.",
    "{first} lit up talking about {task}.",
    "Follow up: send the article we discussed.",
    "Good question to reuse: what decision does your work change?",
    "Surprised how much of the job involves {people}.",
    "Write down the two courses {first} named.",
    "{org} might have a summer placement.",
)
_REFLECTIONS = {
    "most_interesting": (
        "How much of the job is {task}.",
        "The way {first} talked about working with {people}.",
        "That {tool} is only a small part of the work.",
    ),
    "most_helpful": (
        "The concrete advice to practise {task2}.",
        "Hearing an honest salary range.",
        "The suggestion to volunteer before committing.",
    ),
    "surprises": (
        "How little time goes into {task}.",
        "How much writing the job involves.",
        "That {cred} matters less than experience.",
    ),
    "still_to_learn": (
        "What the first two years are really like.",
        "Whether I would enjoy {task} every day.",
        "How people move up from junior roles.",
    ),
    "next_steps": (
        "Send a thank-you and try the suggested project.",
        "Look into {cred} and talk to one more {occ}.",
        "Contact the person {first} suggested.",
    ),
}
_THANKS = (
    "Dear {first}, thank you for taking the time to talk with me about your work as a {occ} "
    "at {org}. What you said about {task} was especially helpful, and I am going to try "
    "the project you suggested. I will let you know how it goes."
)
_GOALS = (
    "Understand what {task} looks like day to day.",
    "Find out whether {cred} is really needed.",
    "Ask for one more person to talk to.",
    "Learn how {people} shape the work.",
)


def generate(engine: Engine, count: int, seed: int = 0, *, now: datetime | None = None) -> None:
    """Add `count` synthetic interviews spread over three years before `now`, for benchmarks.

    The same `seed` always gives the same texts (and, with the same `now`, the same rows).
    Rows are written with bulk inserts in a few transactions; the FTS triggers index them.
    """
    if count <= 0:
        return
    rng = random.Random(seed)
    now = now or utcnow()
    with writing(engine) as session:
        occupation_ids = [_occupation_id(session, spec[0]) for spec in _OCCUPATIONS]
        next_id = {table: _next_id(session, table) for table in _BULK_TABLES}
        organizations = _organizations(rng, next_id[Organization], now)
        session.execute(insert(Organization), organizations)
    batch = _Batch(next_id)
    for start in range(0, count, 2500):
        for _ in range(start, min(start + 2500, count)):
            _synthetic_interview(rng, now, batch, occupation_ids, organizations)
        with writing(engine) as session:
            batch.flush(session)


def _organizations(rng: random.Random, first_id: int, now: datetime) -> list[dict[str, Any]]:
    names = [(stem, kind) for stem in _ORG_STEMS for kind in _ORG_KINDS]
    chosen = rng.sample(names, 300)
    rows = []
    for offset, (stem, (suffix, sector)) in enumerate(chosen):
        rows.append(
            {
                "id": first_id + offset,
                "name": f"{stem} {suffix}",
                "sector": sector,
                "website": f"https://{stem.lower()}-{suffix.split()[0].lower()}.example",
                "research_notes": (
                    f"{stem} {suffix} employs about {rng.choice((40, 120, 300, 900, 2500))} "
                    f"people. {rng.choice(('Growing fast.', 'Stable and unionised.', 'Recently restructured.', 'Well known for training juniors.'))}"  # noqa: E501
                ),
                "created_at": now - timedelta(days=1100),
                "updated_at": now - timedelta(days=1100),
            }
        )
    return rows


#: Tables `generate` writes, each with explicit ids after the highest one already there.
_BULK_TABLES: tuple[Any, ...] = (
    Organization,
    Contact,
    Interview,
    Question,
    Note,
    Reflection,
    FollowUp,
    Referral,
)


def _next_id(session: Session, table: Any) -> int:
    highest = session.scalar(sa.select(func.max(table.__table__.c.id)))
    return int(highest or 0) + 1


class _Batch:
    """Rows waiting for one bulk insert, with the next free id of each table."""

    def __init__(self, next_id: dict[Any, int]) -> None:
        self.next_id = next_id
        self.rows: dict[Any, list[dict[str, Any]]] = {table: [] for table in _BULK_TABLES}

    def add(self, table: Any, row: dict[str, Any]) -> int:
        row["id"] = self.next_id[table]
        self.next_id[table] += 1
        self.rows[table].append(row)
        return int(row["id"])

    def flush(self, session: Session) -> None:
        for table, rows in self.rows.items():
            if rows:
                session.execute(insert(table), rows)
                rows.clear()


def _fill(
    rng: random.Random, templates: Sequence[str], words: dict[str, str], low: int, high: int
) -> str:
    """Join randomly chosen templates until the text is between `low` and `high` words."""
    target = rng.randint(low, high)
    picked: list[str] = []
    total = 0
    for template in rng.sample(list(templates), len(templates)):
        sentence = template.format(**words)
        length = len(sentence.split())
        if total + length > high and total >= low:
            break
        picked.append(sentence)
        total += length
        if total >= target:
            break
    return " ".join(picked)


def _synthetic_interview(
    rng: random.Random,
    now: datetime,
    batch: _Batch,
    occupation_ids: Sequence[int],
    organizations: Sequence[dict[str, Any]],
) -> None:
    which = rng.randrange(len(_OCCUPATIONS))
    name, tools, tasks, people, credential = _OCCUPATIONS[which]
    organization = rng.choice(organizations)
    first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
    task, task2 = rng.sample(tasks, 2)
    low = rng.randrange(40, 75, 5)
    words = {
        "first": first,
        "occ": name.lower(),
        "org": organization["name"],
        "sector": organization["sector"].lower(),
        "tool": rng.choice(tools),
        "task": task,
        "task2": task2,
        "people": people,
        "cred": credential,
        "years": str(rng.randint(3, 25)),
        "low": str(low),
        "high": str(low + rng.randrange(10, 30, 5)),
    }
    # 2% are still ahead (research or questions); the rest spread over three years.
    if rng.random() < 0.02:
        scheduled = now + timedelta(minutes=rng.randint(60, 21 * 24 * 60))
        stage = rng.choice((Stage.RESEARCH, Stage.QUESTIONS))
    else:
        scheduled = now - timedelta(minutes=rng.randint(60, 3 * 365 * 24 * 60))
        roll = rng.random()
        stage = Stage.DONE if roll < 0.8 else Stage.FOLLOW_UP if roll < 0.92 else Stage.REFLECT
    happened = stage in (Stage.REFLECT, Stage.FOLLOW_UP, Stage.DONE)
    created = scheduled - timedelta(days=rng.randint(3, 30))
    minutes = rng.choice((20, 25, 30, 30, 45))
    start = scheduled + timedelta(minutes=rng.randint(0, 5)) if happened else None
    end = start + timedelta(minutes=minutes + rng.randint(-5, 10)) if start else None

    contact = batch.add(
        Contact,
        {
            "uuid": str(uuid_module.UUID(int=rng.getrandbits(128), version=4)),
            "name": f"{first} {last}",
            "role": rng.choice(("", "Senior ", "Lead ", "Junior ")) + name.lower(),
            "email": f"{first.lower()}.{last.lower().replace(chr(39), '')}@example.org",
            "phone": "",
            "profile_url": "",
            "how_met": rng.choice(
                (
                    "Alumni directory",
                    "Career fair",
                    "A friend's introduction",
                    "Professional association event",
                    "Cold email",
                )
            ),
            "referred_by_id": None,
            "notes": rng.choice(("", "", f"Prefers email. Based near {organization['name']}.")),
            "created_at": created,
            "updated_at": created,
        },
    )
    interview = batch.add(
        Interview,
        {
            "uuid": str(uuid_module.UUID(int=rng.getrandbits(128), version=4)),
            "contact_id": contact,
            "organization_id": organization["id"],
            "occupation_id": occupation_ids[which],
            "scheduled_at": scheduled,
            "medium": rng.choice((Medium.VIDEO, Medium.VIDEO, Medium.PHONE, Medium.IN_PERSON)),
            "planned_minutes": minutes,
            "research_notes": f"{first} works as a {name.lower()} at {organization['name']}. "
            + _fill(rng, _ANSWERS["path"] + _ANSWERS["organization"], words, 10, 30),
            "goals": _fill(rng, _GOALS, words, 8, 25),
            "started_at": start,
            "ended_at": end,
            "stage": stage,
            "created_at": created,
            "updated_at": end or created,
        },
    )

    always = ("typical_day", "advice", "referrals")
    categories = [*always, *rng.sample([key for key in _QUESTIONS if key not in always], 5)]
    rng.shuffle(categories)
    elapsed = rng.randint(30, 120)
    for position, category in enumerate(categories):
        asked = happened and rng.random() < 0.9
        answer = _fill(rng, _ANSWERS[category], words, 10, 60) if asked else ""
        batch.add(
            Question,
            {
                "interview_id": interview,
                "text": rng.choice(_QUESTIONS[category]).format(**words),
                "category": category,
                "position": position,
                "must_ask": position < 2,
                "asked": asked,
                "asked_at_seconds": elapsed if asked else None,
                "skipped": happened and not asked,
                "answer": answer,
                "starred": asked and rng.random() < 0.15,
                "estimate_minutes": 2.0,
                "bank_key": None,
                "updated_at": end or created,
            },
        )
        if asked:
            elapsed += rng.randint(90, 240)
    if not happened or start is None or end is None:
        return
    for offset in sorted(rng.sample(range(60, minutes * 60), 2)):
        batch.add(
            Note,
            {
                "interview_id": interview,
                "text": _fill(rng, _NOTES, words, 5, 25),
                "created_at": start + timedelta(seconds=offset),
                "offset_seconds": offset,
                "starred": rng.random() < 0.25,
            },
        )
    reflection: dict[str, Any] = {
        "interview_id": interview,
        "fit_confidence": rng.randint(1, 5),
        "updated_at": end + timedelta(hours=rng.randint(1, 48)),
    }
    for key, templates in _REFLECTIONS.items():
        reflection[key] = _fill(rng, templates, words, 4, 20)
    batch.add(Reflection, reflection)
    if stage in (Stage.FOLLOW_UP, Stage.DONE):
        done = stage is Stage.DONE
        batch.add(
            FollowUp,
            {
                "interview_id": interview,
                "thank_you_text": _THANKS.format(**words),
                "thank_you_sent_at": end + timedelta(hours=rng.randint(2, 40)) if done else None,
                "next_contact_on": (end + timedelta(days=rng.randint(14, 120))).date(),
                "updated_at": end + timedelta(hours=rng.randint(2, 40)),
            },
        )
        if rng.random() < 0.3:
            batch.add(
                Referral,
                {
                    "interview_id": interview,
                    "name": f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}",
                    "context": _fill(rng, _ANSWERS["referrals"], words, 5, 20),
                    "contact_id": None,
                    "planned_interview_id": None,
                    "created_at": end,
                },
            )
