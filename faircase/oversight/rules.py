"""The oversight page's rules, in one place: the age bands of open cases and how far back the trends go."""

from dataclasses import dataclass

from django.utils.translation import gettext_noop as N_  # marked for the messages files, looked up when shown


@dataclass(frozen=True)
class AgeBand:
    label: str  # English, the key of the counts; shown through gettext
    up_to_days: int | None  # the oldest age in the band, in days since the case opened; None: no limit


# Ages of open cases, youngest first. Six months is the point MHPS asks a case to be reviewed by the board.
AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand(N_("Under 3 months"), 90),
    AgeBand(N_("3 to 6 months"), 182),
    AgeBand(N_("6 to 12 months"), 365),
    AgeBand(N_("Over 12 months"), None),
)

# The trends cover the last two years, quarter by quarter.
TREND_QUARTERS = 8


def age_band(days_open: int) -> AgeBand:
    """The band of a case open for `days_open` days (0 on the day it opened)."""
    for band in AGE_BANDS:
        if band.up_to_days is None or days_open <= band.up_to_days:
            return band
    return AGE_BANDS[-1]
