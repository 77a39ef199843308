"""People: an organisation administrator's pages for the organisation's people and their roles, and the page
on which a new person sets their password. Writes go through faircase.accounts.services."""
