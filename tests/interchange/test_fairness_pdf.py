"""The "Equality impact evidence" PDF: the chart's figures, the tables, the method in words,
and nobody's name — read back as pdftotext reads it."""

from datetime import date, datetime
from fractions import Fraction

from deskplan.domain.fairness import fairness_report
from deskplan.domain.model import Person
from deskplan.domain.policy import PeriodKind, Policy, Rule
from deskplan.interchange.fairness_export import write_fairness_pdf
from tests.domain.helpers import pattern

from .export_plans import pdf_pages_text

DAYS = {5: "Mon-Fri", 4: "Mon-Thu", 3: "Mon-Wed", 2: "Mon-Tue"}


def test_the_pdf_states_the_finding_the_figures_and_the_method(tmp_path):
    people = [Person(f"{d}{i}", f"Zed Person{d}{i}", category="support",
                     pattern=pattern(DAYS[d])) for d in (5, 4, 3) for i in range(5)]
    people.append(Person("T1", "Zed Twoday", category="support", pattern=pattern("Mon-Tue")))
    saved = Policy(rules=(Rule(Fraction(4, 5), category="support"),))
    draft = Policy(rules=(Rule(Fraction(3, 5), category="support"),), period=PeriodKind.MONTH)
    report = fairness_report(people, saved, [], date(2025, 1, 6), date(2025, 12, 28),
                             draft=draft, team="Control Room")
    path = tmp_path / "fairness.pdf"
    pages = write_fairness_pdf(report, path, generated=datetime(2026, 1, 5, 9, 0))
    text = [" ".join(page.split()) for page in pdf_pages_text(path)]
    assert len(text) == pages
    everything = " ".join(text)
    for number, page in enumerate(text, start=1):
        assert "Equality impact evidence — Control Room" in page
        assert f"Page {number} of {pages}" in page
    assert "Part-time groups asked for a higher share" in everything
    assert "Saved policy — weekly, in hours" in everything
    assert "What-if draft — monthly, in hours" in everything
    assert "full-time comparator 81.9%" in everything
    assert "Full time 5 81.9% 100.0% 0.88 81.9% +0.0 pts 203/248" in everything
    assert "⚠ Part time, 2 days a week fewer than 5 100.0%" in everything  # one person
    assert "Measured other ways" in everything
    assert "rolling 12 weeks" in everything
    assert "Part-time Workers Regulations 2000" in everything  # the method, in words
    assert "Zed" not in everything  # groups only
