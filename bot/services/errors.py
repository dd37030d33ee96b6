"""Domain errors whose messages are safe to show the person who caused them."""


class UserError(Exception):
    """Expected, explainable failure: bad input, missing item, nothing to do."""


class NotFound(UserError):
    pass


class FieldErrors(UserError):
    """Problems with a form's fields, keyed by the service's field name ("text", "due"…).

    The Slack layer shows each one inline on the modal's block for that field
    (`bot.slack.submissions.inline`, with the field-to-block maps in `bot.slack.ids`).
    """

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems


class AboutPerson(UserError):
    """A refusal that names someone: `template` has "{who}" where their mention goes (the
    Slack layer escapes the rest and puts a mention there; `str()` shows `shown_as`)."""

    def __init__(self, template: str, *, user_id: str, shown_as: str | None = None) -> None:
        super().__init__(template.replace("{who}", shown_as or f"<@{user_id}>"))
        self.template = template
        self.user_id = user_id
