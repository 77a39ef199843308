"""Give each follow-up its consideration's code, link the answer that opened it to it (its history, with the plan
that answer gave), then
merge any follow-ups opened twice for the same consideration of a case, so that one stays open per consideration.

Before this, a later review's "no" or "unknown" opened a second follow-up beside the first. The earliest stays
open; the later answers join its history; each later duplicate is closed with an outcome that says where it went,
so the disclosable record keeps every answer and action that was given.
"""

from django.db import migrations

MERGED = (
    "Merged into the follow-up for {code} opened on {opened:%d %B %Y}: faircase keeps one open follow-up per "
    "consideration. The action recorded here was: {action}"
)


def forwards(apps, schema_editor):
    FollowUp = apps.get_model("framework", "FollowUp")
    ReviewAnswer = apps.get_model("framework", "ReviewAnswer")
    for follow_up in FollowUp.objects.select_related("answer__consideration").order_by("created_at", "id"):
        follow_up.code = follow_up.answer.consideration.code
        follow_up.save(update_fields=["code"])
        ReviewAnswer.objects.filter(pk=follow_up.answer_id).update(
            follow_up=follow_up,
            planned_action=follow_up.action,
            planned_owner=follow_up.owner_id,
            planned_due_on=follow_up.due_on,
        )
    kept = {}
    for follow_up in FollowUp.objects.filter(status="open").order_by("created_at", "id"):
        key = (follow_up.case_id, follow_up.code)
        first = kept.setdefault(key, follow_up)
        if first.pk == follow_up.pk:
            continue
        ReviewAnswer.objects.filter(follow_up=follow_up).update(follow_up=first)
        follow_up.status = "closed"
        follow_up.outcome = MERGED.format(code=first.code, opened=first.created_at, action=follow_up.action)
        follow_up.closed_at = follow_up.created_at
        follow_up.save(update_fields=["status", "outcome", "closed_at"])


class Migration(migrations.Migration):

    dependencies = [
        ("framework", "0003_follow_ups_with_a_life"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
