"""Placement tests: a visitor finds their level in a language before buying a course."""
