"""The engine's foundation, imported by every other part: errors, settings, vocabulary, atomic files, code version.

Nothing here imports another ``geo`` package.
"""
