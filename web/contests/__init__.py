"""Contests: their scoreboards (``scoring``), pure functions of submissions."""
