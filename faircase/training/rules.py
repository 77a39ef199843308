"""Who may do what in the training space (ADR 25). Every member of an organisation's staff may learn; case
managers and administrators facilitate sessions (they lead case reviews and induct colleagues); administrators
read the organisation's training record."""

from faircase.accounts.roles import Role

FACILITATES_TRAINING = frozenset({Role.CASE_MANAGER, Role.ORG_ADMIN})
READS_TRAINING_RECORD = frozenset({Role.ORG_ADMIN})

# The facilitator sees a step's answers only once this many learners have answered it, so no answer can be
# matched to the one or two people known to have joined (the same reasoning as the surveys' minimum group), and
# only once everyone who joined has answered it (or the session has closed): a step's counts are shown in one
# state only, so two views of them can never be subtracted to give one late answer (faircase.training.selectors).
MINIMUM_GROUP = 3
