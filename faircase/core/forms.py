from django.core.exceptions import ValidationError
from django.forms import Form


def apply_errors(form: Form, error: ValidationError) -> str:
    """Show a service's ValidationError on the form: field errors beside their fields, others at the top (linked
    to the page that puts them right when the error says where: `links`, message -> href).
    Returns the non-field message (if any) for pages that show it separately."""
    form.error_links = {**getattr(form, "error_links", {}), **getattr(error, "links", {})}
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
        return ""
    for message in error.messages:
        form.add_error(None, message)
    return " ".join(error.messages)
