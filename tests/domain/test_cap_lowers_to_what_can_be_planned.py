"""A cap on office time lowers the minimum to what can be planned within it, in half days:
otherwise a part-timer whose cap equals the minimum would be in conflict whatever is planned."""

from datetime import date, timedelta
from fractions import Fraction

from deskplan.domain.conflicts import RuleId
from deskplan.domain.model import Adjustment, AdjustmentKind, Cell, Person, Status, WorkingPattern
from deskplan.domain.plan import Plan
from deskplan.domain.policy import Policy, Rule
from deskplan.domain.rota import Rota

MON = date(2025, 1, 6)
ANN = Person("A", "Ann", category="support", pattern=WorkingPattern.from_days([0, 1, 2],
                                                                               [27000]))
POLICY = Policy((Rule(Fraction(3, 5), category="support"),))
CAP = Adjustment("A", AdjustmentKind.MAX_SHARE, MON, share=Fraction(3, 5), reference="FW-1")


def judged(*cells: Cell) -> tuple[set[RuleId], object]:
    rota = Rota(["A"])
    for offset, cell in enumerate(cells):
        rota.set_cell("A", MON + timedelta(days=offset), cell)
    checker = Plan([ANN], rota, POLICY, [CAP]).checker(MON, MON)
    rules = {c.rule for c in checker.conflicts if c.staff_id == "A"}
    return rules, checker.verdicts()["A"][0]


def test_a_cap_equal_to_the_minimum_can_be_kept_with_a_half_day():
    # 60% of three 7.5 h days is 13.5 h both ways; halves are 3.75 h, so 11.25 h is the most
    # that fits under the cap, and it meets the lowered minimum.
    rules, verdict = judged(Cell.whole(Status.OFFICE), Cell(Status.OFFICE, Status.HOME),
                            Cell.whole(Status.HOME))
    assert rules == set()
    assert (verdict.required, verdict.most) == (Fraction(45, 4), Fraction(27, 2))


def test_above_the_cap_is_the_one_conflict_and_below_the_plannable_minimum_the_other():
    rules, _ = judged(Cell.whole(Status.OFFICE), Cell.whole(Status.OFFICE),
                      Cell.whole(Status.HOME))
    assert rules == {RuleId.ABOVE_MAXIMUM}
    rules, _ = judged(Cell.whole(Status.OFFICE), Cell.whole(Status.HOME),
                      Cell.whole(Status.HOME))
    assert rules == {RuleId.BELOW_MINIMUM}
