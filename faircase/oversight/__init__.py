"""Oversight of an organisation's cases, for the responsible officer, the designated board member, case managers
and auditors: open cases by stage and age, exclusions in force, overdue work, framework adherence, the published
equality figures and trends, on one page (docs/adr/0026-oversight-page.md)."""
