"""The pure core of deskplan: people, patterns, policies, adjustments, the rota and the rule engine.

Nothing here imports Qt, a database or a file format, so the rules can be tested, benchmarked and
reused (command line, GUI, exports) without any of them.
"""
