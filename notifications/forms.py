from django import forms


class ResendForm(forms.Form):
    """Resend one message (`message`) or, without it, all problem messages the user sees."""

    message = forms.IntegerField(required=False, min_value=1)
