"""Pagination for the API's lists: `limit` and `offset` are bounded, so a request outside the bounds is refused
with a 422 naming the parameter (django-ninja's validation answer), never passed to the database, where a number
beyond 64 bits made a 500."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 100
# Far more rows than any one organisation holds; a client walking further is mistaken or probing.
MAX_OFFSET = 1_000_000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            MAX_LIMIT, ge=1, le=MAX_LIMIT, description=f"How many items to return: 1 to {MAX_LIMIT}."
        )
        offset: int = Field(
            0, ge=0, le=MAX_OFFSET, description=f"How many items to skip: 0 to {MAX_OFFSET:,}."
        )

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
