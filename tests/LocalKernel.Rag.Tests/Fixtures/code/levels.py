"""Water level helpers."""

import statistics


def mean_level(readings):
    """Average of the readings."""
    return statistics.mean(readings)


def is_dry(level, threshold=1.5):
    return level < threshold
