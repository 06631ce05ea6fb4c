"""The rules, one module per family; importing this package registers them all."""

from . import dates, hierarchy, money, text, units, values, weights

__all__ = ["dates", "hierarchy", "money", "text", "units", "values", "weights"]
