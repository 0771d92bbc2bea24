"""Planning: fill a rota so that it meets the policy and every arrangement, say why no plan
can, and suggest the smallest fix for a conflict.

The solver (OR-Tools CP-SAT) works on the rule engine's own facts (`deskplan.domain.facts`):
the same working time, weights, scaled shares, fixed home days, caps and sites, so the
solver's arithmetic is the checker's. Every plan it returns is judged again by the
`Checker` before anyone sees it.

Modules:
- `preferences`: standing preferences per person and a team's team days (pure data; no
  solver import, so storage and files may use it).
- `model`: the CP-SAT model of one planning question.
- `planner`: `plan_rota` (fill the rota; explain and relax when no plan meets every rule).
- `explain`: sentences a manager can act on, from the rules that clash.
- `fixes`: `suggest_fixes` for one conflict.

Nothing here imports Qt or the database; the window and the command line call these
functions and show what they return.
"""
