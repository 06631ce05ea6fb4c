"""The language stage: values and units, the typed models, the parser, formatter and export.

Everything a `.perf` file can say (rulesets, policies, assessments) is modelled here; every
later stage reads these models and never the grammar.
"""
