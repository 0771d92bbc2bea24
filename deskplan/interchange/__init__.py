"""Reading and writing the files managers already use: team lists, rotas, arrangements, policies.

Parsers return domain objects or raise `InputError` listing every problem with its file, row and
column; they never touch the database.
"""
