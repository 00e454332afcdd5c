"""The question's own network, as a learner wrote it, and the same class repaired.

- ``original``: the code re-created with its eight defects (its docstring lists them,
  each marked ``# DEFECT n`` where it sits);
- ``fixed_original``: the same class with every defect repaired, marked ``# FIX n``.

Neither is imported by ``import nnlib``: they are material to read and run, not part of
the library's route from settings to a run.
"""
