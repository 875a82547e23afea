"""The plan document (docs/plan-format.md): validate, load, export.

A plan document spans goals, indicators and costs, so this app sits above them and may
import them all. Import from the modules: ``plans.document`` (format, reading, writing),
``plans.validation``, ``plans.loading``, ``plans.exporting``.
"""
