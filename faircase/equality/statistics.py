"""The arithmetic of disproportionality: rates, relative likelihood, its interval, flags, funnel limits and the
suppression of small numbers. Pure Python (no Django), so every figure can be checked by hand; the method is
written down in docs/adr/0008-equality-statistics.md.

- rate = entrants / headcount. Rates and ratios are exact fractions, so a ratio of exactly 1.25 is `within`.
- relative likelihood (RL) = rate of the group / rate of the reference group (WRES indicator 3).
- 95% confidence interval, log method: SE(ln RL) = sqrt(1/a - 1/n1 + 1/c - 1/n2), where a of n1 in the group
  and c of n2 in the reference group entered; the interval is exp(ln RL -/+ 1.96 SE).
- flag: `reference`, `not_compared` (not stated / not known), `no_baseline` (no usable headcount for the
  group or the reference group), `too_few` (fewer than 5 entrants in the group or the reference group: no
  ratio and no interval), else `above` (RL over 1.25), `below` (under 0.80) or `within`.
- funnel plot control limits: the normal approximation to the binomial around the overall rate p0,
  p0 -/+ z sqrt(p0 (1 - p0) / n), with z = 1.96 (95%) and 3.09 (99.8%), kept within 0 and 1.
Which counts a published report leaves out (small numbers) is decided in faircase.equality.disclosure.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from django.utils.translation import gettext as _

MINIMUM_ENTRANTS = 5  # fewer entrants than this in the group or the reference group: too few to compare
NON_ADVERSE_LOW = Fraction(4, 5)
NON_ADVERSE_HIGH = Fraction(5, 4)
Z_95 = 1.959963984540054  # two-sided 95%
Z_998 = 3.090232306167813  # two-sided 99.8%


class Flag(StrEnum):
    ABOVE = "above"
    BELOW = "below"
    WITHIN = "within"
    REFERENCE = "reference"
    TOO_FEW = "too_few"
    NOT_COMPARED = "not_compared"
    NO_BASELINE = "no_baseline"


# ---------------------------------------------------------------------------------------------------------------
# Rates and relative likelihood


def baseline_problem(entrants: int | None, headcount: int | None) -> str:
    """Why no rate can be worked out from these numbers, in plain words; empty when one can."""
    if headcount is None:
        return _("no workforce baseline for this group")
    if headcount == 0:
        return _("the workforce baseline has no one in this group")
    if entrants is not None and entrants > headcount:
        return _("more entrants than the workforce baseline holds: check the baseline")
    return ""


def rate(entrants: int | None, headcount: int | None) -> Fraction | None:
    """entrants / headcount, exactly; None when there is no usable headcount (never a division by zero)."""
    if entrants is None or baseline_problem(entrants, headcount):
        return None
    return Fraction(entrants, headcount)  # type: ignore[arg-type]


def relative_likelihood(a: int, n1: int, c: int, n2: int) -> Fraction:
    """(a / n1) / (c / n2): how many times as likely the group is to enter as the reference group."""
    if not (0 < a <= n1 and 0 < c <= n2):
        raise ValueError("a relative likelihood needs entrants in both groups and no more than the headcount")
    return Fraction(a * n2, n1 * c)


def log_interval(a: int, n1: int, c: int, n2: int, *, z: float = Z_95) -> tuple[float, float]:
    """The confidence interval of the relative likelihood by the log method."""
    ratio = relative_likelihood(a, n1, c, n2)
    se = math.sqrt(max(0.0, 1 / a - 1 / n1 + 1 / c - 1 / n2))
    centre = math.log(ratio.numerator) - math.log(ratio.denominator)
    return math.exp(centre - z * se), math.exp(centre + z * se)


def flag_for(ratio: Fraction) -> Flag:
    if ratio > NON_ADVERSE_HIGH:
        return Flag.ABOVE
    if ratio < NON_ADVERSE_LOW:
        return Flag.BELOW
    return Flag.WITHIN


@dataclass(frozen=True)
class Comparison:
    """One group against the reference group."""

    flag: Flag
    rate: Fraction | None = None
    relative_likelihood: Fraction | None = None
    ci_low: float | None = None
    ci_high: float | None = None

    @property
    def significant(self) -> bool | None:
        """Whether the 95% interval excludes 1; None when there is no interval."""
        if self.ci_low is None or self.ci_high is None:
            return None
        return self.ci_low > 1 or self.ci_high < 1


def compare(
    *,
    group: str,
    reference: str,
    entrants: int | None,
    headcount: int | None,
    reference_entrants: int | None,
    reference_headcount: int | None,
    not_compared: Iterable[str] = ("not_stated", "not_known"),
) -> Comparison:
    """The group's rate, relative likelihood, interval and flag, by the rules of issue 5."""
    own_rate = rate(entrants, headcount)
    if group == reference:
        return Comparison(flag=Flag.REFERENCE, rate=own_rate)
    if group in set(not_compared):
        return Comparison(flag=Flag.NOT_COMPARED, rate=own_rate)
    reference_rate = rate(reference_entrants, reference_headcount)
    if own_rate is None or reference_rate is None:
        return Comparison(flag=Flag.NO_BASELINE, rate=own_rate)
    a, c = entrants or 0, reference_entrants or 0
    if a < MINIMUM_ENTRANTS or c < MINIMUM_ENTRANTS:
        return Comparison(flag=Flag.TOO_FEW, rate=own_rate)
    n1, n2 = int(headcount or 0), int(reference_headcount or 0)
    ratio = relative_likelihood(a, n1, c, n2)
    low, high = log_interval(a, n1, c, n2)
    return Comparison(
        flag=flag_for(ratio), rate=own_rate, relative_likelihood=ratio, ci_low=low, ci_high=high
    )


# ---------------------------------------------------------------------------------------------------------------
# Funnel plot


class FunnelPosition(StrEnum):
    WITHIN = "within"
    ABOVE_95 = "above_95"
    ABOVE_998 = "above_998"
    BELOW_95 = "below_95"
    BELOW_998 = "below_998"


def control_limits(overall: float, headcount: int, *, z: float) -> tuple[float, float]:
    """Funnel plot limits for an organisation of this headcount: the normal approximation to the binomial
    around the overall rate, clipped to 0 and 1."""
    if headcount <= 0:
        raise ValueError("control limits need a headcount above 0")
    spread = z * math.sqrt(overall * (1 - overall) / headcount)
    return max(0.0, overall - spread), min(1.0, overall + spread)


def funnel_position(entrants: int, headcount: int, overall: float) -> FunnelPosition:
    observed = entrants / headcount
    low_998, high_998 = control_limits(overall, headcount, z=Z_998)
    low_95, high_95 = control_limits(overall, headcount, z=Z_95)
    if observed > high_998:
        return FunnelPosition.ABOVE_998
    if observed > high_95:
        return FunnelPosition.ABOVE_95
    if observed < low_998:
        return FunnelPosition.BELOW_998
    if observed < low_95:
        return FunnelPosition.BELOW_95
    return FunnelPosition.WITHIN
